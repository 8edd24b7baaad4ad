// The classroom's live parts (docs/protocol.md, "Classroom sockets"):
//  - on a learner's lesson page: the "an instructor is viewing" notice with the keyboard
//    hand-over (watch frames on the learner's own /terminal), and the presenter pane: the
//    workshop instructor's terminal, read-only, with "follow the presenter";
//  - on the instructor's present page: the lesson position sent as the instructor scrolls;
//  - the instructor's shadow page: a learner's terminal, read-only until the learner hands over
//    the keyboard.
// The decisions (what the notice says, where a position leads) are pure exported functions,
// tested without a browser (src/test/js/live.test.mjs).

import { TerminalConnection, terminalUrl } from './terminal-client.js';
import { terminalOptions } from './terminal.js';
import { pageWords, say } from './words.js';

/**
 * What the learner's page shows for a watch frame ({viewers, keyboard, instructor}):
 * null while nobody views, else {text, actions} where actions are the buttons to offer.
 */
export function watchView(msg, words = { say }) {
  if (!msg || !(msg.viewers > 0)) return null;
  const name = typeof msg.instructor === 'string' && msg.instructor ? msg.instructor : '';
  switch (msg.keyboard) {
    case 'asked':
      return { kind: 'asked', text: words.say('watchAsked', { name }), actions: ['keyboard-accept', 'keyboard-decline'] };
    case 'instructor':
      return { kind: 'typing', text: words.say('watchTyping', { name }), actions: ['keyboard-take-back'] };
    default:
      return { kind: 'viewing', text: words.say('watchViewing', { name }), actions: [] };
  }
}

/**
 * Where a presenter's position takes a learner who follows: null (stay), {scroll: step} on this
 * lesson, or {href} to the presenter's lesson.
 */
export function followTarget(position, currentSlug) {
  if (!position || typeof position.lesson !== 'string' || !Number.isInteger(position.step)) return null;
  if (position.lesson === currentSlug) return { scroll: position.step };
  return { href: `/lessons/${encodeURIComponent(position.lesson)}${position.step > 0 ? `#step-${position.step}` : ''}` };
}

/** The step a lesson pane shows now: the last step whose top is above the pane's upper third; 0 above the first. */
export function currentStep(sections, paneTop, paneHeight) {
  let step = 0;
  for (const section of sections) {
    if (section.top <= paneTop + paneHeight / 3) step = section.step;
  }
  return step;
}

/** The views this page opened ({presenter, shadow}: xterm Terminals); the browser tests read their screens here. */
const opened = {};

export function openedViews() {
  return opened;
}

const ACTION_WORDS = {
  'keyboard-accept': 'watchAccept',
  'keyboard-decline': 'watchDecline',
  'keyboard-take-back': 'watchTakeBack',
};

/** The learner's side of shadowing: renders watch frames from `connection` into `bar`. */
export function showWatch({ connection, bar }) {
  if (!bar) return;
  const render = (msg) => {
    const view = watchView(msg);
    bar.replaceChildren();
    bar.hidden = view === null;
    if (!view) return;
    bar.dataset.kind = view.kind;
    const text = document.createElement('span');
    text.className = 'watch-text';
    text.textContent = view.text;
    bar.append(text);
    for (const action of view.actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = action;
      button.textContent = say(ACTION_WORDS[action]);
      button.addEventListener('click', () => connection.sendControl({ type: action }));
      bar.append(button);
    }
  };
  connection.onControl((msg) => {
    if (msg.type === 'watch') render(msg);
  });
  // a new socket starts unwatched; the server sends the state right after ready when someone views
  connection.onStateChange((state) => {
    if (state !== 'ready') render(null);
  });
}

/**
 * An xterm for a read-only view, drawn at the size of the terminal it shows, its font fitted to `box`:
 * a learner's terminal's options (font, colours, renderer), without the blinking cursor, the keys
 * and most of the scrollback.
 */
function viewTerminal(container, box, fontSize) {
  const term = new Terminal({ ...terminalOptions(fontSize), cursorBlink: false, scrollback: 2000, disableStdin: true });
  term.open(container);
  let size = { cols: 80, rows: 24 };
  const fitFont = () => {
    const screen = container.querySelector('.xterm-screen');
    if (!screen || !box.clientWidth) return;
    const current = term.getOption('fontSize');
    const wide = (box.clientWidth - 16) / screen.offsetWidth;
    const high = (box.clientHeight - 8) / screen.offsetHeight;
    const next = Math.max(7, Math.min(fontSize, Math.floor(current * Math.min(wide, high))));
    if (next !== current) term.setOption('fontSize', next);
  };
  const drawAt = (cols, rows) => {
    if (!Number.isInteger(cols) || !Number.isInteger(rows)) return;
    size = { cols, rows };
    term.resize(cols, rows);
    requestAnimationFrame(fitFont);
  };
  new ResizeObserver(() => requestAnimationFrame(fitFont)).observe(box);
  return { term, drawAt, size: () => size };
}

function socketUrl(path) {
  return terminalUrl(window.location, undefined, undefined, undefined, 1, path);
}

/** Follow the presenter: the learner's choice, kept in this browser. */
const FOLLOW_KEY = 'dockerlab.followPresenter';
const PANE_KEY = 'dockerlab.presenterPane';

function stored(key, fallback) {
  try {
    const value = localStorage.getItem(key);
    return value === null ? fallback : value === 'true';
  } catch {
    return fallback;
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, String(value));
  } catch {
    // private mode: the choice lasts for this page
  }
}

/**
 * The presenter pane on a learner's lesson page: the workshop's instructor's terminal, read-only
 * (its own socket, /workshops/{id}/presenter), collapsible; "follow the presenter" moves the
 * lesson pane to the instructor's lesson and step. The learner's own terminal is untouched.
 */
