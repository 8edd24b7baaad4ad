// The browser end of the WebSocket /terminal protocol (see docs/protocol.md: frames, flow
// control and the close codes).
//
// One TerminalConnection owns one xterm.js Terminal's link to the learner's shell: it sends
// keystrokes as binary frames, resizes and flow-control credit as JSON text frames, writes the
// shell's output into the terminal, and decides what to do when the socket closes. The page
// only listens to onStateChange() and calls send()/restart().
//
// The decisions (backoff, ack batching, close-code handling) are small exported functions so
// they can be tested without a browser.
//
// Every sentence it shows the learner is one of WORDS; the page passes its own language's
// (options.words, read from the page by words.js), so English here is only the fallback.

import { fill } from './words.js';

/** Close codes the server documents; anything else is treated like a lost network. */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  ABNORMAL: 1006,
  SERVER_ERROR: 1011,
  AT_CAPACITY: 4001,
  ENGINE_UNAVAILABLE: 4002,
  SANDBOX_RESET: 4003,
  SANDBOX_GONE: 4004,
  NOT_READY: 4005,
  DETACHED: 4006,
  POLICY: 4008,
  INPUT_FLOOD: 4009,
  NOTHING_TO_VIEW: 4010,
  POLICY_VIOLATION: 1008,
});

/** Keystroke frames stay small so a huge paste never blocks other traffic on the socket. */
export const MAX_FRAME_BYTES = 16 * 1024;
/** Send credit as soon as this much output has been rendered... */
export const ACK_MIN_BYTES = 8 * 1024;
/** ...or this long after the first unacknowledged byte was rendered, whichever comes first. */
export const ACK_MAX_DELAY_MS = 50;
/** Dragging the divider fires many resizes; the shell only needs the last one. */
export const RESIZE_DEBOUNCE_MS = 100;
/** A refused upgrade (HTTP 403) looks like a lost network; this many in a row means refusal. */
export const FAILED_UPGRADES_BEFORE_REFUSED = 3;
/** Random extra delay, as a fraction of the backoff, so a classroom doesn't reconnect in step. */
export const JITTER = 0.2;
/** OSC 7777: the sandbox's shell keeper ends the replayed screen with it (docs/protocol.md). */
export const REPLAYED_OSC = 7777;
/** The longest a connection filters terminal reports while waiting for that marker. */
export const REPLAY_FILTER_MAX_MS = 3000;

/** What the connection says to the learner, in English; {name} marks a value filled in. */
export const WORDS = Object.freeze({
  shellEnded: 'The shell ended.',
  shellEndedCode: 'The shell ended (exit code {code}).',
  sessionClosed: 'The session was closed.',
  atCapacity: 'The server is at capacity; waiting for a free sandbox.',
  engineUnavailable: 'The Docker engine is not available right now.',
  freshSandbox: 'Starting a fresh sandbox…',
  sandboxGone: 'This sandbox was removed (idle too long or at its time limit).',
  notSetUp: 'The server is not set up to start sandboxes yet.',
  detached: 'This tab was detached from the shell; attaching again.',
  policyRefused: 'The server refused this terminal. Reload the page.',
  offline: 'You are offline; waiting for the network.',
  upgradeRefused: 'Refused by the server — reload the page',
  connectionLost: 'The connection was lost.',
  serverError: 'The server reported an error.',
  socketFailed: 'Cannot open the terminal socket: {error}',
  noteEnded: '[The shell ended. Press Enter for a new one.]',
  noteEndedCode: '[The shell ended with code {code}. Press Enter for a new one.]',
  nothingToView: 'This learner has no terminal open right now; trying again.',
});

