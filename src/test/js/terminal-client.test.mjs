import { test, mock, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  AckTracker, CloseCode, REPLAYED_OSC, REPLAY_FILTER_MAX_MS, RetryPolicy, TerminalConnection, backoffDelay,
  decideClose, isTerminalReport, latin1Bytes, parseControl, splitFrames, terminalUrl, utf8Bytes,
} from '../../../frontend/terminal-client.js';
import { takeEarlySocket } from '../../../frontend/terminal.js';

// ---------- pure helpers ----------

test('backoff doubles from 0.5 s and caps at 10 s before jitter', () => {
  const noJitter = () => 0;
  const delays = [0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, RetryPolicy.network, noJitter));
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
});

test('jitter adds at most 20 percent', () => {
  assert.equal(backoffDelay(0, RetryPolicy.network, () => 0.999999), 600);
  assert.equal(backoffDelay(20, RetryPolicy.network, () => 0.5), 11000);
});

test('capacity backoff stays between 15 and 36 s', () => {
  assert.equal(backoffDelay(0, RetryPolicy.capacity, () => 0), 15000);
  assert.equal(backoffDelay(1, RetryPolicy.capacity, () => 0), 30000);
  assert.equal(backoffDelay(9, RetryPolicy.capacity, () => 0.99999), 36000);
});

test('terminal url uses ws/wss of the same host with the size', () => {
  assert.equal(terminalUrl({ protocol: 'http:', host: 'localhost:8080' }, 80, 24), 'ws://localhost:8080/terminal?cols=80&rows=24');
  assert.equal(terminalUrl({ protocol: 'https:', host: 'lab.example' }, 100, 30), 'wss://lab.example/terminal?cols=100&rows=30');
  assert.equal(terminalUrl({ protocol: 'https:', host: 'lab.example' }, undefined, 0), 'wss://lab.example/terminal');
});

test('keystroke encodings', () => {
  assert.deepEqual([...utf8Bytes('é\r')], [0xc3, 0xa9, 0x0d]);
  assert.deepEqual([...latin1Bytes('\x1b[M\xff')], [0x1b, 0x5b, 0x4d, 0xff]);
});

test('frames are at most 16 KiB and cover every byte', () => {
  const bytes = new Uint8Array(40000).map((_, i) => i & 0xff);
  const frames = splitFrames(bytes);
  assert.deepEqual(frames.map((f) => f.length), [16384, 16384, 7232]);
  assert.deepEqual(Buffer.concat(frames), Buffer.from(bytes));
  assert.deepEqual(splitFrames(new Uint8Array(0)), []);
});

test('terminal reports are told from keystrokes', () => {
  for (const report of ['\x1b[?1;2c', '\x1b[>0;276;0c', '\x1b[24;80R', '\x1b[0n', '\x1b[?1;1$y', '\x1b]11;rgb:0/0/0\x07', '\x1bP1$r0m\x1b\\']) {
    assert.ok(isTerminalReport(report), JSON.stringify(report));
  }
  for (const key of ['a', '\r', '\x1b', '\x1b[A', '\x1bOP', '\x1b[15~', '\x1b[1;5C', '\x1b[200~paste\x1b[201~']) {
    assert.ok(!isTerminalReport(key), JSON.stringify(key));
  }
});

test('parseControl ignores junk', () => {
  assert.deepEqual(parseControl('{"type":"ready","x":1}'), { type: 'ready', x: 1 });
  assert.equal(parseControl('nope'), null);
  assert.equal(parseControl('[1]'), null);
  assert.equal(parseControl('{"type":5}'), null);
  assert.equal(parseControl('null'), null);
});

