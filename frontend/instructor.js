// The instructor's workshop list (create form) and a workshop's page (pre-start, close).
//   POST /api/workshops {"name", "lessons", "startsAt", "endsAt"} -> 201 {"id", "code", ...}
//   POST /api/workshops/{id}/prestart {"count"} -> {"starting", "capacity"}
//   POST /api/workshops/{id}/close {"warningSeconds"} -> the workshop
// The browser sends the instructor's sign-in cookie with each (SameSite=Strict, this page's origin).

import { postJson, word } from './classroom-words.js';

/** A datetime-local value (the browser's local time) as an ISO instant, or null when empty. */
export function instantOf(localValue) {
  if (!localValue) return null;
  const date = new Date(localValue);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function show(element, answer, text) {
  element.className = `form-result ${answer.ok ? 'is-ok' : 'is-error'}`;
  element.textContent = text ?? answer.body.message ?? '';
}

const create = document.getElementById('create-form');
create?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const lessons = [...create.querySelectorAll('input[name=lessons]:checked')].map((box) => box.value);
  const answer = await postJson('/api/workshops', {
    name: create.elements.name.value,
    lessons,
    startsAt: instantOf(create.elements.startsAt.value),
    endsAt: instantOf(create.elements.endsAt.value),
  });
  if (answer.ok) {
    location.href = `/instructor/workshops/${encodeURIComponent(answer.body.id)}`;
  } else {
    show(document.getElementById('create-result'), answer);
  }
});

const workshop = document.body.dataset.workshop;

const prestart = document.getElementById('prestart-form');
prestart?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = await postJson(`/api/workshops/${encodeURIComponent(workshop)}/prestart`,
    { count: Number(prestart.elements.count.value) });
  show(document.getElementById('prestart-result'), answer,
    answer.ok ? word('prestartDone', { n: answer.body.starting }) : undefined);
});

const close = document.getElementById('close-form');
close?.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!window.confirm(word('closeQuestion'))) return;
  const minutes = Math.max(0, Number(close.elements.minutes.value) || 0);
  const answer = await postJson(`/api/workshops/${encodeURIComponent(workshop)}/close`,
    { warningSeconds: Math.round(minutes * 60) });
  if (answer.ok) location.reload();
  else show(document.getElementById('close-result'), answer);
});
