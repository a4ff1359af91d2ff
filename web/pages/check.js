// check.js — the thinking-pattern check (the web side of `haven check`):
// a thought is read for thinking habits, and each one found is shown with
// the exact words it rests on (marked in the thought itself), why they stood
// out, what the habit is, a short example and the question to ask yourself.
// Nothing is saved.  The words come from data/check-web.json and, for the
// patterns, data/patterns.json through /api/patterns; crisis words bring the
// help card first and no patterns at all.

import { get, post } from '../api.js';
import { h, fill, errorBox } from '../dom.js';
import { showCrisis } from '../crisis.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

// The thought with each finding's words in <mark>; offsets are UTF-8
// bytes.  Overlapping findings are merged into one marked stretch, so no
// word is marked twice and none is left out.
function marked(text, findings, label) {
  const bytes = enc.encode(text);
  const spans = findings
    .map((f) => [f.start, f.end])
    .filter(([s, e]) => s >= 0 && e <= bytes.length && s < e)
    .sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [s, e] of spans) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const out = h('p', { class: 'draft', id: 'check-marked', 'aria-label': label });
  let at = 0;
  for (const [s, e] of merged) {
    out.append(dec.decode(bytes.slice(at, s)), h('mark', {}, dec.decode(bytes.slice(s, e))));
    at = e;
  }
  out.append(dec.decode(bytes.slice(at)));
  return out;
}

// The findings of one kind together: its words, why, what, example, ask.
function patternItem(kind, found, about, words, explain) {
  const reasons = [...new Set(found.map((f) => f.why))];
  return h(
    'li',
    { class: 'pattern-found', 'data-kind': kind },
    h('h3', {}, about.label || kind),
    h(
      'p',
      { class: 'found-words' },
      h('span', { class: 'muted' }, `${words.found_in}: `),
      found.flatMap((f, i) => [i ? ', ' : '', h('q', {}, f.match)]),
    ),
    h('p', {}, h('span', { class: 'muted' }, `${words.why}: `), reasons.join(' ')),
    about.what ? h('p', {}, h('span', { class: 'muted' }, `${words.what}: `), about.what) : null,
    about.example ? h('p', { class: 'note' }, `${explain.example} ${about.example}`) : null,
    about.ask ? h('p', { class: 'ask' }, h('strong', {}, explain.ask), ' ', about.ask) : null,
  );
}

// What the check found, one item per kind in the order first found.
function findingsView(text, result, pats, words) {
  const byKind = new Map();
  for (const f of result.findings) {
    if (!byKind.has(f.kind)) byKind.set(f.kind, []);
    byKind.get(f.kind).push(f);
  }
  const about = (kind) => pats.patterns.find((p) => p.kind === kind) || {};
  return [
    h('h2', { id: 'check-result-title' }, words.found_title),
    marked(text, result.findings, words.your_words),
    h(
      'ul',
      { class: 'patterns-found', id: 'check-findings' },
      [...byKind].map(([kind, found]) =>
        patternItem(kind, found, about(kind), words, pats.explain),
      ),
    ),
    h('p', { class: 'note' }, words.after),
    h('p', {}, h('a', { href: '#/thought' }, words.weigh)),
  ];
}

function resultView(text, result, pats, words) {
  const box = h('section', {
    class: 'card',
    id: 'check-result',
    tabindex: '-1',
    'aria-labelledby': 'check-result-title',
  });
  if (result.crisis)
    return fill(
      box,
      h('h2', { id: 'check-result-title', class: 'visually-hidden' }, words.title),
      h('p', {}, words.crisis),
    );
  if (!result.findings.length)
    return fill(
      box,
      h('h2', { id: 'check-result-title' }, words.none_title),
      h('p', {}, words.none),
    );
  return fill(box, findingsView(text, result, pats, words));
}

export async function render(main) {
  const [words, pats] = await Promise.all([get('content/check-web.json'), get('patterns')]);
  const text = h('textarea', {
    id: 'check-text',
    name: 'text',
    rows: '4',
    maxlength: '4000',
    'aria-describedby': 'check-hint',
  });
  const error = h('p', { class: 'error', role: 'alert', id: 'check-error' });
  const result = h('div', { id: 'check-out' });
  const form = h(
    'form',
    { 'aria-label': words.title },
    h(
      'label',
      { for: 'check-text' },
      words.label,
      h('span', { class: 'hint', id: 'check-hint' }, words.hint),
    ),
    text,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, words.button)),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    if (!text.value.trim()) {
      error.textContent = words.empty;
      text.focus();
      return;
    }
    try {
      const said = text.value;
      const res = await post('check', { text: said });
      result.replaceChildren(resultView(said, res, pats, words));
      if (res.crisis) showCrisis(res);
      else result.firstChild.focus({ preventScroll: false });
    } catch (e) {
      result.replaceChildren(errorBox(e));
    }
  });
  main.append(h('h1', {}, words.title), h('p', { class: 'muted' }, words.intro), form, result);
}