test('close-code decisions', () => {
  const base = { opened: true, exited: false, failedUpgrades: 0, online: true };
  const d = (over) => decideClose({ ...base, ...over });
  assert.deepEqual([d({ code: 1000 }).state, d({ code: 1000 }).action, d({ code: 1000 }).retry], ['ended', 'new-shell', null]);
  assert.equal(d({ code: 1006, exited: true }).state, 'ended');
  assert.deepEqual([d({ code: 4001 }).state, d({ code: 4001 }).retry], ['reconnecting', 'capacity']);
  assert.deepEqual([d({ code: 4002 }).state, d({ code: 4002 }).retry], ['reconnecting', 'engine']);
  assert.deepEqual([d({ code: 4003 }).state, d({ code: 4003 }).retry], ['connecting', 'now']);
  assert.deepEqual([d({ code: 4004 }).state, d({ code: 4004 }).action, d({ code: 4004 }).retry], ['ended', 'new-sandbox', null]);
  assert.deepEqual([d({ code: 4008 }).state, d({ code: 4008 }).action, d({ code: 4008 }).retry], ['ended', 'reload', null]);
  for (const code of [1001, 1006, 1011, 4000, 4999, 3000]) {
    assert.deepEqual([d({ code }).retry, d({ code }).reason], ['network', 'network'], `code ${code}`);
  }
  assert.equal(d({ code: 1006, opened: false, failedUpgrades: 2 }).reason, 'network');
  assert.equal(d({ code: 1006, opened: false, failedUpgrades: 3 }).reason, 'refused');
  assert.equal(d({ code: 1006, opened: false, failedUpgrades: 3 }).retry, 'refused');
  assert.equal(d({ code: 1006, opened: false, failedUpgrades: 5, online: false }).reason, 'offline');
});

// ---------- ack tracker ----------

test('ack goes out at 8 KiB without waiting', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent = [];
  const ack = new AckTracker((n) => sent.push(n));
  ack.rendered(4000);
  ack.rendered(4000);
  assert.deepEqual(sent, []);
  ack.rendered(200);
  assert.deepEqual(sent, [8200]);
  assert.equal(ack.pending, 0);
});

test('small output is acked 50 ms after the first pending byte', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent = [];
  const ack = new AckTracker((n) => sent.push(n));
  ack.rendered(10);
  t.mock.timers.tick(30);
  ack.rendered(20);
  t.mock.timers.tick(19);
  assert.deepEqual(sent, []);
  t.mock.timers.tick(1);
  assert.deepEqual(sent, [30]);
  t.mock.timers.tick(1000);
  assert.deepEqual(sent, [30], 'no empty acks');
});

test('a disposed tracker sends nothing', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent = [];
  const ack = new AckTracker((n) => sent.push(n));
  ack.rendered(10);
  ack.dispose();
  ack.rendered(9000);
  t.mock.timers.tick(100);
  assert.deepEqual(sent, []);
});

// ---------- the connection, with a fake socket and terminal ----------

class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    FakeSocket.all.push(this);
  }
  send(data) {
    this.sent.push(typeof data === 'string' ? JSON.parse(data) : Buffer.from(data));
  }
  close(code) { this.closedWith = code; this.readyState = 3; }
  // server side
  open() { this.readyState = 1; this.onopen?.({}); }
  text(obj) { this.onmessage?.({ data: JSON.stringify(obj) }); }
  binary(bytes) { this.onmessage?.({ data: new Uint8Array(bytes).buffer }); }
  serverClose(code) { this.readyState = 3; this.onclose?.({ code }); }
  get controls() { return this.sent.filter((m) => !Buffer.isBuffer(m)); }
  get keys() { return Buffer.concat(this.sent.filter(Buffer.isBuffer)).toString('utf8'); }
}

