// The lesson's text: Check buttons, hints, solutions, quizzes, the step navigator, saved
// progress, and the Run and Copy of its code. It reaches the terminal only through terminal.js
// (runInTerminal, onTerminalInput) and talks to the lesson API:
//   POST /api/lessons/{slug}/steps/{n}/check  ->  {"passed", "message", "hint"}
//   POST /api/lessons/{slug}/steps/{n}/answer {"choices":[i, ...]}  ->  {"correct", "explanation", "explanationHtml"}
//   POST /api/lessons/{slug}/scripts/{stage}  ->  {"ran", "foreground"}  (a Killercoda scenario's set-up)
//   POST /api/progress/position {"lesson", "step"}  (the step on screen, for an instructor's roster)
//   GET /api/workshops/joined  ->  the learner's workshop (204: none), for its closing warning
// The page never knows a quiz's right answer: the server grades it.

import { isTerminalReady, onTerminalInput, onTerminalReady, runInTerminal } from './terminal.js';
import { copyText, flashButton } from './ui.js';
import { say } from './words.js';

const QUIET_CHECK_MS = 4000; // how often the open step is re-checked while the learner is active
const ACTIVE_MS = 90_000; // "active": typed into the terminal this recently
const FLASH_MS = 1500;
// "Run solution" waits this long before a block that presses Ctrl-C, so the command before it has
// started and the Ctrl-C stops it, instead of reaching the shell while it still reads that line.
const INTERRUPT_PAUSE_MS = 1000;

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** The 0-based indexes of a quiz form's chosen options (true-false: 0 = True, 1 = False). */
export function chosenOptions(form) {
  return [...form.querySelectorAll('input:checked')].map((input) => Number(input.value));
}

/** POSTs to the lesson API: {status, ok, body}, or null when the server could not be reached. */
async function post(url, payload) {
  const headers = { Accept: 'application/json' };
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
  } catch {
    return null;
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return { status: response.status, ok: response.ok, body };
}

/** How often an open page says where it is, besides each move to another step. */
const POSITION_EVERY_MS = 60_000;

/** Tells the server which step the page shows (an instructor's roster reads it); a failure changes nothing here. */
function reportPosition(slug, step) {
  fetch('/api/progress/position', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ lesson: slug, step: Number(step) }),
  }).catch(() => {});
}

/** How often a workshop member's page looks whether the workshop is closing. */
const WORKSHOP_EVERY_MS = 20_000;

/**
 * A learner in a workshop sees on the lesson page when it is closing: when their sandbox goes
 * (their progress stays). GET /api/workshops/joined answers 204 for a learner in none: then the
 * page never asks again.
 */
