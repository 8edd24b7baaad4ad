// The page's words: every sentence the browser code shows the learner, in the page's language.
// The server renders them from its message bundle into the data- attributes of #words
// (data-check-error="..." is words.checkError); the modules ask for them here by name.

const given = globalThis.document?.getElementById('words')?.dataset ?? {};

/** All the page's words, by name: for TerminalConnection's options.words. */
export const pageWords = Object.freeze({ ...given });

/** `text` with each {name} replaced by values[name]; a name without a value stays as it is. */
export function fill(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The page's word for `key`, filled in; the key itself when the page lacks it, so a gap shows. */
export function say(key, values) {
  const text = given[key];
  if (text === undefined) {
    console.warn(`dockerlab: the page has no word "${key}"`);
    return key;
  }
  return fill(text, values);
}
