// The lesson page's entry: lesson text on one side, the learner's terminal on the other. It
// opens the terminal (terminal.js), shows its state, wires the toolbar, the divider and the
// reset, and starts the lesson's steps (steps.js). Every word it shows comes from words.js.

import { reportPosition, showWatch, startPresenterPane } from './live.js';
import { setUpPanel } from './panel.js';
import { startSteps } from './steps.js';
import { canOpenTerminal, openNodeTerminal, openTerminal, setActiveNode } from './terminal.js';
import { copyText, flashButton } from './ui.js';
import { say } from './words.js';

const FONT = { min: 10, max: 32, initial: 15, key: 'dockerlab.fontSize' };
/** The terminal's font on the projector view: readable from the back of a room at 1280x800. */
const PROJECTOR_FONT = 24;
const SPLIT = { min: 20, max: 80, initial: 50, step: 2, key: 'dockerlab.split' };
const NARROW_QUERY = '(max-width: 799px)'; // must match the media query in app.css
const NOTICE_MS = 6000;
const RESET_TIMEOUT_MS = 20000; // give up showing "Resetting…" if the socket never cycles
const NATIVE_PASTE_WAIT_MS = 150;

// ---- small utilities ----

const clamp = (value, min, max) => Math.min(max, Math.max(min, value));

/** localStorage may be missing or throw (private windows, blocked storage): never fatal. */
const store = {
  number(key, fallback) {
    try {
      const value = Number.parseFloat(localStorage.getItem(key));
      return Number.isFinite(value) ? value : fallback;
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, String(value));
    } catch {
      // the setting just won't survive a reload
    }
  },
};


// ---- terminal ----

/** Fits at most once per frame, however many resize notifications arrive. */
function makeFitter(fit) {
  let frame = 0;
  return function scheduleFit() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      try {
        fit.fit();
      } catch {
        // the pane is hidden or zero-sized; the next resize fits again
      }
    });
  };
}

// ---- status line ----

/** Renders connection state into #status: text, an optional reason, an optional action. */
class StatusView {
  #el;
  #connection;
  #countdown = 0;
  #notice = null;
  #noticeTimer = 0;
  #resetting = false;
  #resetTimer = 0;

  constructor(el, connection) {
    this.#el = el;
    this.#connection = connection;
    connection.onStateChange((state) => {
      // The old socket is still "ready" while the reset request runs; only news ends the reset.
      if (state === 'ready' || state === 'ended') {
        this.#resetting = false;
        clearTimeout(this.#resetTimer);
      }
      this.#notice = null; // news about the connection replaces an older notice
      this.render();
    });
  }

  /** "Resetting…" until the fresh sandbox is ready (or the reset failed). */
  set resetting(value) {
    this.#resetting = value;
    clearTimeout(this.#resetTimer);
    if (value) this.#resetTimer = setTimeout(() => { this.resetting = false; }, RESET_TIMEOUT_MS);
    this.render();
  }

  /** A transient message (e.g. a failed reset) shown over the connection state. */
  notice(text) {
    this.#notice = text;
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => {
      this.#notice = null;
      this.render();
    }, NOTICE_MS);
    this.render();
  }

  render() {
    const { state, detail } = this.#connection;
    clearInterval(this.#countdown);
    this.#el.dataset.state = this.#resetting ? 'connecting' : state;
    this.#el.dataset.reason = (!this.#resetting && detail.reason) || ''; // lets CSS colour a refusal red
    this.#el.replaceChildren();
    const text = this.#span('status-text', this.#label(state, detail));
    this.#el.append(text);
    const reason = this.#notice ?? this.#reason(state, detail);
    if (reason) {
      const span = this.#span('status-detail', reason);
      span.title = reason;
      this.#el.append(span);
    }
    const action = this.#action(state, detail);
    if (action) this.#el.append(action);
    this.#el.title = reason ?? '';
    if (state === 'reconnecting' && detail.retryAt && !this.#resetting) {
      // Tick the seconds down without re-announcing to screen readers every second.
      text.setAttribute('aria-hidden', 'true');
      this.#el.append(this.#span('visually-hidden', say('statusReconnectingNow')));
      this.#countdown = setInterval(() => {
        text.textContent = this.#label(state, detail);
      }, 1000);
    }
  }