async function watchWorkshop(pane) {
  let note = null;
  const look = async () => {
    try {
      const response = await fetch('/api/workshops/joined', { headers: { Accept: 'application/json' } });
      if (response.status === 204) return false;
      if (!response.ok) return true;
      const workshop = await response.json();
      if (workshop.closingAt && !note) {
        note = document.createElement('p');
        note.className = 'notice is-warning workshop-closing';
        note.id = 'workshop-closing';
        note.setAttribute('role', 'status');
        const time = new Date(workshop.closingAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        note.textContent = say('workshopClosing', { time });
        pane.prepend(note);
      }
      return true;
    } catch {
      return true;
    }
  };
  if (await look()) setInterval(look, WORKSHOP_EVERY_MS);
}

const stepUrl = (slug, n, action) => `/api/lessons/${encodeURIComponent(slug)}/steps/${n}/${action}`;

/** Sends a quiz answer. Answers {correct, explanation, explanationHtml} or {error}. */
export async function answerQuiz(slug, n, choices) {
  const failed = say('quizError');
  const answer = await post(stepUrl(slug, n, 'answer'), { choices });
  if (!answer) return { error: failed };
  const { status, ok, body } = answer;
  if (!ok || !body || typeof body.correct !== 'boolean') return { error: body?.message || `${failed} (${status})` };
  return body;
}

/**
 * The stage a learner who reached `stage` must have announced: the last stage with something to
 * run at or before it (the server then runs every earlier one not yet run, in order), or null.
 * `order` is every stage in order (intro, 1, 2, ..., finish), `active` those with scripts.
 */
export function stageToAnnounce(stage, order, active) {
  const at = order.indexOf(String(stage));
  for (let i = at; i >= 0; i--) {
    if (active.has(order[i])) return order[i];
  }
  return null;
}

/**
 * A Killercoda scenario's set-up, run as on Killercoda: the intro's when the terminal is ready,
 * a step's when the learner reaches it (it comes on screen, the step before it passes, or its
 * check is asked for), the finish's when the last step passes or the finish's heading is in
 * the upper half of the pane. The server runs each once per sandbox and answers the foreground scripts, which are typed
 * into the terminal here.
 */
class ScenarioStages {
  #slug;
  #order;
  #active;
  #reached = new Set();
  #announced = new Map();
  #chain = Promise.resolve();

  constructor(slug, order, active) {
    this.#slug = slug;
    this.#order = order;
    this.#active = active;
  }

  /** The shell is (again) ready, maybe in a new sandbox: announce what the learner has reached. */
  restart() {
    this.#announced.clear();
    this.reach('intro');
    for (const stage of this.#reached) this.reach(stage);
  }

  /** @returns {Promise<void>} settled once the stage's set-up has run (or could not) */
  reach(stage) {
    this.#reached.add(String(stage));
    const target = stageToAnnounce(stage, this.#order, this.#active);
    if (target === null || !isTerminalReady()) return Promise.resolve();
    if (!this.#announced.has(target)) {
      const url = `/api/lessons/${encodeURIComponent(this.#slug)}/scripts/${encodeURIComponent(target)}`;
      this.#chain = this.#chain.then(async () => {
        const answer = await post(url);
        for (const script of answer?.ok ? answer.body?.foreground ?? [] : []) runInTerminal(script);
      });
      this.#announced.set(target, this.#chain);
    }
    return this.#announced.get(target);
  }
}

/** Asks the server to check step n. Answers {passed, message, hint} or {error}. */
export async function checkStep(slug, n) {
  const failed = say('checkError');
  const answer = await post(stepUrl(slug, n, 'check'));
  if (!answer) return { error: failed };
  const { status, ok, body } = answer;
  if (status === 409) return { error: say('needsSandbox') };
  if (!ok || !body || typeof body.passed !== 'boolean') return { error: body?.message || `${failed} (${status})` };
  return body;
}

class Steps {
  #slug;
  #pane;
  #sections;
  #links;
  #lastInput = 0;
  #quietBusy = false;
  #reported = null;
  #reportTimer = 0;
  #stages = null;

  constructor({ slug, pane, scripts }) {
    this.#slug = slug;
    this.#pane = pane;
    this.#sections = [...pane.querySelectorAll('section.step[data-step]')];
    this.#links = new Map([...document.querySelectorAll('#step-nav a[data-step]')].map((a) => [a.dataset.step, a]));
    if (scripts) {
      const order = ['intro', ...this.#sections.map((s) => s.dataset.step), 'finish'];
      this.#stages = new ScenarioStages(slug, order, new Set(scripts.split(/\s+/)));
      onTerminalReady(() => this.#stages.restart());
    }
  }

  /** The learner reached `stage` (a step's number, or finish): its set-up runs first. */
  #reach(stage) {
    return this.#stages ? this.#stages.reach(stage) : Promise.resolve();
  }

  start(later) {
    for (const section of this.#sections) {
      if (section.hasAttribute('data-quiz')) this.#wireQuiz(section);
      else this.#wire(section);
    }
    this.#wireCodeBlocks();
    this.#wireInlineCode();
    this.#wireNavigation(later);
    this.#watchTerminal();
    setInterval(() => this.#quietCheck(), QUIET_CHECK_MS);
    watchWorkshop(this.#pane);
  }

  #wire(section) {
    const n = section.dataset.step;
    const check = section.querySelector('.step-check');
    const result = section.querySelector('.check-result');
    check?.addEventListener('click', async () => {
      check.disabled = true;
      result.dataset.state = 'checking';
      result.textContent = say('checking');
      await this.#reach(n);
      const answer = await checkStep(this.#slug, n);
      check.disabled = false;
      this.#show(section, answer);
    });

    const show = section.querySelector('.step-show-solution');
    const solution = section.querySelector('.step-solution');
    show?.addEventListener('click', () => {
      const open = solution.hidden;
      solution.hidden = !open;
      show.setAttribute('aria-expanded', String(open));
      show.textContent = open ? say('hideSolution') : say('showSolution');
    });
    const run = section.querySelector('.step-run-solution');
    run?.addEventListener('click', async () => {
      // block by block, each Ctrl-C where its block says interrupt (a `watch` before it must stop)
      const blocks = [...solution.querySelectorAll('code')];
      let sent = blocks.length > 0;
      for (const [i, block] of blocks.entries()) {
        const interrupt = block.hasAttribute('data-interrupt');
        if (interrupt && i > 0) await pause(INTERRUPT_PAUSE_MS);
        sent = runInTerminal(block.textContent, { interrupt }) && sent;
      }
      flashButton(run, sent ? say('sent') : say('notConnected'));
    });
  }

  /** A quiz: Submit sends the chosen options; a wrong answer says why and leaves the options open to try again. */
  #wireQuiz(section) {
    const form = section.querySelector('form.quiz');
    const submit = form.querySelector('.quiz-submit');
    const result = form.querySelector('.quiz-result');
    form.addEventListener('change', () => {
      delete form.dataset.state; // a changed choice is a new answer, not the old verdict
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const choices = chosenOptions(form);
      if (choices.length === 0) {
        result.dataset.state = 'error';
        result.textContent = say('quizChoose');
        form.querySelector('input')?.focus();
        return;
      }
      submit.disabled = true;
      const answer = await answerQuiz(this.#slug, section.dataset.step, choices);
      submit.disabled = false;
      if (answer.error) {
        result.dataset.state = 'error';
        result.textContent = answer.error;
        return;
      }
      const state = answer.correct ? 'correct' : 'incorrect';
      form.dataset.state = state;
      result.dataset.state = state;
      const label = document.createElement('strong');
      label.textContent = answer.correct ? say('quizCorrect') : say('quizIncorrect');
      const explanation = document.createElement('span');
      explanation.className = 'quiz-explanation';
      // explanationHtml is the lesson's own Markdown, rendered and escaped by the server like the step above it
      if (answer.explanationHtml) explanation.innerHTML = answer.explanationHtml;
      else explanation.textContent = answer.explanation ?? '';
      result.replaceChildren(label, explanation);
      if (answer.correct) this.#markDone(section);
    });
  }

  /** Shows a check's answer; a pass marks the step done here and in the navigator. */
  #show(section, answer) {
    const result = section.querySelector('.check-result');
    const hint = section.querySelector('.step-hint');
    if (answer.error) {
      result.dataset.state = 'error';
      result.textContent = answer.error;
      return;
    }
    result.dataset.state = answer.passed ? 'passed' : 'failed';
    result.replaceChildren();
    const label = document.createElement('strong');
    label.textContent = answer.passed ? say('passed') : say('failed');
    const message = document.createElement('span');
    message.className = 'check-message';
    message.textContent = answer.message ?? '';
    result.append(label, ' ', message);
    if (answer.passed) {
      hint.hidden = true;
      this.#markDone(section);
    } else {
      const hintText = hint.querySelector('.hint-text');
      if (!hintText.textContent.trim() && answer.hint) hintText.textContent = answer.hint;
      hint.hidden = !hintText.textContent.trim();
    }
  }

  #markDone(section) {
    // Killercoda's "Next": the following step (or the finish) is reached once this one is done
    const index = this.#sections.indexOf(section);
    if (index >= 0) this.#reach(this.#sections[index + 1]?.dataset.step ?? 'finish');
    section.classList.add('is-done');
    this.#links.get(section.dataset.step)?.classList.add('is-done');
    const count = document.getElementById('done-count');
    if (count) count.textContent = String(this.#sections.filter((s) => s.classList.contains('is-done')).length);
  }

  /** Code blocks marked {{exec}} get a Run button, {{copy}} a Copy button (Killercoda's markers). */
  #wireCodeBlocks() {
    for (const pre of this.#pane.querySelectorAll('pre[data-run], pre[data-copy]')) {
      const code = pre.querySelector('code') ?? pre;
      const command = code.textContent; // read before the buttons' labels join the block's text
      const actions = document.createElement('div');
      actions.className = 'code-actions';
      if (pre.hasAttribute('data-run')) {
        const run = codeButton(say('codeRun'), say('codeRunTitle'), 'code-run');
        run.addEventListener('click', () => {
          // {{exec interrupt}} first stops what is running with Ctrl-C
          const sent = runInTerminal(command, { interrupt: pre.hasAttribute('data-interrupt') });
          flashButton(run, say(sent ? 'codeSent' : 'codeNotConnected'));
        });
        actions.append(run);
      }
      if (pre.hasAttribute('data-copy')) {
        const copy = codeButton(say('codeCopy'), say('codeCopyTitle'), 'code-copy');
        copy.addEventListener('click', async () => {
          flashButton(copy, say((await copyText(command.replace(/\s+$/, ''))) ? 'copied' : 'copyFailed'));
        });
        actions.append(copy);
      }
      pre.classList.add('has-actions');
      pre.prepend(actions);
    }
  }

  /** Killercoda's inline commands: `cmd`{{exec}} runs on click, `text`{{copy}} copies. */
  #wireInlineCode() {
    for (const code of this.#pane.querySelectorAll('code[data-run], code[data-copy]')) {
      const run = code.hasAttribute('data-run');
      code.title = run ? say('clickToRun') : say('clickToCopy');
      code.setAttribute('role', 'button');
      const act = async () => {
        if (run) {
          if (!runInTerminal(code.textContent, { interrupt: code.hasAttribute('data-interrupt') })) {
            code.dataset.flash = say('notConnected');
          }
        } else if (await copyText(code.textContent)) {
          code.dataset.flash = say('copied');
        }
        setTimeout(() => delete code.dataset.flash, FLASH_MS);
      };
      code.addEventListener('click', act);
      code.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          act();
        }
      });
    }
  }

  /** The step at the top of the lesson pane. */
  #current() {
    const top = this.#pane.getBoundingClientRect().top + 80;
    let current = this.#sections[0];
    for (const section of this.#sections) {
      if (section.getBoundingClientRect().top <= top) current = section;
    }
    return current;
  }

  #wireNavigation(later) {
    const go = (delta) => {
      const index = this.#sections.indexOf(this.#current());
      const target = this.#sections[Math.min(this.#sections.length - 1, Math.max(0, index + delta))];
      target?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      if (target) history.replaceState(null, '', `#${target.id}`);
    };
    document.getElementById('step-prev')?.addEventListener('click', () => go(-1));
    document.getElementById('step-next')?.addEventListener('click', () => go(+1));
    const mark = () => {
      const current = this.#current();
      for (const [n, link] of this.#links) {
        if (current && n === current.dataset.step) link.setAttribute('aria-current', 'step');
        else link.removeAttribute('aria-current');
      }
      if (this.#stages) this.#reachOnScreen();
      if (current) this.#reportSoon(current.dataset.step);
    };
    this.#pane.addEventListener('scroll', mark, { passive: true });
    later(mark);
    // while the page is open and looked at, say so now and then: the roster's "last activity"
    setInterval(() => {
      const current = this.#current();
      if (current && document.visibilityState === 'visible') reportPosition(this.#slug, current.dataset.step);
    }, POSITION_EVERY_MS);
  }

  /** The step on screen, once the learner stays on it a moment (scrolling past steps reports none of them). */
  #reportSoon(step) {
    clearTimeout(this.#reportTimer);
    this.#reportTimer = setTimeout(() => {
      if (this.#reported === step) return;
      this.#reported = step;
      reportPosition(this.#slug, step);
    }, 800);
  }

  /**
   * A step whose heading is in the upper half of the lesson pane is reached, and so is the finish.
   * A finish merely showing below the last step is not: the learner is still working on that step,
   * and its foreground script would be typed into the step's running command.
   */
  #reachOnScreen() {
    const pane = this.#pane.getBoundingClientRect();
    const line = pane.top + pane.height / 2;
    let reached = null;
    for (const section of [...this.#sections, document.getElementById('finish')]) {
      if (section && section.getBoundingClientRect().top <= line) reached = section.dataset.step ?? 'finish';
    }
    if (reached) this.#reach(reached);
  }

  #watchTerminal() {
    onTerminalInput(() => { this.#lastInput = Date.now(); });
  }

  /** While the learner works, re-check the open step quietly so it turns green on its own. */
  async #quietCheck() {
    if (this.#quietBusy || document.visibilityState !== 'visible') return;
    if (Date.now() - this.#lastInput > ACTIVE_MS) return;
    if (!isTerminalReady()) return;
    const section = this.#current();
    if (!section || !section.hasAttribute('data-check') || section.classList.contains('is-done')) return;
    this.#quietBusy = true;
    try {
      await this.#reach(section.dataset.step);
      const answer = await checkStep(this.#slug, section.dataset.step);
      if (answer.passed) this.#show(section, answer);
    } finally {
      this.#quietBusy = false;
    }
  }
}

function codeButton(label, title, className) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `code-button ${className}`;
  button.textContent = label;
  button.title = title;
  button.setAttribute('aria-label', title);
  return button;
}

/**
 * Wires the lesson in `pane` (the page's lesson with this slug); lesson.js calls it once. `later`
 * takes what reads the page's layout (which step is on screen): lesson.js runs it once the
 * terminal's first screen is drawn, so it does not force a layout before the prompt.
 */
export function startSteps({ slug, pane, later = (read) => read() }) {
  if (pane && slug) new Steps({ slug, pane, scripts: document.body.dataset.scripts }).start(later);
}
