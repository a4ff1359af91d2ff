// journal.js — the trigger journal in the browser: a new entry in short
// steps (journal-entry.js), the same fields and vocabulary as `haven log`;
// a filtered list that loads a page at a time as
// the person scrolls, each entry with its thought, feelings and what was
// done, edit, and delete with undo.  Its words are data/journal-web.json's
// ("list" for the list).

import { get, getPage, post, del } from '../api.js';
import { h, toast, when, errorBox, counted, fillIn } from '../dom.js';
import { entryForm } from './journal-entry.js';

let vocab = null;
let words = null; // journal-web.json: the entry's own words

// How often each word was chosen in the person's recent entries, so the
// entry offers their most used first.
async function usageOf() {
  const usage = { emotions: new Map(), triggers: new Map(), responses: new Map() };
  try {
    const { items } = await getPage('journal?limit=100');
    for (const r of items)
      for (const k of Object.keys(usage))
        for (const id of r.body[k] || []) usage[k].set(id, (usage[k].get(id) || 0) + 1);
  } catch {
    /* no history to go by: the vocabulary's own order */
  }
  return usage;
}

const PAGE = 20; // entries a page of the list brings

// The list's filter by time: what the API is asked, and the key of its
// words in journal-web.json's list.since_choices.
const SINCE = [
  ['', 'any'],
  ['7 days ago', 'week'],
  ['30 days ago', 'month'],
  ['90 days ago', 'quarter'],
];

// Labels of a list of ids from a vocabulary; words of the person's own
// (not in it) as they are.
function labelled(ids, items) {
  const labels = new Map(items.map((i) => [i.id, i.label]));
  return (ids || []).map((id) => labels.get(id) || id);
}

// What happened inside: the thought, the feelings, what was done.
function entryDetails(b) {
  const w = words.list;
  const rows = [];
  const row = (term, text) => {
    if (text) rows.push(h('dt', {}, term), h('dd', {}, text));
  };
  row(w.thought, b.thoughts);
  row(w.feelings, labelled(b.emotions, vocab.emotions).join(', '));
  row(w.body, b.body);
  const did = labelled(b.responses, vocab.responses);
  if (b.response) did.push(b.response);
  row(w.did, did.join('; '));
  return rows.length ? h('dl', { class: 'entry-details' }, rows) : null;
}

function entryItem(rec, refresh, edit) {
  const b = rec.body;
  const w = words.list;
  return h(
    'li',
    {},
    h(
      'div',
      { class: 'entry-head' },
      h(
        'span',
        { class: 'intensity', 'aria-label': fillIn(w.intensity_label, { n: b.intensity }) },
        fillIn(w.intensity, { n: b.intensity }),
      ),
      h('time', { datetime: rec.created }, when(rec.created)),
      h('span', { class: 'tags' }, labelled(b.triggers, vocab.triggers).join(', ')),
    ),
    b.what ? h('p', {}, b.what) : null,
    entryDetails(b),
    b.recovered_minutes !== undefined
      ? h('p', { class: 'muted' }, counted(w.eased, b.recovered_minutes))
      : null,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'quiet', onclick: () => edit(rec) }, w.edit),
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          'aria-label': w.delete_label,
          onclick: async () => {
            await del('journal/' + rec.id);
            toast(w.deleted, {
              label: w.undo,
              run: async () => {
                await post('journal/' + rec.id + '/restore');
                refresh();
              },
            });
            refresh();
          },
        },
        w.delete,
      ),
    ),
  );
}

export async function render(main) {
  vocab = vocab || (await get('vocab'));
  words = words || (await get('content/journal-web.json'));
  const ctx = { vocab, words, usage: await usageOf() };
  const w = words.list;
  const form = (entry, onDone) => entryForm(ctx, entry, onDone);
  const listBox = h('div', {});
  const filters = h(
    'form',
    { class: 'actions', 'aria-label': w.filter_label },
    h('label', { for: 'flt-kind', class: 'hint' }, w.kind),
    h(
      'select',
      { id: 'flt-kind', name: 'kind' },
      h('option', { value: '' }, w.kind_all),
      vocab.triggers.map((t) => h('option', { value: t.id }, t.label)),
    ),
    h('label', { for: 'flt-since', class: 'hint' }, w.since),
    h(
      'select',
      { id: 'flt-since', name: 'since' },
      SINCE.map(([value, key]) => h('option', { value }, w.since_choices[key])),
    ),
  );
  const formBox = h('div', {});

  // The list: the first page, then the next each time the end of the list
  // comes into view (or "Show more" is pressed, where that is easier).
  const list = h('ul', { class: 'entries' });
  const more = h('button', { type: 'button', class: 'quiet more', hidden: true }, w.more);
  const status = h('p', { class: 'muted', role: 'status' });
  let next = null,
    loading = null,
    shown = 0,
    generation = 0;
  // Well before the end comes into view, so scrolling seldom waits.
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (seen) => {
            if (seen.some((s) => s.isIntersecting)) loadMore();
          },
          { rootMargin: '0px 0px 600px 0px' },
        )
      : null;

  async function load(path, first) {
    const mine = ++generation; // a newer question makes an older answer moot
    try {
      const page = await getPage(path);
      if (mine !== generation) return;
      if (first) list.replaceChildren();
      list.append(...page.items.map((r) => entryItem(r, refresh, edit)));
      shown = first ? page.items.length : shown + page.items.length;
      next = page.next;
      more.hidden = !next;
      status.textContent = shown ? '' : w.none;
      if (list.parentNode !== listBox) listBox.replaceChildren(list, status, more);
      // Asked again: when the end is still in view, the observer would not
      // say so a second time.
      observer?.unobserve(more);
      observer?.observe(more);
    } catch (e) {
      if (mine === generation) listBox.replaceChildren(errorBox(e));
    }
  }
  function loadMore() {
    if (!next || loading) return loading;
    loading = load(next, false).finally(() => {
      loading = null;
    });
    return loading;
  }
  async function refresh() {
    const q = new URLSearchParams();
    const fd = new FormData(filters);
    if (fd.get('kind')) q.set('kind', fd.get('kind'));
    if (fd.get('since')) q.set('since', fd.get('since'));
    q.set('limit', String(PAGE));
    next = null;
    await load('journal?' + q, true);
  }
  more.addEventListener('click', loadMore);

  function edit(rec) {
    formBox.replaceChildren(
      form(rec, () => {
        formBox.replaceChildren(form(null, done));
        refresh();
      }),
    );
    formBox.scrollIntoView();
    formBox.querySelector('textarea, input')?.focus();
  }
  function done() {
    formBox.replaceChildren(form(null, done));
    refresh();
  }
  filters.addEventListener('change', refresh);
  formBox.append(form(null, done));
  main.append(h('h1', {}, w.title), formBox, h('h2', {}, w.entries_title), filters, listBox);
  await refresh();
}