class FakeTerm {
  cols = 80;
  rows = 24;
  writes = [];
  resets = 0;
  #handlers = { data: [], binary: [], resize: [] };
  osc = new Map();
  parser = { registerOscHandler: (ident, fn) => { this.osc.set(ident, fn); return { dispose: () => {} }; } };
  #queue = [];
  onData(fn) { return this.#sub('data', fn); }
  onBinary(fn) { return this.#sub('binary', fn); }
  onResize(fn) { return this.#sub('resize', fn); }
  #sub(kind, fn) { this.#handlers[kind].push(fn); return { dispose: () => {} }; }
  write(data, cb) { this.#queue.push([data, cb]); }
  /** xterm parses asynchronously: callbacks run only when we say so. */
  drain() {
    while (this.#queue.length) {
      const [data, cb] = this.#queue.shift();
      this.writes.push(typeof data === 'string' ? data : Buffer.from(data).toString('latin1'));
      cb?.();
    }
  }
  reset() { this.resets++; this.writes.push('<RESET>'); }
  type(s) { this.#handlers.data.forEach((f) => f(s)); }
  typeBinary(s) { this.#handlers.binary.forEach((f) => f(s)); }
  resize(cols, rows) { this.cols = cols; this.rows = rows; this.#handlers.resize.forEach((f) => f({ cols, rows })); }
}

class FakeEvents {
  listeners = {};
  hidden = false;
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  removeEventListener(type, fn) { this.listeners[type] = (this.listeners[type] ?? []).filter((f) => f !== fn); }
  fire(type) { (this.listeners[type] ?? []).forEach((f) => f({})); }
}

function setUp(t, { online = true } = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  FakeSocket.all = [];
  const term = new FakeTerm();
  const win = new FakeEvents();
  const doc = new FakeEvents();
  const nav = { onLine: online };
  const states = [];
  const conn = new TerminalConnection(term, {
    WebSocket: FakeSocket, window: win, document: doc, navigator: nav, random: () => 0,
    url: (c, r) => `ws://test/terminal?cols=${c}&rows=${r}`,
  });
  conn.onStateChange((s, d) => states.push([s, d]));
  conn.connect();
  const ws = () => FakeSocket.all.at(-1);
  return { term, win, doc, nav, conn, states, ws };
}

test('connects with the size, goes ready, sends keys as binary', (t) => {
  const { term, conn, ws, states } = setUp(t);
  assert.equal(ws().url, 'ws://test/terminal?cols=80&rows=24');
  assert.equal(ws().binaryType, 'arraybuffer');
  assert.equal(conn.state, 'connecting');
  ws().open();
  ws().text({ type: 'ready', shell: 'bash' });
  assert.equal(conn.state, 'ready');
  term.type('ls é\r');
  term.typeBinary('\x1b[M !!');
  assert.equal(ws().keys, 'ls é\r\x1b[M !!');
  assert.equal(ws().controls.length, 0, 'no resize when the size did not change');
  assert.deepEqual(states.map(([s]) => s), ['connecting', 'ready']);
});

test('a big paste is split into 16 KiB frames', (t) => {
  const { conn, ws } = setUp(t);
  ws().open();
  assert.equal(conn.send('x'.repeat(50000)), true);
  assert.deepEqual(ws().sent.map((f) => f.length), [16384, 16384, 16384, 848]);
});

test('resize is debounced and sent as JSON', (t) => {
  const { term, ws } = setUp(t);
  ws().open();
  term.resize(90, 30);
  term.resize(100, 31);
  t.mock.timers.tick(99);
  assert.deepEqual(ws().controls, []);
  t.mock.timers.tick(1);
  assert.deepEqual(ws().controls, [{ type: 'resize', cols: 100, rows: 31 }]);
});

test('a resize while the socket opens is sent on open', (t) => {
  const { term, ws } = setUp(t);
  term.resize(120, 40);
  t.mock.timers.tick(200);
  ws().open();
  assert.deepEqual(ws().controls, [{ type: 'resize', cols: 120, rows: 40 }]);
});

test('output is written and acked only after xterm renders it', (t) => {
  const { term, conn, ws } = setUp(t);
  ws().open();
  ws().text({ type: 'ready' });
  ws().binary(Buffer.from('hello'));
  t.mock.timers.tick(100);
  assert.deepEqual(ws().controls, [], 'nothing rendered yet, so no credit');
  term.drain();
  assert.deepEqual(ws().controls, []);
  t.mock.timers.tick(50);
  assert.deepEqual(ws().controls, [{ type: 'ack', bytes: 5 }]);
  for (let i = 0; i < 10; i++) ws().binary(new Uint8Array(4096));
  term.drain();
  assert.deepEqual(ws().controls.slice(1), [
    { type: 'ack', bytes: 8192 }, { type: 'ack', bytes: 8192 }, { type: 'ack', bytes: 8192 },
    { type: 'ack', bytes: 8192 }, { type: 'ack', bytes: 8192 }]);
  assert.deepEqual(conn.stats, { bytesReceived: 40965, bytesRendered: 40965, bytesAcked: 40965, framesSent: 0 });
});

test('the server never waits on credit: 128 KiB in 16 KiB frames are all acked', (t) => {
  const { term, conn, ws } = setUp(t);
  ws().open();
  let unacked = 0;
  for (let i = 0; i < 8; i++) { ws().binary(new Uint8Array(16384)); unacked += 16384; }
  term.drain();
  t.mock.timers.tick(50);
  const acked = ws().controls.filter((m) => m.type === 'ack').reduce((a, m) => a + m.bytes, 0);
  assert.equal(acked, unacked);
  assert.equal(conn.stats.bytesAcked, unacked);
});

test('network loss: reconnecting with backoff 0.5, 1, 2 s, reset after ready', (t) => {
  const { conn, ws, term } = setUp(t);
  ws().open();
  ws().text({ type: 'ready' });
  ws().serverClose(1006);
  assert.equal(conn.state, 'reconnecting');
  assert.equal(conn.detail.delayMs, 500);
  assert.equal(conn.detail.retryAt, Date.now() + 500);
  t.mock.timers.tick(500);
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(conn.state, 'connecting');
  ws().open(); // server up but closes before ready
  ws().serverClose(1011);
  assert.equal(conn.detail.delayMs, 1000);
  t.mock.timers.tick(1000);
  ws().open();
  ws().serverClose(1001);
  assert.equal(conn.detail.delayMs, 2000);
  t.mock.timers.tick(2000);
  ws().open();
  ws().text({ type: 'ready' });
  assert.equal(term.resets, 0, 'reset is queued behind pending writes');
  term.drain();
  assert.equal(term.resets, 3, 'one reset per reopened socket, none for the first');
  ws().serverClose(1006);
  assert.equal(conn.detail.delayMs, 500, 'backoff starts over after ready');
});

test('reset is queued after stale output and before the redraw', (t) => {
  const { conn, ws, term } = setUp(t);
  ws().open();
  ws().binary(Buffer.from('old'));
  ws().serverClose(1006);
  t.mock.timers.tick(500);
  ws().open();
  ws().binary(Buffer.from('redraw'));
  term.drain();
  assert.deepEqual(term.writes, ['old', '', '<RESET>', 'redraw']);
  // and credit for "old" was not given to the new socket
  t.mock.timers.tick(50);
  assert.deepEqual(ws().controls, [{ type: 'ack', bytes: 6 }]);
  assert.equal(conn.stats.bytesAcked, 6);
});

test('failed upgrades: after 3 in a row the user is told to reload and retries slow down', (t) => {
  const { conn, ws } = setUp(t);
  ws().serverClose(1006);
  assert.equal(conn.detail.reason, 'network');
  t.mock.timers.tick(conn.detail.delayMs);
  ws().serverClose(1006);
  assert.equal(conn.detail.reason, 'network');
  t.mock.timers.tick(conn.detail.delayMs);
  ws().serverClose(1006);
  assert.equal(conn.state, 'reconnecting');
  assert.equal(conn.detail.reason, 'refused');
  assert.equal(conn.detail.message, 'Refused by the server — reload the page');
  assert.equal(conn.detail.delayMs, 15000, 'slow retry');
  assert.equal(conn.detail.action, 'reload');
  t.mock.timers.tick(15000);
  ws().serverClose(1006);
  assert.equal(conn.detail.delayMs, 30000);
});

test('offline failures do not count as refusals, and online retries at once', (t) => {
  const { conn, ws, nav, win } = setUp(t, { online: false });
  for (let i = 0; i < 4; i++) {
    ws().serverClose(1006);
    assert.equal(conn.detail.reason, 'offline');
    if (i < 3) t.mock.timers.tick(conn.detail.delayMs);
  }
  const before = FakeSocket.all.length;
  nav.onLine = true;
  win.fire('online');
  assert.equal(FakeSocket.all.length, before + 1);
  assert.equal(conn.state, 'connecting');
});

test('becoming visible while disconnected retries at once', (t) => {
  const { conn, ws, doc } = setUp(t);
  ws().open();
  ws().serverClose(1006);
  doc.hidden = true;
  doc.fire('visibilitychange');
  assert.equal(FakeSocket.all.length, 1);
  doc.hidden = false;
  doc.fire('visibilitychange');
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(conn.state, 'connecting');
});

test('visibility does nothing while ready', (t) => {
  const { ws, doc } = setUp(t);
  ws().open();
  ws().text({ type: 'ready' });
  doc.fire('visibilitychange');
  assert.equal(FakeSocket.all.length, 1);
});

test('exit then 1000: ended, Enter starts a new shell', (t) => {
  const { conn, ws, term } = setUp(t);
  ws().open();
  ws().text({ type: 'ready' });
  ws().text({ type: 'exit', code: 0 });
  assert.equal(conn.state, 'ended');
  assert.equal(conn.detail.action, 'new-shell');
  ws().serverClose(1000);
  assert.equal(conn.state, 'ended');
  assert.equal(conn.detail.code, 0);
  t.mock.timers.tick(60000);
  assert.equal(FakeSocket.all.length, 1, 'no auto-reconnect');
  term.type('x');
  assert.equal(FakeSocket.all.length, 1);
  term.type('\r');
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(conn.state, 'connecting');
});

test('4001 at capacity: long backoff, keeps saying so while reconnecting', (t) => {
  const { conn, ws, term } = setUp(t);
  ws().open();
  ws().text({ type: 'error', message: 'All 20 sandboxes are in use.' });
  term.drain();
  assert.match(term.writes.join(''), /\r\n\x1b\[1;31mAll 20 sandboxes are in use\.\x1b\[0m\r\n/);
  ws().serverClose(4001);
  assert.equal(conn.state, 'reconnecting');
  assert.equal(conn.detail.message, 'All 20 sandboxes are in use.');
  assert.equal(conn.detail.delayMs, 15000);
  t.mock.timers.tick(15000);
  assert.equal(conn.state, 'connecting');
  assert.equal(conn.detail.message, 'All 20 sandboxes are in use.');
  ws().open();
  ws().serverClose(4001);
  assert.equal(conn.detail.delayMs, 30000);
  assert.match(conn.detail.message, /capacity/);
});

test('4002 engine unavailable retries with backoff', (t) => {
  const { conn, ws } = setUp(t);
  ws().open();
  ws().serverClose(4002);
  assert.equal(conn.state, 'reconnecting');
  assert.equal(conn.detail.delayMs, 2000);
  assert.match(conn.detail.message, /Docker/);
});

test('4006 detached by the shell keeper reconnects with backoff', (t) => {
  const { conn, ws } = setUp(t);
  ws().open();
  ws().text({ type: 'ready' });
  ws().serverClose(CloseCode.DETACHED);
  assert.equal(conn.state, 'reconnecting');
  assert.equal(conn.detail.reason, 'detached');
  t.mock.timers.tick(500);
  assert.equal(FakeSocket.all.length, 2, 'a new socket after the first backoff step');
});

test('4003 reset reconnects at once', (t) => {
  const { conn, ws } = setUp(t);
  ws().open();
  ws().text({ type: 'ready' });
  ws().serverClose(4003);
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(conn.state, 'connecting');
  assert.equal(conn.detail.reason, 'reset');
});

test('4004 expired: ended with a new-sandbox action, no retry', (t) => {
  const { conn, ws } = setUp(t);
  ws().open();
  ws().serverClose(4004);
  assert.equal(conn.state, 'ended');
  assert.equal(conn.detail.action, 'new-sandbox');
  t.mock.timers.tick(120000);
  assert.equal(FakeSocket.all.length, 1);
  conn.restart();
  assert.equal(FakeSocket.all.length, 2);
});

test('4008 refused: ended, Enter does not reconnect', (t) => {
  const { conn, ws, term } = setUp(t);
  ws().open();
  ws().serverClose(4008);
  assert.equal(conn.state, 'ended');
  assert.equal(conn.detail.action, 'reload');
  term.type('\r');
  t.mock.timers.tick(120000);
  assert.equal(FakeSocket.all.length, 1);
});

test('events from a replaced socket are ignored', (t) => {
  const { conn, term } = setUp(t);
  const first = FakeSocket.all[0];
  first.open();
  conn.restart();
  assert.equal(first.closedWith, 1000);
  first.serverClose(4008);
  assert.equal(conn.state, 'connecting');
  first.binary(Buffer.from('stale'));
  term.drain();
  assert.deepEqual(term.writes, []);
});

test('send while disconnected reports false', (t) => {
  const { conn } = setUp(t);
  assert.equal(conn.send('ls\r'), false);
});

test('dispose closes the socket and stops retries', (t) => {
  const { conn, ws } = setUp(t);
  ws().open();
  const s = ws();
  conn.dispose();
  assert.equal(s.closedWith, 1000);
  t.mock.timers.tick(60000);
  assert.equal(FakeSocket.all.length, 1);
});

test('4005 (server not set up) retries slowly with its message; 1008 asks for a reload', () => {
  const notReady = decideClose({ code: CloseCode.NOT_READY, opened: true, exited: false, failedUpgrades: 0 });
  assert.equal(notReady.state, 'reconnecting');
  assert.equal(notReady.retry, 'engine');
  const policy = decideClose({ code: CloseCode.POLICY_VIOLATION, opened: true, exited: false, failedUpgrades: 0 });
  assert.equal(policy.state, 'ended');
  assert.equal(policy.action, 'reload');
});

test('answers to queries in the replayed screen are dropped until its end marker', (t) => {
  const { term, ws } = setUp(t);
  ws().open();
  ws().text({ type: 'ready' });
  term.type('\x1b[?1;2c');
  term.type('ls\r');
  assert.equal(ws().keys, 'ls\r', 'the report xterm made for an old query is not typed into the shell');
  term.osc.get(REPLAYED_OSC)('replayed');
  term.type('\x1b[24;80R');
  assert.equal(ws().keys, 'ls\r\x1b[24;80R', 'after the replay, reports answer the live shell');
});

test('without an end marker the replay filter stops by itself', (t) => {
  const { term, ws } = setUp(t);
  ws().open();
  t.mock.timers.tick(REPLAY_FILTER_MAX_MS);
  term.type('\x1b[0n');
  assert.equal(ws().keys, '\x1b[0n');
});

/**
 * A socket the page's head opened, open and holding what `hear(early)` sends it, as early-socket.js
 * keeps it ({ws, lesson, events}), and a connection over `term` that adopts it.
 */
function adoptEarly(t, term, hear) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  FakeSocket.all = [];
  const early = new FakeSocket('ws://test/terminal?lesson=x');
  const events = [];
  early.onopen = (event) => events.push({ type: 'open', event });
  early.onmessage = (event) => events.push({ type: 'message', event });
  early.open();
  hear(early);
  const conn = new TerminalConnection(term, {
    WebSocket: FakeSocket, window: new FakeEvents(), document: new FakeEvents(), navigator: { onLine: true },
    url: () => 'ws://test/unused', early: { ws: early, lesson: 'x', events },
  });
  return { early, conn };
}

test('a socket opened early is adopted: what it heard is replayed in order, then the real size sent', (t) => {
  const term = new FakeTerm();
  const { early, conn } = adoptEarly(t, term, (ws) => {
    ws.binary([0x24, 0x20]);
    ws.text({ type: 'ready', shell: 'bash' });
  });
  conn.connect();
  term.drain();
  assert.equal(FakeSocket.all.length, 1, 'no second socket');
  assert.equal(conn.state, 'ready');
  assert.deepEqual(term.writes, ['$ ']);
  assert.deepEqual(early.controls, [{ type: 'resize', cols: 80, rows: 24 }]);
  term.type('ls\r');
  assert.equal(early.keys, 'ls\r');
});

test('what the early socket held is parsed at once when xterm can (writeSync); what comes after is written as usual', (t) => {
  const term = new FakeTerm();
  const parsedAtOnce = [];
  term._core = { writeSync: (data) => parsedAtOnce.push(Buffer.from(data).toString('latin1')) };
  const { early, conn } = adoptEarly(t, term, (ws) => {
    ws.text({ type: 'ready', shell: 'bash' });
    ws.binary([0x24, 0x20]);
  });
  conn.connect();
  assert.deepEqual(parsedAtOnce, ['$ '], 'the held prompt is in the terminal before connect() returns');
  assert.equal(conn.stats.bytesRendered, 2, 'and counted as rendered, so its ack goes as usual');
  early.binary([0x6c, 0x73]);
  assert.deepEqual(parsedAtOnce, ['$ '], 'live output is not parsed at once');
  term.drain();
  assert.deepEqual(term.writes, ['ls']);
});

test('an early socket that closed before adoption reconnects as any lost socket does', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  FakeSocket.all = [];
  const early = new FakeSocket('ws://test/terminal?lesson=x');
  const events = [{ type: 'close', event: { code: 1006 } }];
  const term = new FakeTerm();
  const conn = new TerminalConnection(term, {
    WebSocket: FakeSocket, window: new FakeEvents(), document: new FakeEvents(), navigator: { onLine: true },
    random: () => 0, url: () => 'ws://test/again', early: { ws: early, lesson: 'x', events },
  });
  conn.connect();
  assert.equal(conn.state, 'reconnecting');
  t.mock.timers.tick(10_000);
  assert.equal(FakeSocket.all.at(-1).url, 'ws://test/again');
});

/** early-socket.js run as the lesson page runs it (a classic script in its head), on a page of lesson `x`. */
function earlySocketPage() {
  const page = {}; // the page's globalThis
  const document = { querySelector: (q) => (q.includes('dockerlab-lesson') ? { content: 'x' } : null) };
  const script = readFileSync(new URL('../../../frontend/early-socket.js', import.meta.url), 'utf8');
  new Function('globalThis', 'document', 'location', 'WebSocket', 'setTimeout', script)(
    page, document, { protocol: 'http:', host: 'test' }, FakeSocket, (fn, ms) => setTimeout(fn, ms));
  return page;
}

test('the page opens its socket at once, for its lesson and without a size', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.all = [];
  const page = earlySocketPage();
  assert.deepEqual(FakeSocket.all.map((s) => s.url), ['ws://test/terminal?lesson=x']);
  assert.equal(takeEarlySocket('another', page), null, 'not for another lesson');
  assert.equal(FakeSocket.all[0].readyState, 3, 'closed instead');
  assert.equal(takeEarlySocket('x', page), null, 'taken once');
});

test('an early socket nobody adopts is closed after a while; an adopted one stays', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.all = [];
  const unadopted = earlySocketPage();
  const adopted = earlySocketPage();
  const [left, taken] = FakeSocket.all;
  assert.equal(takeEarlySocket('x', adopted).ws, taken);
  t.mock.timers.tick(15000);
  assert.equal(left.readyState, 3, 'the unadopted socket is closed');
  assert.equal(takeEarlySocket('x', unadopted), null, 'and no longer offered');
  assert.equal(taken.readyState, 0, 'the adopted one is the terminal\'s');
});

test('what the early socket heard before adoption is kept in order', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.all = [];
  const page = earlySocketPage();
  const ws = FakeSocket.all[0];
  ws.open();
  ws.binary([0x24]);
  ws.text({ type: 'ready' });
  assert.deepEqual(takeEarlySocket('x', page).events.map((e) => e.type), ['open', 'message', 'message']);
});
