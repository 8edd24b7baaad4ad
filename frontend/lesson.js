// The lesson page: lesson text on one side, the learner's terminal on the other.
// xterm.js and its fit addon are loaded by the page as classic scripts before this module
// (globals Terminal and FitAddon); all wiring of the page lives here.

import { TerminalConnection, terminalUrl } from './terminal-client.js';
import { copyText, flashButton, keystrokes } from './ui.js';

const FONT = { min: 10, max: 32, initial: 15, key: 'dockerlab.fontSize' };
const SPLIT = { min: 20, max: 80, initial: 50, step: 2, key: 'dockerlab.split' };
const NARROW_QUERY = '(max-width: 799px)'; // must match the media query in app.css
const NOTICE_MS = 6000;
const RESET_TIMEOUT_MS = 20000; // give up showing "Resetting…" if the socket never cycles
const NATIVE_PASTE_WAIT_MS = 150;

const MONOSPACE = [
  '"Cascadia Mono"', '"JetBrains Mono"', '"Fira Mono"', '"DejaVu Sans Mono"', '"Liberation Mono"',
  'Menlo', 'Consolas', '"Noto Sans Mono CJK KR"', '"D2Coding"', 'monospace',
].join(', ');

// A calm dark palette with enough contrast for a projector (ANSI colours stay recognisable).
const THEME = {
  background: '#14161b',
  foreground: '#e6e6e6',
  cursor: '#f5c542',
  cursorAccent: '#14161b',
  selection: 'rgba(120, 160, 255, 0.35)',
  black: '#1c1f26', red: '#ff6b6b', green: '#7bd88f', yellow: '#f5c542',
  blue: '#6cb6ff', magenta: '#d399ff', cyan: '#5fd7d7', white: '#d0d0d0',
  brightBlack: '#6b7280', brightRed: '#ff8787', brightGreen: '#a1e8af', brightYellow: '#ffe08a',
  brightBlue: '#99ccff', brightMagenta: '#e4b8ff', brightCyan: '#8ff0f0', brightWhite: '#ffffff',
};

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

function createTerminal(container) {
  const term = new Terminal({
    fontFamily: MONOSPACE,
    fontSize: clamp(store.number(FONT.key, FONT.initial), FONT.min, FONT.max),
    cursorBlink: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
    scrollback: 5000,
    convertEol: false,
    theme: THEME,
  });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(container);
  return { term, fit };
}

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
      this.#el.append(this.#span('visually-hidden', 'Reconnecting'));
      this.#countdown = setInterval(() => {
        text.textContent = this.#label(state, detail);
      }, 1000);
    }
  }

  #label(state, detail) {
    if (this.#resetting) return 'Resetting…';
    switch (state) {
      case 'ready':
        return 'Ready';
      case 'reconnecting': {
        const seconds = Math.max(1, Math.ceil((detail.retryAt - Date.now()) / 1000));
        return `Reconnecting in ${seconds} s…`;
      }
      case 'ended':
        return 'Ended';
      default:
        return 'Connecting…';
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
    const labels = { 'new-shell': 'Start a new shell', 'new-sandbox': 'Start a new sandbox', reload: 'Reload page' };
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
    if (button) flashButton(button, 'Select text first');
    return;
  }
  const ok = await copyText(text);
  if (button) flashButton(button, ok ? 'Copied' : 'Copy failed');
}

async function pasteClipboard(term, connection, button) {
  if (!navigator.clipboard?.readText) {
    // Plain-http servers have no clipboard API; the keyboard shortcut still works natively.
    flashButton(button, 'Use Ctrl+Shift+V');
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
    flashButton(button, 'Paste blocked');
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
    else if (window.confirm('Throw away this sandbox and start a fresh one?')) resetSandbox();
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
      status.notice(`Reset failed: ${error.message}`);
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
  return `the server answered ${response.status}`;
}

// ---- code blocks in the lesson ----


function addCodeBlockButtons({ pane, term, connection }) {
  for (const pre of pane.querySelectorAll('pre[data-run], pre[data-copy]')) {
    const code = pre.querySelector('code') ?? pre;
    const text = code.textContent; // read before the buttons' labels join the block's text
    const actions = document.createElement('div');
    actions.className = 'code-actions';

    if (pre.hasAttribute('data-run')) {
      const run = makeCodeButton('Run', 'Run this command in the terminal', 'code-run');
      run.addEventListener('click', () => {
        // {{exec interrupt}} (Killercoda) first stops what is running with Ctrl-C
        const interrupt = pre.hasAttribute('data-interrupt') ? '\x03' : '';
        if (connection.send(interrupt + keystrokes(text))) {
          flashButton(run, 'Sent');
          term.focus();
        } else {
          flashButton(run, 'Not connected');
        }
      });
      actions.append(run);
    }
    if (pre.hasAttribute('data-copy')) {
      const copy = makeCodeButton('Copy', 'Copy to the clipboard', 'code-copy');
      copy.addEventListener('click', async () => {
        flashButton(copy, (await copyText(text.replace(/\s+$/, ''))) ? 'Copied' : 'Copy failed');
      });
      actions.append(copy);
    }
    pre.classList.add('has-actions');
    pre.prepend(actions);
  }
}

function makeCodeButton(label, title, className) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `code-button ${className}`;
  button.textContent = label;
  button.title = title;
  button.setAttribute('aria-label', title);
  return button;
}

// ---- page start ----

function main() {
  const byId = (id) => document.getElementById(id);
  if (typeof Terminal !== 'function' || typeof FitAddon !== 'object') {
    // The xterm.js scripts did not load; say so instead of "Connecting…" forever.
    const status = byId('status');
    status.dataset.state = 'ended';
    status.textContent = 'The terminal failed to load — reload the page';
    return;
  }
  const { term, fit } = createTerminal(byId('terminal'));
  const scheduleFit = makeFitter(fit);
  try {
    fit.fit(); // the first size goes into the socket URL, so fit before connecting
  } catch {
    scheduleFit();
  }

  const lesson = document.body.dataset.slug;
  const connection = new TerminalConnection(term, {
    url: (cols, rows) => terminalUrl(window.location, cols, rows, lesson),
  });
  const status = new StatusView(byId('status'), connection);
  status.render();

  new ResizeObserver(scheduleFit).observe(byId('terminal-pane'));
  window.addEventListener('resize', scheduleFit);
  setUpDivider({ split: byId('split'), divider: byId('divider'), onMove: scheduleFit });

  const zoom = makeZoom(term, scheduleFit);
  const copyButton = byId('copy');
  const pasteButton = byId('paste');
  byId('zoom-in').addEventListener('click', () => { zoom.in(); term.focus(); });
  byId('zoom-out').addEventListener('click', () => { zoom.out(); term.focus(); });
  copyButton.addEventListener('click', () => copySelection(term, copyButton).then(() => term.focus()));
  pasteButton.addEventListener('click', () => pasteClipboard(term, connection, pasteButton));
  const shortcutPaste = makeShortcutPaste(term, () => pasteClipboard(term, connection, pasteButton));
  term.attachCustomKeyEventHandler(shortcutHandler({ term, zoom, copyButton, shortcutPaste }));

  setUpReset({ button: byId('reset'), dialog: byId('reset-dialog'), connection, status });
  addCodeBlockButtons({ pane: byId('lesson-pane'), term, connection });

  connection.connect();
  term.focus();
  window.dockerlab = { term, connection, fit };
}

main();
