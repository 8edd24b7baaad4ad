// The lesson's steps: Check buttons, hints, solutions, the step navigator and saved progress.
// lesson.js owns the terminal and leaves it in window.dockerlab = {term, connection, fit}; this
// module only types into it (connection.send) and talks to the lesson API:
//   POST /api/lessons/{slug}/steps/{n}/check  ->  {"passed", "message", "hint"}
// Interface sentences come from the page (#ui-strings, rendered in the learner's language).

import { copyText, flashButton, keystrokes } from './ui.js';

const QUIET_CHECK_MS = 4000; // how often the open step is re-checked while the learner is active
const ACTIVE_MS = 90_000; // "active": typed into the terminal this recently
const FLASH_MS = 1500;

const strings = document.getElementById('ui-strings')?.dataset ?? {};
const text = (key, fallback) => strings[key] || fallback;

/** Types a command into the learner's terminal; Ctrl-C first when asked. False when not connected. */
function typeIntoTerminal(command, { interrupt = false } = {}) {
  const terminal = window.dockerlab;
  if (!terminal?.connection) return false;
  const sent = terminal.connection.send((interrupt ? '\x03' : '') + keystrokes(command));
  if (sent) terminal.term?.focus();
  return sent;
}



/** Asks the server to check step n. Answers {passed, message, hint} or {error}. */
export async function checkStep(slug, n) {
  let response;
  try {
    response = await fetch(`/api/lessons/${encodeURIComponent(slug)}/steps/${n}/check`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
    });
  } catch {
    return { error: text('checkError', 'The check could not be run') };
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status === 409) return { error: text('needsSandbox', body?.message ?? '') };
  if (!response.ok || !body || typeof body.passed !== 'boolean') {
    return { error: body?.message || `${text('checkError', 'The check could not be run')} (${response.status})` };
  }
  return body;
}

class Steps {
  #slug;
  #pane;
  #sections;
  #links;
  #lastInput = 0;
  #quietBusy = false;

  constructor({ slug, pane }) {
    this.#slug = slug;
    this.#pane = pane;
    this.#sections = [...pane.querySelectorAll('section.step[data-step]')];
    this.#links = new Map([...document.querySelectorAll('#step-nav a[data-step]')].map((a) => [a.dataset.step, a]));
  }

  start() {
    for (const section of this.#sections) this.#wire(section);
    this.#wireInlineCode();
    this.#wireNavigation();
    this.#watchTerminal();
    setInterval(() => this.#quietCheck(), QUIET_CHECK_MS);
  }

  #wire(section) {
    const n = section.dataset.step;
    const check = section.querySelector('.step-check');
    const result = section.querySelector('.check-result');
    check?.addEventListener('click', async () => {
      check.disabled = true;
      result.dataset.state = 'checking';
      result.textContent = text('checking', 'Checking…');
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
      show.textContent = open ? text('hideSolution', 'Hide solution') : text('showSolution', 'Show solution');
    });
    const run = section.querySelector('.step-run-solution');
    run?.addEventListener('click', () => {
      const sent = typeIntoTerminal(solution.textContent);
      flashButton(run, sent ? text('sent', 'Sent') : text('notConnected', 'Not connected'));
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
    label.textContent = answer.passed ? text('passed', 'Done') : text('failed', 'Not yet');
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
    section.classList.add('is-done');
    this.#links.get(section.dataset.step)?.classList.add('is-done');
    const count = document.getElementById('done-count');
    if (count) count.textContent = String(this.#sections.filter((s) => s.classList.contains('is-done')).length);
  }

  /** Killercoda's inline commands: `cmd`{{exec}} runs on click, `text`{{copy}} copies. */
  #wireInlineCode() {
    for (const code of this.#pane.querySelectorAll('code[data-run], code[data-copy]')) {
      const run = code.hasAttribute('data-run');
      code.title = run ? text('clickToRun', 'Click to run in the terminal') : text('clickToCopy', 'Click to copy');
      code.setAttribute('role', 'button');
      const act = async () => {
        if (run) {
          if (!typeIntoTerminal(code.textContent, { interrupt: code.hasAttribute('data-interrupt') })) {
            code.dataset.flash = text('notConnected', 'Not connected');
          }
        } else if (await copyText(code.textContent)) {
          code.dataset.flash = text('copied', 'Copied');
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

  #wireNavigation() {
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
    };
    this.#pane.addEventListener('scroll', mark, { passive: true });
    mark();
  }

  #watchTerminal() {
    const hook = () => {
      const terminal = window.dockerlab;
      if (!terminal?.term) return false;
      terminal.term.onData(() => { this.#lastInput = Date.now(); });
      return true;
    };
    if (!hook()) {
      const timer = setInterval(() => { if (hook()) clearInterval(timer); }, 500);
    }
  }

  /** While the learner works, re-check the open step quietly so it turns green on its own. */
  async #quietCheck() {
    if (this.#quietBusy || document.visibilityState !== 'visible') return;
    if (Date.now() - this.#lastInput > ACTIVE_MS) return;
    if (window.dockerlab?.connection?.state !== 'ready') return;
    const section = this.#current();
    if (!section || !section.hasAttribute('data-check') || section.classList.contains('is-done')) return;
    this.#quietBusy = true;
    try {
      const answer = await checkStep(this.#slug, section.dataset.step);
      if (answer.passed) this.#show(section, answer);
    } finally {
      this.#quietBusy = false;
    }
  }
}

const pane = document.getElementById('lesson-pane');
const slug = document.body.dataset.slug;
if (pane && slug) {
  new Steps({ slug, pane }).start();
}
