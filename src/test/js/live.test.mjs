// live.js's decisions, without a browser: what the learner's notice says and offers, where a
// presenter's position takes a learner who follows, which step a lesson pane shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { currentStep, followTarget, watchView } from '../../../frontend/live.js';

const words = { say: (key, values) => `${key}:${values?.name ?? ''}` };

test('nobody viewing shows no notice', () => {
  assert.equal(watchView({ type: 'watch', viewers: 0, keyboard: 'none' }, words), null);
  assert.equal(watchView(null, words), null);
});

test('a viewer shows the notice with the instructor and no buttons', () => {
  const view = watchView({ type: 'watch', viewers: 1, keyboard: 'none', instructor: 'Kim' }, words);
  assert.deepEqual(view, { kind: 'viewing', text: 'watchViewing:Kim', actions: [] });
});

test('a request offers accept and decline; a granted keyboard offers only taking it back', () => {
  assert.deepEqual(watchView({ viewers: 2, keyboard: 'asked', instructor: 'Kim' }, words).actions,
    ['keyboard-accept', 'keyboard-decline']);
  assert.deepEqual(watchView({ viewers: 1, keyboard: 'instructor', instructor: 'Kim' }, words).actions,
    ['keyboard-take-back']);
});

test('a position on this lesson scrolls, on another lesson navigates, nonsense stays', () => {
  assert.deepEqual(followTarget({ lesson: 'images', step: 3 }, 'images'), { scroll: 3 });
  assert.deepEqual(followTarget({ lesson: 'networks', step: 2 }, 'images'), { href: '/lessons/networks#step-2' });
  assert.deepEqual(followTarget({ lesson: 'networks', step: 0 }, 'images'), { href: '/lessons/networks' });
  assert.equal(followTarget({ lesson: 'networks' }, 'images'), null);
  assert.equal(followTarget(null, 'images'), null);
});

test('the current step is the last one whose heading passed the upper third of the pane', () => {
  const sections = [{ step: 1, top: 350 }, { step: 2, top: 900 }, { step: 3, top: 1500 }];
  assert.equal(currentStep(sections, 100, 600), 0);
  assert.equal(currentStep(sections.map((s) => ({ ...s, top: s.top - 250 })), 100, 600), 1);
  assert.equal(currentStep(sections.map((s) => ({ ...s, top: s.top - 800 })), 100, 600), 2);
});
