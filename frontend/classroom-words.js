// The words of the classroom pages (join, instructor, roster), from the page's own #words
// data- attributes, rendered by the server in the page's language.

const given = globalThis.document?.getElementById('words')?.dataset ?? {};

/** `text` with each {name} replaced by values[name]. */
export function fillIn(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The page's word for `key`, filled in; the key itself when the page lacks it, so a gap shows. */
export function word(key, values) {
  const text = given[key];
  return text === undefined ? key : fillIn(text, values);
}

/**
 * POSTs JSON and answers {ok, status, body}; body is the parsed answer, or {message} when the
 * server (or the network) gave none.
 */
export async function postJson(url, payload) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(payload),
      credentials: 'same-origin',
    });
    let body;
    try {
      body = await response.json();
    } catch {
      body = { message: `${response.status} ${response.statusText}` };
    }
    return { ok: response.ok, status: response.status, body };
  } catch (error) {
    return { ok: false, status: 0, body: { message: String(error?.message ?? error) } };
  }
}