/** Retry schedules: the delay doubles from baseMs per attempt, up to maxMs, plus jitter. */
export const RetryPolicy = Object.freeze({
  network: Object.freeze({ baseMs: 500, maxMs: 10_000 }),
  engine: Object.freeze({ baseMs: 2_000, maxMs: 30_000 }),
  capacity: Object.freeze({ baseMs: 15_000, maxMs: 30_000 }),
  refused: Object.freeze({ baseMs: 15_000, maxMs: 30_000 }),
});

/**
 * Delay before retry number `attempt` (0 for the first retry).
 * @param {number} attempt
 * @param {{baseMs:number,maxMs:number}} policy
 * @param {() => number} random in [0, 1)
 */
export function backoffDelay(attempt, policy = RetryPolicy.network, random = Math.random) {
  const exponent = Math.min(Math.max(0, attempt), 30); // 2 ** 30 is already far past any max
  const capped = Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
  return Math.round(capped * (1 + JITTER * random()));
}

/**
 * ws: or wss: URL of /terminal on the page's own origin, with the initial size and the lesson
 * beside the terminal (a lesson may need a sandbox with Docker), and which of the lesson's nodes
 * it attaches to (`node=k` for node 2 and up; docs/swarm.md).
 */
export function terminalUrl(loc, cols, rows, lesson, node = 1, path = '/terminal') {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams();
  if (Number.isInteger(cols) && cols > 0) query.set('cols', String(cols));
  if (Number.isInteger(rows) && rows > 0) query.set('rows', String(rows));
  if (typeof lesson === 'string' && lesson) query.set('lesson', lesson);
  if (Number.isInteger(node) && node > 1) query.set('node', String(node));
  const search = query.toString();
  return `${scheme}//${loc.host}${path}${search ? `?${search}` : ''}`;
}

const utf8 = new TextEncoder();

/** onData strings are Unicode text: the shell wants them as UTF-8. */
export function utf8Bytes(text) {
  return utf8.encode(text);
}

