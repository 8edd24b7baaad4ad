// The roster's pure parts, tested without a browser (src/test/js/roster-model.test.mjs):
// sorting, "how long ago", and the totals per step grouped by lesson.

/** Keys a column sorts by; numbers and times sort numerically, missing values last. */
const NUMERIC = new Set(['step', 'passed', 'onStepSeconds']);

/** A copy of `entries` sorted by `key`, ascending or not; ties keep the order they joined in. */
export function sortEntries(entries, key, ascending = true) {
  const value = (entry) => {
    const v = entry[key];
    if (v === null || v === undefined) return null;
    if (key === 'lastActivity') return Date.parse(v);
    if (key === 'lesson') return `${entry.lessonTitle ?? v}`.toLowerCase();
    if (NUMERIC.has(key)) return Number(v);
    return String(v).toLowerCase();
  };
  return entries
    .map((entry, index) => ({ entry, index, v: value(entry) }))
    .sort((a, b) => {
      if (a.v === null && b.v === null) return a.index - b.index;
      if (a.v === null) return 1;
      if (b.v === null) return -1;
      const order = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return (ascending ? order : -order) || a.index - b.index;
    })
    .map((x) => x.entry);
}

/** Seconds between an ISO time and now, never negative; null for no time. */
export function secondsSince(iso, now = Date.now()) {
  if (!iso) return null;
  const then = Date.parse(iso);
  return Number.isNaN(then) ? null : Math.max(0, Math.round((now - then) / 1000));
}

/** A duration in words: ['seconds', n] under two minutes, else ['minutes', n]. */
export function agoParts(seconds) {
  if (seconds === null || seconds === undefined) return null;
  return seconds < 120 ? ['seconds', seconds] : ['minutes', Math.floor(seconds / 60)];
}

/** The totals of /api/workshops/{id}/totals grouped by lesson, in the workshop's order. */
export function totalsByLesson(totals) {
  const lessons = [];
  for (const t of totals) {
    let lesson = lessons.at(-1);
    if (!lesson || lesson.slug !== t.lesson) {
      lesson = { slug: t.lesson, title: t.lessonTitle, steps: [] };
      lessons.push(lesson);
    }
    lesson.steps.push(t);
  }
  return lessons;
}
