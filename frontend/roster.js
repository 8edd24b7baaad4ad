// The live roster: every learner of the workshop, polled every 2 s from
//   GET /api/workshops/{id}/roster  -> [{"name", "lesson", "step", "passed", "lastActivity", "sandbox", ...}]
//   GET /api/workshops/{id}/totals  -> [{"lesson", "lessonTitle", "step", "finished", "of"}]
// sortable by each column; the learner stuck longest on one step stands out.

import { word } from './classroom-words.js';
import { agoParts, secondsSince, sortEntries, totalsByLesson } from './roster-model.js';

const POLL_MS = 2000;
const workshop = encodeURIComponent(document.body.dataset.workshop);
const body = document.querySelector('#roster tbody');
const empty = document.getElementById('roster-empty');
const updated = document.getElementById('roster-updated');
const count = document.getElementById('roster-count');
const totalsBox = document.getElementById('totals');

let sortKey = 'name';
let ascending = true;
let entries = [];

function ago(seconds) {
  const parts = agoParts(seconds);
  if (!parts) return word('never');
  return word(parts[0] === 'seconds' ? 'agoSeconds' : 'agoMinutes', { n: parts[1] });
}

function duration(seconds) {
  const parts = agoParts(seconds);
  if (!parts) return '—';
  return word(parts[0] === 'seconds' ? 'durationSeconds' : 'durationMinutes', { n: parts[1] });
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function render() {
  body.replaceChildren();
  for (const e of sortEntries(entries, sortKey, ascending)) {
    const row = document.createElement('tr');
    row.dataset.learner = e.id;
    if (e.stuck) row.classList.add('is-stuck');
    if (e.stuckLongest) row.classList.add('is-stuck-longest');
    const name = cell(row, e.name, 'name');
    // the learner's terminal, live and read-only (shadowing)
    const view = document.createElement('a');
    view.className = 'roster-view';
    view.href = `/instructor/workshops/${encodeURIComponent(document.body.dataset.workshop)}/shadow/${encodeURIComponent(e.id)}`;
    view.textContent = word('rosterView');
    name.append(' ', view);
    if (e.stuckLongest) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = word('rosterStuck');
      name.append(' ', badge);
    }
    cell(row, e.lessonTitle ?? '—');
    cell(row, e.step ?? '—', 'number');
    cell(row, `${e.passed} / ${e.steps}`, 'number');
    cell(row, duration(e.onStepSeconds), 'number');
    cell(row, ago(secondsSince(e.lastActivity)));
    const sandbox = cell(row, word(`sandbox${e.sandbox[0].toUpperCase()}${e.sandbox.slice(1)}`), 'sandbox');
    sandbox.dataset.state = e.sandbox;
    body.append(row);
  }
  empty.hidden = entries.length > 0;
  count.textContent = word('rosterCount', { n: entries.length });
  for (const button of document.querySelectorAll('#roster th button')) {
    const th = button.closest('th');
    if (button.dataset.sort === sortKey) th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  }
}

function renderTotals(totals) {
  totalsBox.replaceChildren();
  for (const lesson of totalsByLesson(totals)) {
    const h = document.createElement('h3');
    h.textContent = lesson.title;
    const list = document.createElement('ol');
    list.className = 'totals';
    for (const t of lesson.steps) {
      const li = document.createElement('li');
      const bar = document.createElement('progress');
      bar.max = Math.max(1, t.of);
      bar.value = t.finished;
      const text = document.createElement('span');
      text.textContent = word('rosterTotal', { done: t.finished, all: t.of, step: t.step });
      li.append(bar, text);
      list.append(li);
    }
    totalsBox.append(h, list);
  }
}

async function poll() {
  try {
    const [roster, totals] = await Promise.all([
      fetch(`/api/workshops/${workshop}/roster`, { headers: { Accept: 'application/json' } }),
      fetch(`/api/workshops/${workshop}/totals`, { headers: { Accept: 'application/json' } }),
    ]);
    if (!roster.ok || !totals.ok) throw new Error(`${roster.status}/${totals.status}`);
    entries = await roster.json();
    render();
    renderTotals(await totals.json());
    updated.textContent = word('rosterUpdated', { time: new Date().toLocaleTimeString() });
    updated.classList.remove('is-error');
  } catch {
    updated.textContent = word('rosterOffline');
    updated.classList.add('is-error');
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

for (const button of document.querySelectorAll('#roster th button')) {
  button.addEventListener('click', () => {
    if (sortKey === button.dataset.sort) ascending = !ascending;
    else { sortKey = button.dataset.sort; ascending = true; }
    render();
  });
}

poll();
