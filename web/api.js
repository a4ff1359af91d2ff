// api.js — talking to haven's own server: JSON in and out, the CSRF token
// on every write, and errors turned into exceptions carrying haven's message.

import { fillIn, shellWords } from './dom.js';
import { showCrisis } from './crisis.js';

let csrf = null;

// fetch, with a network failure said in words: the page opened from the
// offline copy (sw.js) while haven is not running.  The words are the
// shell's own (index.html), since nothing else can be fetched then.
async function reach(url, opts) {
  try {
    return await fetch(url, opts);
  } catch (e) {
    throw new Error(shellWords('offline-words') || e.message);
  }
}

async function token() {
  if (!csrf) {
    const r = await reach('/api/session', { credentials: 'same-origin' });
    if (!r.ok) throw new Error(shellWords('lost-access-words'));
    csrf = (await r.json()).csrf;
  }
  return csrf;
}

export async function api(method, path, body) {
  const opts = { method, credentials: 'same-origin', headers: {} };
  if (method !== 'GET') {
    opts.headers['X-CSRF-Token'] = await token();
    if (body !== undefined) {
      opts.headers['Content-Type'] =
        typeof body === 'string' ? 'application/x-ndjson' : 'application/json';
      opts.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
  }
  return answer(await reach('/api/' + path, opts));
}

// haven's answer: its JSON (or text), or an exception with its message.
async function answer(r) {
  const type = r.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await r.json() : await r.text();
  if (!r.ok) {
    const msg =
      data && data.error
        ? data.error.message
        : fillIn(shellWords('no-answer-words'), { status: r.status });
    // Help never waits for a well-formed body: a refused one in crisis
    // words still carries the notice, shown before the page says what
    // was wrong.
    if (data && data.crisis) showCrisis(data);
    const e = new Error(msg);
    e.status = r.status;
    throw e;
  }
  return data;
}

// A file's bytes as they are (a chat export: text, zip or JSON), for a
// route that reads the body as a file rather than as JSON.
export async function postBytes(path, bytes) {
  return answer(
    await reach('/api/' + path, {
      method: 'POST',
      credentials: 'same-origin',
      body: bytes,
      headers: { 'X-CSRF-Token': await token(), 'Content-Type': 'application/octet-stream' },
    }),
  );
}

// Fetch the CSRF token now, so that postOnLeave can go out at once later.
export async function prepareWrite() {
  await token();
}

// A write sent as the page goes away: it cannot wait for anything, so it
// is sent with the token already fetched (prepareWrite), and keepalive lets
// it finish after the page is gone.  Nobody is left to hear the answer.
export function postOnLeave(path, body) {
  if (!csrf) return;
  fetch('/api/' + path, {
    method: 'POST',
    credentials: 'same-origin',
    keepalive: true,
    headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

// One page of a list that comes in pages (GET /api/journal): its items,
// and the path of the page after it from the reply's Link header (null at
// the end), to pass back here as it is.
export async function getPage(path) {
  const r = await reach('/api/' + path, { credentials: 'same-origin' });
  const items = await answer(r);
  const link = /<\/api\/([^>]*)>;\s*rel="next"/.exec(r.headers.get('Link') || '');
  return { items, next: link ? link[1] : null };
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);