  #label(state, detail) {
    if (this.#resetting) return say('statusResetting');
    switch (state) {
      case 'ready':
        return say('statusReady');
      case 'reconnecting': {
        const seconds = Math.max(1, Math.ceil((detail.retryAt - Date.now()) / 1000));
        return say('statusReconnecting', { seconds });
      }
      case 'ended':
        return say('statusEnded');
      default:
        return say('statusConnecting');
    }
  }

  /** Why we are in this state; plain network trouble needs no explanation beyond the label. */
  #reason(state, detail) {
    if (this.#resetting) return null;
    if (detail.reason === 'network' && !detail.fromServer) return null;
    return detail.message ?? null;
  }

  #action(state, detail) {
    if (state === 'ready' || this.#resetting) return null;
    const labels = { 'new-shell': say('actionNewShell'), 'new-sandbox': say('actionNewSandbox'), reload: say('actionReload') };
    const label = labels[detail.action];
    if (!label) return null;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'status-action';
    button.textContent = label;
    button.addEventListener('click', () => {
      if (detail.action === 'reload') window.location.reload();
      else this.#connection.restart();
    });
    return button;
  }

  #span(className, text) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    return span;
  }
}

// ---- split pane ----

function setUpDivider({ split, divider, onMove }) {
  const narrow = window.matchMedia(NARROW_QUERY);
  let ratio = clamp(store.number(SPLIT.key, SPLIT.initial), SPLIT.min, SPLIT.max);

  const apply = (value, persist) => {
    ratio = clamp(Math.round(value * 10) / 10, SPLIT.min, SPLIT.max);
    split.style.setProperty('--split', `${ratio}%`);
    divider.setAttribute('aria-valuenow', String(Math.round(ratio)));
    if (persist) store.set(SPLIT.key, ratio);
    onMove();
  };
  const orient = () => {
    // Stacked on narrow screens: the divider then moves up and down.
    divider.setAttribute('aria-orientation', narrow.matches ? 'horizontal' : 'vertical');
  };

  divider.setAttribute('aria-valuemin', String(SPLIT.min));
  divider.setAttribute('aria-valuemax', String(SPLIT.max));
  orient();
  narrow.addEventListener('change', () => {
    orient();
    onMove();
  });
  apply(ratio, false);

  const ratioAt = (event) => {
    const rect = split.getBoundingClientRect();
    return narrow.matches
      ? ((event.clientY - rect.top) / rect.height) * 100
      : ((event.clientX - rect.left) / rect.width) * 100;
  };

  divider.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    divider.setPointerCapture(event.pointerId);
    document.body.classList.add('is-resizing'); // stops text selection and xterm stealing moves
  });
  divider.addEventListener('pointermove', (event) => {
    if (divider.hasPointerCapture(event.pointerId)) apply(ratioAt(event), false);
  });
  const endDrag = (event) => {
    if (!divider.hasPointerCapture(event.pointerId)) return;
    divider.releasePointerCapture(event.pointerId);
    document.body.classList.remove('is-resizing');
    apply(ratio, true);
  };
  divider.addEventListener('pointerup', endDrag);
  divider.addEventListener('pointercancel', endDrag);
  divider.addEventListener('lostpointercapture', () => document.body.classList.remove('is-resizing'));

  divider.addEventListener('dblclick', () => apply(SPLIT.initial, true));
  divider.addEventListener('keydown', (event) => {
    const moves = {
      ArrowLeft: -SPLIT.step, ArrowUp: -SPLIT.step, ArrowRight: SPLIT.step, ArrowDown: SPLIT.step,
      Home: SPLIT.min - ratio, End: SPLIT.max - ratio,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    apply(ratio + moves[event.key], true);
  });
}

// ---- the "under the hood" panel ----

const PANEL_COLUMNS = 80; // the terminal keeps at least this many columns while the panel is open
const PANE_SLACK_PX = 40; // the pane's padding and xterm's scroll bar

