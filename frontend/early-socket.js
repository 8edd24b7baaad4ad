// The terminal's WebSocket, opened while the lesson page is still arriving: the server writes this
// script into the top of the page's head (a classic script, so it runs right where it stands,
// before anything else is fetched), and the server creates or claims the learner's sandbox and
// starts the shell while the browser is still loading and running xterm.js and the page's code.
// What the socket says meanwhile is held, in order, until the terminal adopts it (terminal.js's
// takeEarlySocket; terminal-client.js replays it). It leaves {ws, lesson, events} in
// globalThis.dockerlabEarlySocket, and performance marks (dockerlab:*) of where the wait goes.
(() => {
  // A socket nobody adopted by then (the page's code failed to load) is closed: it would hold one
  // of the learner's terminals. A terminal opened later connects a socket of its own.
  const UNADOPTED_MS = 15000;
  const mark = (name) => globalThis.performance?.mark?.(`dockerlab:${name}`);
  const lesson = document.querySelector('meta[name="dockerlab-lesson"]')?.content;
  if (!lesson || typeof WebSocket !== 'function') return;
  mark('socket');
  // No size yet (the terminal does not exist): the server's default, corrected on adoption.
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}/terminal?lesson=${encodeURIComponent(lesson)}`);
  ws.binaryType = 'arraybuffer';
  const events = [];
  ws.onopen = (event) => {
    mark('socket-open');
    events.push({ type: 'open', event });
  };
  ws.onmessage = (event) => {
    if (!events.some((e) => e.type === 'message')) mark('socket-first-message');
    if (typeof event.data !== 'string' && !events.some((e) => e.type === 'message' && typeof e.event.data !== 'string')) {
      mark('socket-first-output'); // the shell's screen, held until the terminal adopts the socket
    }
    events.push({ type: 'message', event });
  };
  ws.onclose = (event) => events.push({ type: 'close', event });
  const early = { ws, lesson, events };
  globalThis.dockerlabEarlySocket = early;
  setTimeout(() => {
    if (globalThis.dockerlabEarlySocket !== early) return;
    delete globalThis.dockerlabEarlySocket;
    ws.close();
  }, UNADOPTED_MS);
})();
