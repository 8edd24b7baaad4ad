// The roster's pure parts (frontend/roster-model.js), run by FrontendUnitTest with node --test.
import assert from 'node:assert/strict';
import test from 'node:test';

import { agoParts, secondsSince, sortEntries, totalsByLesson } from '../../../frontend/roster-model.js';

const entries = [
  { name: 'Linus', lesson: 'b', lessonTitle: 'Beta', step: 2, passed: 3, onStepSeconds: null, lastActivity: '2026-12-02T10:00:05Z', sandbox: 'none' },
  { name: 'ada', lesson: 'a', lessonTitle: 'Alpha', step: 10, passed: 1, onStepSeconds: 400, lastActivity: '2026-12-02T10:00:00Z', sandbox: 'running' },
  { name: 'Grace', lesson: null, lessonTitle: null, step: null, passed: 3, onStepSeconds: 30, lastActivity: null, sandbox: 'starting' },
];

test('names sort without regard to case', () => {
  assert.deepEqual(sortEntries(entries, 'name').map((e) => e.name), ['ada', 'Grace', 'Linus']);
  assert.deepEqual(sortEntries(entries, 'name', false).map((e) => e.name), ['Linus', 'Grace', 'ada']);
});

test('numbers sort as numbers, missing values last either way', () => {
  assert.deepEqual(sortEntries(entries, 'step').map((e) => e.name), ['Linus', 'ada', 'Grace']);
  assert.deepEqual(sortEntries(entries, 'step', false).map((e) => e.name), ['ada', 'Linus', 'Grace']);
  assert.deepEqual(sortEntries(entries, 'onStepSeconds', false).map((e) => e.name), ['ada', 'Grace', 'Linus']);
});

test('ties keep the order learners joined in', () => {
  assert.deepEqual(sortEntries(entries, 'passed').map((e) => e.name), ['ada', 'Linus', 'Grace']);
});

test('times sort by time and lessons by title', () => {
  assert.deepEqual(sortEntries(entries, 'lastActivity').map((e) => e.name), ['ada', 'Linus', 'Grace']);
  assert.deepEqual(sortEntries(entries, 'lesson').map((e) => e.name), ['ada', 'Linus', 'Grace']);
});

test('how long ago, in seconds then minutes', () => {
  const now = Date.parse('2026-12-02T10:05:00Z');
  assert.equal(secondsSince('2026-12-02T10:04:30Z', now), 30);
  assert.equal(secondsSince('2026-12-02T10:06:00Z', now), 0, 'a clock ahead is not negative');
  assert.equal(secondsSince(null, now), null);
  assert.deepEqual(agoParts(30), ['seconds', 30]);
  assert.deepEqual(agoParts(119), ['seconds', 119]);
  assert.deepEqual(agoParts(600), ['minutes', 10]);
  assert.equal(agoParts(null), null);
});

test('totals group by lesson in the workshop order', () => {
  const grouped = totalsByLesson([
    { lesson: 'a', lessonTitle: 'Alpha', step: 1, finished: 2, of: 3 },
    { lesson: 'a', lessonTitle: 'Alpha', step: 2, finished: 1, of: 3 },
    { lesson: 'b', lessonTitle: 'Beta', step: 1, finished: 0, of: 3 },
  ]);
  assert.deepEqual(grouped.map((l) => [l.slug, l.steps.length]), [['a', 2], ['b', 1]]);
});