/**
 * While the panel is open, the terminal's column of the page may not shrink below 80 columns (plus
 * the panel's width when it stands beside): the lesson pane gives way instead.
 */
function makeColumnKeeper({ term, split, pane, panel }) {
  return function keepColumns() {
    if (panel.hidden) {
      split.classList.remove('has-panel');
      split.style.removeProperty('--term-min');
      return;
    }
    // xterm 4 keeps the cell's measured width here; the font's usual ratio when it has not measured yet
    const cell = term._core?._renderService?.dimensions?.actualCellWidth || term.getOption('fontSize') * 0.62;
    const beside = pane.dataset.panel === 'beside' ? panel.getBoundingClientRect().width || 340 : 0;
    split.classList.add('has-panel');
    split.style.setProperty('--term-min', `${Math.ceil(cell * PANEL_COLUMNS + PANE_SLACK_PX + beside)}px`);
  };
}

// ---- font zoom, copy, paste ----

function makeZoom(term, onChange) {
  const set = (size) => {
    const next = clamp(size, FONT.min, FONT.max);
    term.setOption('fontSize', next);
    store.set(FONT.key, next);
    onChange();
  };
  return {
    in: () => set(term.getOption('fontSize') + 1),
    out: () => set(term.getOption('fontSize') - 1),
    reset: () => set(FONT.initial),
  };
}

async function copySelection(term, button) {
  const text = term.getSelection();
  if (!text) {
    if (button) flashButton(button, say('selectFirst'));
    return;
  }
  const ok = await copyText(text);
  if (button) flashButton(button, say(ok ? 'copied' : 'copyFailed'));
}

async function pasteClipboard(term, connection, button) {
  if (!navigator.clipboard?.readText) {
    // Plain-http servers have no clipboard API; the keyboard shortcut still works natively.
    flashButton(button, say('pasteShortcut'));
    term.focus();
    return;
  }
  try {
    const text = await navigator.clipboard.readText();
    if (!text) return;
    // term.paste applies what a native paste would (bracketed paste, newlines as Enter) and
    // hands the result to onData, which the connection sends as keystrokes.
    if (typeof term.paste === 'function') term.paste(text);
    else connection.send(text);
  } catch {
    flashButton(button, say('pasteBlocked'));
  } finally {
    term.focus();
  }
}

/**
 * Ctrl+Shift+V is left to the browser: its own paste fires on xterm's textarea and xterm pastes
 * it (bracketed paste included) without a clipboard permission prompt. Where the browser has no
 * such shortcut, no paste event comes, and the clipboard API does the paste instead.
 */
function makeShortcutPaste(term, paste) {
  let seen = false;
  // Capture phase: xterm stops the paste event's propagation at its textarea.
  term.element.addEventListener('paste', () => { seen = true; }, true);
  return function armFallback() {
    seen = false;
    setTimeout(() => {
      if (!seen) paste();
    }, NATIVE_PASTE_WAIT_MS);
  };
}

/** Keyboard shortcuts while the terminal has focus; false keeps xterm from sending the key. */
function shortcutHandler({ term, zoom, copyButton, shortcutPaste }) {
  return (event) => {
    if (!event.ctrlKey || event.altKey || event.metaKey) return true;
    const code = event.code;
    if (event.shiftKey && code === 'KeyC') {
      if (event.type === 'keydown') {
        event.preventDefault();
        copySelection(term, copyButton);
      }
      return false;
    }
    if (event.shiftKey && code === 'KeyV') {
      // Not prevented (see makeShortcutPaste); false only stops xterm sending a literal ^V.
      if (event.type === 'keydown') shortcutPaste();
      return false;
    }
    const zoomKeys = {
      Equal: zoom.in, NumpadAdd: zoom.in, Minus: zoom.out, NumpadSubtract: zoom.out,
      Digit0: zoom.reset, Numpad0: zoom.reset,
    };
    const action = zoomKeys[code];
    if (!action) return true;
    if (event.type === 'keydown') {
      event.preventDefault(); // not the browser's page zoom
      action();
    }
    return false;
  };
}