/** onBinary strings carry one byte per char (xterm uses them for mouse reports, e.g. X10). */
export function latin1Bytes(text) {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** Views of at most `max` bytes each; stdin is a byte stream, so any split point is fine. */
export function splitFrames(bytes, max = MAX_FRAME_BYTES) {
  const frames = [];
  for (let start = 0; start < bytes.length; start += max) {
    frames.push(bytes.subarray(start, Math.min(start + max, bytes.length)));
  }
  return frames;
}

/**
 * Batches flow-control credit. The server pauses after ~128 KiB without credit, so credit is
 * never held back: it goes out once ACK_MIN_BYTES are pending or ACK_MAX_DELAY_MS after the
 * first pending byte, whichever is first.
 */
export class AckTracker {
  #send;
  #minBytes;
  #maxDelayMs;
  #pending = 0;
  #timer = null;
  #disposed = false;

  /** @param {(bytes:number) => void} send called with the credit to announce */
  constructor(send, { minBytes = ACK_MIN_BYTES, maxDelayMs = ACK_MAX_DELAY_MS } = {}) {
    this.#send = send;
    this.#minBytes = minBytes;
    this.#maxDelayMs = maxDelayMs;
  }

  /** Bytes not yet announced. */
  get pending() {
    return this.#pending;
  }

  /** Called from xterm's write callback: these bytes are now on screen. */
  rendered(bytes) {
    if (this.#disposed || !(bytes > 0)) return;
    this.#pending += bytes;
    if (this.#pending >= this.#minBytes) {
      this.flush();
    } else if (this.#timer === null) {
      this.#timer = setTimeout(() => this.flush(), this.#maxDelayMs);
    }
  }

  /** Announce everything pending now. */
  flush() {
    this.#clearTimer();
    if (this.#disposed || this.#pending === 0) return;
    const bytes = this.#pending;
    this.#pending = 0;
    this.#send(bytes);
  }

  /** Credit belongs to one socket; after it closes, late write callbacks must not count. */
  dispose() {
    this.#disposed = true;
    this.#pending = 0;
    this.#clearTimer();
  }

  #clearTimer() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/**
 * What to do after a socket closed.
 * @param {{code:number, opened:boolean, exited:boolean, failedUpgrades:number, online:boolean}} c
 *   failedUpgrades counts consecutive sockets that closed before opening, this one included.
 * @param {typeof WORDS} words the message's language
 * @returns {{state:'connecting'|'reconnecting'|'ended', reason:string, retry:null|'now'|string,
 *   action:null|'new-shell'|'new-sandbox'|'reload', message:string}}
 *   retry is null (wait for the user), 'now', or a RetryPolicy name.
 */
export function decideClose({ code, opened, exited, failedUpgrades, online = true }, words = WORDS) {
  const ended = (reason, action, message) => ({ state: 'ended', reason, retry: null, action, message });
  const retry = (reason, policy, message) => ({ state: 'reconnecting', reason, retry: policy, action: null, message });

  if (exited || code === CloseCode.NORMAL) {
    return ended('exit', 'new-shell', exited ? words.shellEnded : words.sessionClosed);
  }
  switch (code) {
    case CloseCode.AT_CAPACITY:
      return retry('capacity', 'capacity', words.atCapacity);
    case CloseCode.ENGINE_UNAVAILABLE:
      return retry('engine', 'engine', words.engineUnavailable);
    case CloseCode.SANDBOX_RESET:
      return { state: 'connecting', reason: 'reset', retry: 'now', action: null, message: words.freshSandbox };
    case CloseCode.SANDBOX_GONE:
      return ended('expired', 'new-sandbox', words.sandboxGone);
    case CloseCode.NOT_READY:
      // an operator must act (the sandbox image is missing): keep trying, slowly
      return retry('not-ready', 'engine', words.notSetUp);
    case CloseCode.DETACHED:
      return retry('detached', 'network', words.detached);
    case CloseCode.NOTHING_TO_VIEW:
      // an instructor's view of a learner who has no sandbox now: look again now and then
      return retry('nothing-to-view', 'capacity', words.nothingToView);
    case CloseCode.POLICY:
    case CloseCode.POLICY_VIOLATION:
      return ended('refused', 'reload', words.policyRefused);
    default:
      break;
  }
  if (!online) return retry('offline', 'network', words.offline);
  if (!opened && failedUpgrades >= FAILED_UPGRADES_BEFORE_REFUSED) {
    return { ...retry('refused', 'refused', words.upgradeRefused), action: 'reload' };
  }
  return retry('network', 'network', words.connectionLost);
}

/**
 * Parses a server text frame; null for anything that is not a JSON object with a string type.
 */
/**
 * True for what xterm.js sends by itself in answer to a query in the output: CSI reports
 * (cursor position, device attributes, modes), OSC colour answers and DCS status strings.
 */
export function isTerminalReport(data) {
  return /^\x1b(\[[?>=]?[\d;]*[cnRyt$]|\[\?[\d;]*\$y|\]|P)/.test(data);
}

export function parseControl(text) {
  try {
    const msg = JSON.parse(text);
    return msg && typeof msg === 'object' && typeof msg.type === 'string' ? msg : null;
  } catch {
    return null;
  }
}

const RED = '\x1b[1;31m';
const DIM = '\x1b[2m';
const PLAIN = '\x1b[0m';

/**
 * The link between one xterm.js Terminal and the learner's shell.
 *
 * States: 'connecting' (socket opening or waiting for "ready"), 'ready', 'reconnecting'
 * (waiting to retry; detail.retryAt and detail.delayMs say when), 'ended' (waiting for the
 * user; detail.action is 'new-shell', 'new-sandbox' or 'reload').
 */
export class TerminalConnection {
  #term;
  #WebSocket;
  #makeUrl;
  #random;
  #window;
  #document;
  #navigator;
  #words;
  #early; // a socket opened before the terminal existed (early-socket.js): the first connect adopts it
  #writingHeld = false; // while what the early socket heard is handed over: parsed at once, see #write
  #readOnly; // a view of someone else's terminal: keys go only while input is allowed, sizes never
  #inputAllowed = false;
  #controlListeners = new Set();

  #state = 'connecting';
  #detail = {};
  #listeners = new Set();
  #session = null; // { ws, opened, exited, error, sentAtOpen, ack } of the current socket only
  #retryAttempt = 0;
  #retryPolicy = null; // the RetryPolicy name #retryAttempt counts for
  #failedUpgrades = 0;
  #everOpened = false;
  #retryTimer = null;
  #resizeTimer = null;
  #sentSize = null;
  #disposers = [];
  #disposed = false;
  #stats = { bytesReceived: 0, bytesRendered: 0, bytesAcked: 0, framesSent: 0 };

  /**
   * @param {object} term an xterm.js 4.x Terminal (already opened and fitted)
   * @param {object} [options] words (the page's language, over WORDS); early, a socket already
   *   opened with what it received so far ({ws, events}, early-socket.js); readOnly, a view that sends
   *   no size and no keys until allowInput(true) (an instructor's view, a presenter pane); for tests: url(cols, rows),
   *   WebSocket, random, window, document, navigator. The defaults are the browser's.
   */
  constructor(term, options = {}) {
    this.#term = term;
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.#window = options.window ?? globalThis.window;
    this.#document = options.document ?? globalThis.document;
    this.#navigator = options.navigator ?? globalThis.navigator;
    this.#random = options.random ?? Math.random;
    this.#words = { ...WORDS, ...options.words };
    this.#makeUrl = options.url ?? ((cols, rows) => terminalUrl(this.#window.location, cols, rows));
    this.#early = options.early ?? null;
    this.#readOnly = options.readOnly === true;
    this.#listenToTerminal();
    this.#listenToPage();
  }

  /** 'connecting' | 'ready' | 'reconnecting' | 'ended' */
  get state() {
    return this.#state;
  }

  /** The detail object passed with the latest state change. */
  get detail() {
    return this.#detail;
  }

  /** Byte counters, for the end-to-end tests and for debugging flow control. */
  get stats() {
    return { ...this.#stats };
  }

  /**
   * @param {(state:string, detail:object) => void} listener
   * @returns {() => void} unsubscribes
   */
  onStateChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Hears every control frame the server sends (after the connection handled its own): the
   * classroom's frames (watch, keyboard, size, presenter, position) are the page's.
   * @param {(msg:object) => void} listener
   * @returns {() => void} unsubscribes
   */
  onControl(listener) {
    this.#controlListeners.add(listener);
    return () => this.#controlListeners.delete(listener);
  }

  /** Sends a control frame (JSON); false when there is no open socket. */
  sendControl(message) {
    return this.#sendControl(this.#session, message);
  }

  /** A read-only view: lets keystrokes through (the learner handed over the keyboard), or stops them. */
  allowInput(allowed) {
    this.#inputAllowed = allowed === true;
  }

  /** Whether keystrokes go to the shell now. */
  get inputAllowed() {
    return !this.#readOnly || this.#inputAllowed;
  }

  /** Opens a socket now, dropping any current one. */
  connect() {
    this.#open({});
  }

  /** The user asked for a new shell or sandbox: start over with a fresh backoff. */
  restart() {
    this.#retryAttempt = 0;
    this.#failedUpgrades = 0;
    this.connect();
  }

  /** While waiting to retry, retry now (the network came back, the tab became visible...). */
  retryNow() {
    if (this.#state === 'reconnecting') this.connect();
  }

  /**
   * Types `text` into the shell (UTF-8, as keystrokes). For Run buttons and Paste.
   * @returns {boolean} false when there is no open socket and nothing was sent
   */
  send(text) {
    return this.sendBytes(utf8Bytes(text));
  }

  /** Sends raw stdin bytes in frames of at most MAX_FRAME_BYTES. */
  sendBytes(bytes) {
    const ws = this.#openSocket();
    if (!ws || bytes.length === 0) return false;
    for (const frame of splitFrames(bytes)) {
      ws.send(frame);
      this.#stats.framesSent++;
    }
    return true;
  }

  /** Closes the socket and stops listening; the connection cannot be used afterwards. */
  dispose() {
    this.#disposed = true;
    this.#clearRetryTimer();
    clearTimeout(this.#resizeTimer);
    this.#dropSession();
    for (const dispose of this.#disposers) dispose();
    this.#disposers = [];
    this.#listeners.clear();
  }

  // ---- terminal and page events ----

  #listenToTerminal() {
    const subscriptions = [
      this.#term.onData((data) => this.#onInput(data, utf8Bytes(data))),
      this.#term.onBinary((data) => this.#onInput(data, latin1Bytes(data))),
      this.#term.onResize(() => this.#scheduleResize()),
    ];
    // The sandbox's shell keeper marks the end of the screen it replays on each connection.
    const marker = this.#term.parser?.registerOscHandler?.(REPLAYED_OSC, () => {
      if (this.#session) this.#session.replaying = false;
      return true;
    });
    if (marker) subscriptions.push(marker);
    this.#disposers.push(() => subscriptions.forEach((s) => s.dispose()));
  }

  #listenToPage() {
    const win = this.#window;
    const doc = this.#document;
    if (win?.addEventListener) {
      const onOnline = () => this.retryNow();
      win.addEventListener('online', onOnline);
      this.#disposers.push(() => win.removeEventListener('online', onOnline));
    }
    if (doc?.addEventListener) {
      const onVisibility = () => this.#onVisibilityChange();
      doc.addEventListener('visibilitychange', onVisibility);
      this.#disposers.push(() => doc.removeEventListener('visibilitychange', onVisibility));
    }
  }

  #onVisibilityChange() {
    // Background tabs get their timers throttled; don't make a returning learner wait.
    if (!this.#document.hidden) this.retryNow();
  }

  #onInput(data, bytes) {
    // xterm answers queries (cursor position, device attributes, colours) it finds in output.
    // Answers to the replayed screen's old queries are not for today's shell: drop them.
    if (this.#session?.replaying && isTerminalReport(data)) return;
    const enter = data.includes('\r');
    if (this.#state === 'ended') {
      // "Press Enter for a new shell"; after a refusal only a reload can help.
      if (enter && (this.#detail.action === 'new-shell' || this.#detail.action === 'new-sandbox')) this.restart();
      return;
    }
    if (this.#state === 'reconnecting') {
      if (enter) this.retryNow();
      return;
    }
    if (!this.inputAllowed) return;
    this.sendBytes(bytes);
  }

  #scheduleResize() {
    clearTimeout(this.#resizeTimer);
    this.#resizeTimer = setTimeout(() => this.#sendResize(), RESIZE_DEBOUNCE_MS);
  }

  #sendResize() {
    if (this.#readOnly) return; // a view draws at the size of the terminal it shows, never sets it
    const { cols, rows } = this.#term;
    const session = this.#session;
    if (!this.#openSocket()) return; // the next connect() sends the size in its URL
    if (this.#sentSize && this.#sentSize.cols === cols && this.#sentSize.rows === rows) return;
    this.#sendControl(session, { type: 'resize', cols, rows });
    this.#sentSize = { cols, rows };
  }

  // ---- socket events ----

  /** @param {object} detail shown while connecting (e.g. "at capacity" stays on screen) */
  #open(detail) {
    if (this.#disposed) return;
    this.#clearRetryTimer();
    this.#dropSession();
    const { cols, rows } = this.#term;
    const session = {
      ws: null, opened: false, exited: false, error: null, sentAtOpen: { cols, rows }, ack: null, replaying: true,
    };
    // Should the marker never come (a keeper of another version), stop filtering soon anyway.
    setTimeout(() => { session.replaying = false; }, REPLAY_FILTER_MAX_MS);
    session.ack = new AckTracker((bytes) => this.#sendAck(session, bytes));
    this.#session = session;
    this.#setState('connecting', detail);
    const early = this.#early;
    this.#early = null;
    // The early socket was opened without a size: the real one goes as a resize once it is open.
    if (early) session.sentAtOpen = { cols: 0, rows: 0 };
    try {
      session.ws = early?.ws ?? new this.#WebSocket(this.#makeUrl(cols, rows));
    } catch (error) {
      // Only a malformed URL throws here; treat it like a failed upgrade so backoff applies.
      session.error = fill(this.#words.socketFailed, { error: error.message ?? error });
      this.#onClose(session, { code: CloseCode.ABNORMAL });
      return;
    }
    const ws = session.ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => this.#onOpen(session);
    ws.onmessage = (event) => this.#onMessage(session, event);
    ws.onclose = (event) => this.#onClose(session, event);
    ws.onerror = () => {}; // a close event always follows, with the code that matters
    // What the early socket heard before it was adopted, in the order it heard it.
    this.#writingHeld = true;
    try {
      for (const { type, event } of early?.events ?? []) ws[`on${type}`](event);
    } finally {
      this.#writingHeld = false;
    }
  }

  #onOpen(session) {
    if (session !== this.#session) return;
    session.opened = true;
    this.#failedUpgrades = 0;
    this.#sentSize = session.sentAtOpen;
    if (this.#everOpened) this.#clearScreenBeforeRedraw();
    this.#everOpened = true;
    // The terminal may have been resized while the socket was opening.
    this.#sendResize();
  }

  /**
   * On every connection the shell keeper replays the screen (the shell's latest output) before
   * the live output. Resetting first makes that replay land on a clean terminal. The reset is queued behind output that is still in
   * xterm's write buffer (callbacks run in write order), so stale output cannot land on top.
   */
  #clearScreenBeforeRedraw() {
    this.#term.write('', () => this.#term.reset());
  }

  #onMessage(session, event) {
    if (session !== this.#session) return;
    if (typeof event.data === 'string') {
      this.#onControl(session, parseControl(event.data));
      return;
    }
    const bytes = new Uint8Array(event.data);
    if (bytes.length === 0) return;
    this.#stats.bytesReceived += bytes.length;
    this.#write(bytes, () => {
      this.#stats.bytesRendered += bytes.length;
      session.ack.rendered(bytes.length);
    });
  }

  /**
   * Output into xterm. xterm.js parses a write in a task of its own, after the page's next frame
   * when one is due; the output the early socket held (the prompt of a learner who comes back) is
   * parsed at once instead, so the terminal's first frame already shows it. That takes xterm's
   * writeSync, which 4.x keeps on its core, not in its public API: where it is missing (another
   * xterm.js), the output goes the usual way, only a frame later.
   */
  #write(bytes, done) {
    const core = this.#writingHeld ? this.#term._core : null;
    if (typeof core?.writeSync === 'function') {
      core.writeSync(bytes);
      done();
      return;
    }
    this.#term.write(bytes, done);
  }

  #onControl(session, msg) {
    switch (msg?.type) {
      case 'ready':
        this.#retryAttempt = 0;
        this.#failedUpgrades = 0;
        this.#setState('ready', { info: msg });
        break;
      case 'exit': {
        session.exited = true;
        const words = this.#words;
        const withCode = Number.isInteger(msg.code);
        this.#writeNote(`${DIM}${withCode ? fill(words.noteEndedCode, { code: msg.code }) : words.noteEnded}${PLAIN}`);
        this.#setState('ended', {
          reason: 'exit',
          action: 'new-shell',
          code: msg.code,
          message: withCode ? fill(words.shellEndedCode, { code: msg.code }) : words.shellEnded,
        });
        break;
      }
      case 'notice': {
        // news that does not end the session (the sandbox was replaced for this lesson)
        const message = typeof msg.message === 'string' ? msg.message : '';
        if (message) {
          this.#writeNote(`${DIM}[${message}]${PLAIN}`);
          this.#setState(this.#state, { ...this.#detail, message, fromServer: true });
        }
        break;
      }
      case 'error': {
        const message = typeof msg.message === 'string' && msg.message ? msg.message : this.#words.serverError;
        session.error = message;
        this.#writeNote(`${RED}${message}${PLAIN}`);
        this.#setState(this.#state, { ...this.#detail, message, fromServer: true });
        break;
      }
      default:
        break; // unknown control messages are for newer clients, or for the page's listeners
    }
    if (msg) {
      for (const listener of this.#controlListeners) {
        try {
          listener(msg);
        } catch (error) {
          console.error('dockerlab: control listener failed', error);
        }
      }
    }
  }

  #onClose(session, event) {
    if (session !== this.#session) return;
    session.ack.dispose();
    this.#session = null;
    this.#sentSize = null;
    if (session.exited && this.#state === 'ended') {
      return; // the exit message already ended it; keep that detail (the exit code)
    }
    if (!session.opened) this.#failedUpgrades++;
    const decision = decideClose({
      code: event.code,
      opened: session.opened,
      exited: session.exited,
      failedUpgrades: this.#failedUpgrades,
      online: this.#navigator?.onLine !== false,
    }, this.#words);
    const detail = {
      reason: decision.reason,
      code: event.code,
      action: decision.action,
      // The server's own words ("error" before the close) beat our generic ones.
      message: session.error ?? decision.message,
      fromServer: session.error !== null,
    };
    if (decision.retry === null) {
      this.#setState(decision.state, detail);
    } else if (decision.retry === 'now') {
      this.#retryAttempt = 0;
      this.#open(detail);
    } else {
      this.#scheduleRetry(decision.retry, detail);
    }
  }

  #scheduleRetry(policyName, detail) {
    // A new reason starts its own schedule: capacity after a network blip waits 15 s, not 60.
    if (policyName !== this.#retryPolicy) this.#retryAttempt = 0;
    this.#retryPolicy = policyName;
    const delayMs = backoffDelay(this.#retryAttempt, RetryPolicy[policyName], this.#random);
    this.#retryAttempt++;
    this.#clearRetryTimer();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      // Keep saying why we are retrying ("at capacity") while the new socket opens.
      this.#open({ reason: detail.reason, message: detail.message, action: detail.action, retrying: true });
    }, delayMs);
    this.#setState('reconnecting', { ...detail, delayMs, retryAt: Date.now() + delayMs });
  }

  // ---- helpers ----

  #openSocket() {
    const ws = this.#session?.ws;
    return ws && ws.readyState === 1 /* OPEN */ ? ws : null;
  }

  #sendControl(session, message) {
    if (session !== this.#session || !this.#openSocket()) return false;
    session.ws.send(JSON.stringify(message));
    return true;
  }

  #sendAck(session, bytes) {
    if (this.#sendControl(session, { type: 'ack', bytes })) this.#stats.bytesAcked += bytes;
  }

  #writeNote(text) {
    this.#term.write(`\r\n${text}\r\n`);
  }

  #dropSession() {
    const session = this.#session;
    if (!session) return;
    this.#session = null;
    session.ack.dispose();
    const ws = session.ws;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(CloseCode.NORMAL);
    } catch {
      // already closing
    }
  }

  #clearRetryTimer() {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #setState(state, detail = {}) {
    this.#state = state;
    this.#detail = detail;
    for (const listener of this.#listeners) {
      try {
        listener(state, detail);
      } catch (error) {
        console.error('dockerlab: state listener failed', error);
      }
    }
  }
}
