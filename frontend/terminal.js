// The page's terminal (and, in a lesson with several nodes, one per node): xterm.js, its link to
// the learner's shell, and the only way the rest of the page reaches it. lesson.js opens it; the lesson's Run buttons call runInTerminal; the
// steps hear the learner type through onTerminalInput. No globals, no waiting on timers: a
// listener added before the terminal opens is hooked up when it does.
//
// xterm.js and its fit addon are classic scripts loaded by the page before the modules run
// (globals Terminal and FitAddon, the library's own).

import { TerminalConnection, terminalUrl } from './terminal-client.js';
import { keystrokes } from './ui.js';
import { pageWords } from './words.js';

export const MONOSPACE = [
  '"Cascadia Mono"', '"JetBrains Mono"', '"Fira Mono"', '"DejaVu Sans Mono"', '"Liberation Mono"',
  'Menlo', 'Consolas', '"Noto Sans Mono CJK KR"', '"D2Coding"', 'monospace',
].join(', ');

// A calm dark palette with enough contrast for a projector (ANSI colours stay recognisable).
export const THEME = {
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

/**
 * The options of a learner's terminal. The DOM renderer, not xterm.js 4's default canvas: the
 * canvas renderer draws each new glyph into its texture atlas through getImageData/putImageData,
 * and on a browser that draws canvases in software (no GPU, as the bench's headless Chromium and
 * many school laptops) its first frame, the one with the prompt, held the main thread for 120-200
 * ms (docs/performance.md). The DOM renderer draws the same screen in a few milliseconds; a lesson's
 * terminal shows a shell's output, not a video, so the canvas' throughput is not needed. The
 * classroom's read-only views (live.js) start from these too: the presenter's pane opens on every
 * learner's page of a workshop.
 */
export function terminalOptions(fontSize) {
  return {
    fontFamily: MONOSPACE,
    fontSize,
    cursorBlink: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
    scrollback: 5000,
    convertEol: false,
    theme: THEME,
    rendererType: 'dom',
  };
}

/** A mark in the page's performance timeline (the bench reads them: where the wait goes). */
function mark(name) {
  globalThis.performance?.mark?.(`dockerlab:${name}`);
}

/**
 * The socket the page's head opened for `lesson` with what it heard so far (early-socket.js,
 * {ws, lesson, events}), once; the caller sets its own handlers in the same task, so nothing
 * falls between (a socket the server closed meanwhile comes with its close event, handled as any
 * close). Null when there is none, or it is another lesson's (closed then): open one instead.
 */
export function takeEarlySocket(lesson, page = globalThis) {
  const taken = page.dockerlabEarlySocket ?? null;
  delete page.dockerlabEarlySocket;
  if (taken && taken.lesson !== lesson) {
    taken.ws.close();
    return null;
  }
  return taken;
}

/** {term, connection, fit} once opened. */
let open = null;
const inputListeners = new Set();
const readyListeners = new Set();

/**
 * False when the xterm.js scripts did not load (the page then says so instead of "Connecting…");
 * the socket opened early for the terminal is closed then.
 */
export function canOpenTerminal() {
  const can = typeof globalThis.Terminal === 'function' && typeof globalThis.FitAddon === 'object';
  if (!can) takeEarlySocket()?.ws.close();
  return can;
}

/**
 * Opens the page's terminal in `container`, fitted, and its connection to the learner's shell
 * beside `lesson` (not yet connected: the caller connects once the page is wired).
 * @returns {{term: object, connection: TerminalConnection, fit: object}}
 */
export function openTerminal({ container, lesson, fontSize, path = '/terminal' }) {
  if (open) throw new Error('the page has one terminal and it is open');
  mark('terminal');
  const term = new Terminal(terminalOptions(fontSize));
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(container);
  try {
    fit.fit(); // the first size goes into the socket URL, so fit before connecting
  } catch {
    // the pane is hidden or zero-sized; the page fits again on its next resize
  }
  const connection = new TerminalConnection(term, {
    url: (cols, rows) => terminalUrl(window.location, cols, rows, lesson, 1, path),
    words: pageWords,
    // the head's early socket is /terminal's; a presenting instructor's terminal has its own path
    early: path === '/terminal' ? takeEarlySocket(lesson) : null,
  });
  open = { term, connection, fit };
  mark('terminal-open');
  const unsubscribe = connection.onStateChange((state) => {
    if (state !== 'ready') return;
    mark('ready');
    unsubscribe();
  });
  for (const listener of inputListeners) term.onData(listener);
  connection.onStateChange((state) => {
    if (state === 'ready') for (const listener of readyListeners) listener();
  });
  return open;
}

/**
 * A lesson with several nodes (`nodes: N`) has one terminal per node, in tabs; the page's terminal
 * above is node 1's. Each other node's terminal is its own xterm.js and connection (node=k in its
 * URL), reconnecting on its own as node 1's does. Opened when its tab is first shown.
 */
const nodeTerminals = new Map();
let activeNode = 1;

/** Opens node `node`'s terminal (2 and up) in `container`; the caller connects it. */
export function openNodeTerminal({ container, lesson, node, fontSize }) {
  if (nodeTerminals.has(node)) return nodeTerminals.get(node);
  const term = new Terminal(terminalOptions(fontSize));
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(container);
  try {
    fit.fit();
  } catch {
    // hidden: fitted when its tab is shown
  }
  const connection = new TerminalConnection(term, {
    url: (cols, rows) => terminalUrl(window.location, cols, rows, lesson, node),
    words: pageWords,
  });
  const opened = { term, connection, fit };
  nodeTerminals.set(node, opened);
  return opened;
}

/** Which node's terminal the Run buttons type into: the one whose tab is shown. */
export function setActiveNode(node) {
  activeNode = node;
}

/** The terminal of the node shown ({term, connection, fit}), node 1's unless a tab says otherwise. */
function activeTerminal() {
  return activeNode > 1 ? nodeTerminals.get(activeNode) ?? open : open;
}

/** The open terminal ({term, connection, fit}) or null; the browser tests read its screen here. */
export function openedTerminal(node = 1) {
  return node > 1 ? nodeTerminals.get(node) ?? null : open;
}

/**
 * Types a command into the learner's shell as keystrokes (each line ends with Enter), with
 * Ctrl-C first when `interrupt` (Killercoda's {{exec interrupt}}), and gives the terminal focus.
 * Every Run in the page goes through here.
 * @returns {boolean} false when the terminal is not connected and nothing was sent
 */
export function runInTerminal(command, { interrupt = false } = {}) {
  const target = activeTerminal();
  if (!target) return false;
  const sent = target.connection.send((interrupt ? '\x03' : '') + keystrokes(command));
  if (sent) target.term.focus();
  return sent;
}

/** True while the learner's shell is connected. */
export function isTerminalReady() {
  return open?.connection.state === 'ready';
}

/** Calls `listener` whenever the learner types into the terminal, from now on or once it opens. */
export function onTerminalInput(listener) {
  inputListeners.add(listener);
  open?.term.onData(listener);
}

/** Calls `listener` each time the learner's shell becomes ready: the first time, and after a reconnect or a reset. */
export function onTerminalReady(listener) {
  readyListeners.add(listener);
}