// ---- sandbox reset ----

function setUpReset({ button, dialog, connection, status }) {
  button.addEventListener('click', () => {
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else if (window.confirm(say('resetQuestion'))) resetSandbox();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'reset') resetSandbox();
    dialog.returnValue = '';
  });

  async function resetSandbox() {
    button.disabled = true;
    status.resetting = true;
    try {
      const response = await fetch('/api/sandbox/reset', { method: 'POST', headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(await errorMessage(response));
      // The server closes the socket with 4003 and the connection reconnects by itself; if no
      // socket is open (ended, waiting to retry) there is nothing to close, so connect now.
      if (connection.state !== 'ready' && connection.state !== 'connecting') connection.restart();
    } catch (error) {
      status.resetting = false;
      status.notice(say('resetFailed', { reason: error.message }));
    } finally {
      button.disabled = false;
    }
  }
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && typeof body.message === 'string' && body.message) return body.message;
  } catch {
    // not JSON
  }
  return say('serverAnswered', { status: response.status });
}

// ---- page start ----

function main() {
  const byId = (id) => document.getElementById(id);
  const slug = document.body.dataset.slug;
  const pane = byId('lesson-pane');
  if (!canOpenTerminal()) {
    // The xterm.js scripts did not load; say so instead of "Connecting…" forever.
    const status = byId('status');
    status.dataset.state = 'ended';
    status.textContent = say('terminalFailed');
    startSteps({ slug, pane });
    return;
  }
  const live = document.body.dataset;
  const projector = document.body.classList.contains('projector');
  // The steps first (their quizzes, buttons and "ready" listener), but what reads their layout
  // waits: one layout, the terminal's fit, takes in the buttons they add to the lesson's code.
  const afterPrompt = [];
  startSteps({ slug, pane, later: (read) => afterPrompt.push(read) });
  const { term, connection, fit } = openTerminal({
    container: byId('terminal'),
    lesson: slug,
    // the projector view is read from the back of a room
    fontSize: projector ? PROJECTOR_FONT : clamp(store.number(FONT.key, FONT.initial), FONT.min, FONT.max),
    path: live.terminalPath || '/terminal',
  });
  const scheduleFit = makeFitter(fit);
  const status = new StatusView(byId('status'), connection);
  status.render();

  // Before the terminal connects: what sizes it, and what must hear the connection's first frames
  // (the watch bar's state right after "ready").
  new ResizeObserver(scheduleFit).observe(byId('terminal-pane'));
  window.addEventListener('resize', scheduleFit);
  setUpDivider({ split: byId('split'), divider: byId('divider'), onMove: scheduleFit });
  const keepColumns = makeColumnKeeper({ term, split: byId('split'), pane: byId('terminal-pane'), panel: byId('panel') });
  const layout = () => {
    keepColumns();
    scheduleFit();
  };
  // the panel may come back open (it remembers), which changes the terminal's size: set up now
  setUpPanel({ panel: byId('panel'), toggle: byId('panel-toggle'), pane: byId('terminal-pane'), onLayout: layout });
  showWatch({ connection, bar: byId('watch-bar') });
  if ('presenting' in live) {
    reportPosition({ pane, slug, connection });
    byId('present-lesson')?.addEventListener('change', (event) => window.location.assign(event.target.value));
  }
  const zoom = makeZoom(term, layout);
  const copyButton = byId('copy');
  const pasteButton = byId('paste');
  byId('zoom-in').addEventListener('click', () => { zoom.in(); term.focus(); });
  byId('zoom-out').addEventListener('click', () => { zoom.out(); term.focus(); });
  copyButton.addEventListener('click', () => copySelection(term, copyButton).then(() => term.focus()));
  pasteButton.addEventListener('click', () => pasteClipboard(term, connection, pasteButton));
  const shortcutPaste = makeShortcutPaste(term, () => pasteClipboard(term, connection, pasteButton));
  term.attachCustomKeyEventHandler(shortcutHandler({ term, zoom, copyButton, shortcutPaste }));
  setUpReset({ button: byId('reset'), dialog: byId('reset-dialog'), connection, status });

  // The terminal first: connecting replays what the head's socket holds (the prompt) into xterm.
  connection.connect();
  term.focus();
  // a lesson with several nodes: their shells start at once too, while the learner reads
  setUpNodeTabs({ tabs: byId('node-tabs'), slug, first: { term, fit }, fontSize: () => term.options.fontSize });

  // The rest waits until the prompt is drawn: none of it is needed to see it, and it would hold
  // the main thread (which step is on screen is a forced layout of the whole lesson; the
  // presenter's pane is a terminal of its own).
  afterFirstScreen(term, connection, () => {
    for (const read of afterPrompt) read();
    if (live.workshop && !('presenting' in live)) {
      startPresenterPane({ workshop: live.workshop, slug, pane, onLayout: layout });
    }
  });
}

