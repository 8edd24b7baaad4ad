// The join page: the learner types the workshop's code and a display name;
// POST /api/workshops/join {"code", "name"} -> {"name", "lessons", "message"} or {"message"} (404, 410, 429).
// On success the catalog, which then shows the workshop's lessons, opens.

import { postJson } from './classroom-words.js';

const form = document.getElementById('join-form');
const result = document.getElementById('join-result');

form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  result.className = 'form-result';
  result.textContent = '';
  const answer = await postJson('/api/workshops/join', {
    code: form.elements.code.value,
    name: form.elements.name.value,
  });
  result.textContent = answer.body.message ?? '';
  if (answer.ok) {
    result.classList.add('is-ok');
    setTimeout(() => { location.href = '/'; }, 900);
  } else {
    result.classList.add('is-error');
    button.disabled = false;
  }
});