export function startPresenterPane({ workshop, slug, pane, onLayout }) {
  const section = document.getElementById('presenter');
  if (!section || !workshop) return null;
  const body = section.querySelector('.presenter-body');
  const toggle = section.querySelector('.presenter-toggle');
  const follow = section.querySelector('.presenter-follow input');
  const state = section.querySelector('.presenter-state');
  const view = viewTerminal(section.querySelector('.presenter-terminal'), body, 15);
  const connection = new TerminalConnection(view.term, {
    url: () => socketUrl(`/workshops/${encodeURIComponent(workshop)}/presenter`),
    words: pageWords,
    readOnly: true,
  });
  section.hidden = false;
  follow.checked = stored(FOLLOW_KEY, true);
  follow.addEventListener('change', () => store(FOLLOW_KEY, follow.checked));
  const setOpen = (open) => {
    body.hidden = !open;
    section.classList.toggle('is-collapsed', !open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = say(open ? 'presenterHide' : 'presenterShow');
    store(PANE_KEY, open);
    onLayout?.();
  };
  toggle.addEventListener('click', () => setOpen(body.hidden));
  setOpen(stored(PANE_KEY, true));
  let live = false;
  const showState = () => {
    const connected = connection.state === 'ready';
    section.dataset.live = String(live && connected);
    state.textContent = !connected ? say('presenterConnecting') : say(live ? 'presenterLive' : 'presenterOffline');
  };
  connection.onStateChange(showState);
  connection.onControl((msg) => {
    switch (msg.type) {
      case 'presenter':
        live = msg.live === true;
        showState();
        break;
      case 'size':
        view.drawAt(msg.cols, msg.rows);
        break;
      case 'position': {
        if (!follow.checked) break;
        const target = followTarget(msg, slug);
        if (target?.href) window.location.assign(target.href);
        else if (target) scrollToStep(pane, target.scroll);
        break;
      }
      default:
        break;
    }
  });
  connection.connect();
  opened.presenter = view.term;
  return { connection, term: view.term };
}

function scrollToStep(pane, step) {
  const target = step > 0 ? document.getElementById(`step-${step}`) : pane?.firstElementChild;
  target?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** The instructor's present page: tells the learners who follow where the lesson pane is. */
export function reportPosition({ pane, slug, connection }) {
  if (!pane || !slug) return;
  const steps = [...pane.querySelectorAll('section.step[data-step]')];
  let sent = null;
  const send = () => {
    const box = pane.getBoundingClientRect();
    const step = currentStep(steps.map((s) => ({ step: Number(s.dataset.step), top: s.getBoundingClientRect().top })),
      box.top, box.height);
    if (step === sent) return;
    if (connection.sendControl({ type: 'position', lesson: slug, step })) sent = step;
  };
  let timer = null;
  pane.addEventListener('scroll', () => {
    clearTimeout(timer);
    timer = setTimeout(send, 150);
  }, { passive: true });
  connection.onStateChange((state) => {
    if (state === 'ready') {
      sent = null;
      send();
    }
  });
}

/** The instructor's shadow page: a learner's terminal, read-only until the learner hands over the keyboard. */
export function startShadow() {
  const page = document.body.dataset;
  const box = document.getElementById('shadow-box');
  const view = viewTerminal(document.getElementById('terminal'), box, 18);
  const connection = new TerminalConnection(view.term, {
    url: () => socketUrl(`/workshops/${encodeURIComponent(page.workshop)}/shadow/${encodeURIComponent(page.learner)}`),
    words: pageWords,
    readOnly: true,
  });
  const status = document.getElementById('status');
  const keyboard = document.getElementById('keyboard-state');
  const ask = document.getElementById('keyboard-ask');
  const giveBack = document.getElementById('keyboard-release');
  const showKeyboard = (state) => {
    const typing = state === 'granted';
    connection.allowInput(typing);
    view.term.setOption('disableStdin', !typing);
    keyboard.dataset.state = state;
    keyboard.textContent = say(KEYBOARD_WORDS[state] ?? 'keyboardReadOnly');
    ask.hidden = typing || state === 'asked';
    giveBack.hidden = !typing;
    if (typing) view.term.focus();
  };
  connection.onStateChange((state, detail) => {
    status.dataset.state = state;
    status.textContent = detail?.message && state !== 'ready' ? detail.message : say(STATUS_WORDS[state] ?? 'statusConnecting');
    if (state !== 'ready') showKeyboard('read-only');
  });
  connection.onControl((msg) => {
    if (msg.type === 'ready') view.drawAt(msg.cols, msg.rows);
    if (msg.type === 'size') view.drawAt(msg.cols, msg.rows);
    if (msg.type === 'keyboard') showKeyboard(msg.state === 'taken-back' || msg.state === 'released' ? 'read-only' : msg.state);
    if (msg.type === 'keyboard' && msg.state === 'taken-back') keyboard.textContent = say('keyboardTakenBack');
    if (msg.type === 'keyboard' && msg.state === 'declined') keyboard.textContent = say('keyboardDeclined');
  });
  ask.addEventListener('click', () => connection.sendControl({ type: 'keyboard-request' }));
  giveBack.addEventListener('click', () => connection.sendControl({ type: 'keyboard-release' }));
  showKeyboard('read-only');
  connection.connect();
  opened.shadow = view.term;
  return { connection, term: view.term };
}

const KEYBOARD_WORDS = {
  'read-only': 'keyboardReadOnly',
  asked: 'keyboardAsked',
  granted: 'keyboardGranted',
  declined: 'keyboardDeclined',
};

const STATUS_WORDS = {
  connecting: 'statusConnecting',
  ready: 'statusReady',
  reconnecting: 'statusReconnectingNow',
  ended: 'statusEnded',
};