/** The longest the page's other work waits for the terminal's first screen (a sandbox still starting). */
const FIRST_SCREEN_WAIT_MS = 1000;
/** What the learner may do to the page before then: the page's wiring runs first, so it handles it. */
const FIRST_TOUCH = ['pointerdown', 'keydown', 'submit', 'click'];

/**
 * Runs `work` once, after the terminal has drawn the shell's first screen (a frame with the cursor
 * moved: the prompt), or when the connection failed, or after FIRST_SCREEN_WAIT_MS, whichever is
 * first. After the frame, not in it: the prompt is painted before `work` runs. Should the learner
 * touch the page sooner (a quiz answered, a button pressed), `work` runs right then, in the capture
 * phase, so the listeners it adds hear that very event.
 */
function afterFirstScreen(term, connection, work) {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    rendered.dispose();
    unsubscribe();
    for (const type of FIRST_TOUCH) window.removeEventListener(type, run, true);
    work();
  };
  const timer = setTimeout(run, FIRST_SCREEN_WAIT_MS);
  const rendered = term.onRender(() => {
    const screen = term.buffer.active;
    if (screen.cursorX === 0 && screen.cursorY === 0) return;
    if (!done) globalThis.performance?.mark?.('dockerlab:first-screen');
    setTimeout(run, 0);
  });
  const unsubscribe = connection.onStateChange((state) => {
    if (state === 'reconnecting' || state === 'ended') run();
  });
  for (const type of FIRST_TOUCH) window.addEventListener(type, run, true);
}

/**
 * A lesson with several nodes: a tab per node. Every node's terminal connects at once (so each
 * node's shell and engine start while the learner reads), node 1's being the page's own; a tab
 * shows its terminal and makes it the one the Run buttons type into.
 */
function setUpNodeTabs({ tabs, slug, first, fontSize }) {
  if (!tabs) return;
  const count = Number(tabs.dataset.nodes);
  const terminals = new Map([[1, first]]);
  for (let k = 2; k <= count; k += 1) {
    const container = document.getElementById(`terminal-node${k}`);
    const opened = openNodeTerminal({ container, lesson: slug, node: k, fontSize: fontSize() });
    opened.connection.connect();
    terminals.set(k, opened);
  }
  const show = (node) => {
    for (const button of tabs.querySelectorAll('[data-node]')) {
      const k = Number(button.dataset.node);
      button.setAttribute('aria-selected', String(k === node));
      document.getElementById(k === 1 ? 'terminal' : `terminal-node${k}`).hidden = k !== node;
    }
    setActiveNode(node);
    active = node;
    const shown = terminals.get(node);
    try {
      shown.fit.fit();
    } catch {
      // zero-sized for a moment; the pane's resize observer fits it again
    }
    shown.term.focus();
  };
  let active = 1;
  new ResizeObserver(() => {
    if (active === 1) return; // node 1's terminal is fitted by the page's own observer
    try {
      terminals.get(active).fit.fit();
    } catch {
      // zero-sized for a moment
    }
  }).observe(tabs.parentElement);
  tabs.addEventListener('click', (event) => {
    const button = event.target.closest('[data-node]');
    if (button) show(Number(button.dataset.node));
  });
}

main();
