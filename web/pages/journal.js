// journal.js — the trigger journal in the browser: the same fields and
// vocabulary as `haven log`, a filtered list, edit, and delete with undo.

import { get, post, patch, del } from '../api.js';
import { h, toast, when, errorBox } from '../dom.js';
import { showCrisis } from '../crisis.js';

let vocab = null;

function step(id) {
  return vocab.journal.steps.find((s) => s.id === id) || { prompt: id, hint: '' };
}

function textField(name, stepId, value, multi = true) {
  const s = step(stepId);
  const id = 'f-' + name;
  return h('div', {},
    h('label', { for: id }, s.prompt, h('span', { class: 'hint' }, s.hint)),
    multi ? h('textarea', { id, name }, value || '') : h('input', { id, name, type: 'text', value: value || '' }));
}

function chips(name, items, chosen, legend, hint) {
  const set = new Set(chosen || []);
  const box = h('div', { class: 'chips' });
  let group = null;
  for (const it of items) {
    if (it.family && it.family !== group) {
      group = it.family;
      box.append(h('span', { class: 'group' }, group));
    }
    box.append(h('label', {}, h('input', { type: 'checkbox', name, value: it.id, checked: set.has(it.id) }), h('span', {}, it.label)));
  }
  return h('fieldset', {}, h('legend', {}, legend), hint ? h('p', { class: 'hint' }, hint) : null, box);
}

function intensityScale(value) {
  const s = step('intensity');
  const scale = h('div', { class: 'scale' });
  for (let i = 1; i <= 10; i++) {
    scale.append(h('label', {}, h('input', { type: 'radio', name: 'intensity', value: String(i), checked: value === i, required: true }), h('span', {}, String(i))));
  }
  return h('fieldset', {}, h('legend', {}, s.prompt), h('p', { class: 'hint' }, s.hint), scale);
}

function localInputValue(iso) {
  const d = iso ? new Date(iso) : new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function form(entry, onDone) {
  const b = entry ? entry.body : {};
  const known = new Set(vocab.emotions.map((e) => e.id));
  const ownEmotions = (b.emotions || []).filter((e) => !known.has(e)).join(', ');
  const f = h('form', { class: 'card', 'aria-label': entry ? 'Edit entry' : 'New entry' },
    h('h2', {}, entry ? 'Edit this moment' : 'Write down a moment'),
    h('p', { class: 'hint' }, vocab.journal.skip_hint || ''),
    textField('what', 'what', b.what),
    textField('thoughts', 'thoughts', b.thoughts),
    textField('body', 'body', b.body, false),
    chips('emotions', vocab.emotions, b.emotions, step('emotions').prompt, step('emotions').hint),
    h('label', { for: 'f-own-emotions' }, 'Other feelings, in your words', h('span', { class: 'hint' }, 'Separate them with commas.')),
    h('input', { id: 'f-own-emotions', name: 'own-emotions', type: 'text', value: ownEmotions }),
    chips('triggers', vocab.triggers, b.triggers, step('triggers').prompt, step('triggers').hint),
    intensityScale(b.intensity),
    chips('responses', vocab.responses.map((r) => ({ ...r, family: r.extra === 'protest' ? 'Reaching out or pulling away' : 'Soothing and steadying' })), b.responses, step('response').prompt, step('response').hint),
    h('label', { for: 'f-response' }, 'What you did, in your own words'),
    h('input', { id: 'f-response', name: 'response', type: 'text', value: b.response || '' }),
    h('fieldset', {}, h('legend', {}, 'Was that closer to…'),
      h('div', { class: 'chips' },
        h('label', {}, h('input', { type: 'radio', name: 'response_type', value: 'protest', checked: b.response_type === 'protest' }), h('span', {}, 'protest')),
        h('label', {}, h('input', { type: 'radio', name: 'response_type', value: 'soothing', checked: b.response_type === 'soothing' }), h('span', {}, 'soothing')),
        h('label', {}, h('input', { type: 'radio', name: 'response_type', value: '', checked: !b.response_type }), h('span', {}, 'not sure')))),
    h('label', { for: 'f-recovered' }, step('recovered').prompt, h('span', { class: 'hint' }, step('recovered').hint)),
    h('input', { id: 'f-recovered', name: 'recovered', type: 'number', min: '0', inputmode: 'numeric', value: b.recovered_minutes ?? '' }),
    h('label', { for: 'f-at' }, 'When did it happen?'),
    h('input', { id: 'f-at', name: 'at', type: 'datetime-local', value: localInputValue(entry && entry.created) }),
    h('p', { class: 'error', role: 'alert', id: 'form-error' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, entry ? 'Save changes' : 'Save'),
      entry ? h('button', { type: 'button', class: 'quiet', onclick: () => onDone(null) }, 'Cancel') : null));

  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(f);
    const own = (fd.get('own-emotions') || '').split(',').map((s) => s.trim()).filter(Boolean);
    const body = {
      what: fd.get('what') || null, thoughts: fd.get('thoughts') || null, body: fd.get('body') || null,
      emotions: [...fd.getAll('emotions'), ...own], triggers: fd.getAll('triggers'),
      responses: fd.getAll('responses'), response: fd.get('response') || null,
      response_type: fd.get('response_type') || null,
      recovered_minutes: fd.get('recovered') === '' ? null : Number(fd.get('recovered')),
      at: fd.get('at') ? new Date(fd.get('at')).toISOString() : undefined,
    };
    if (fd.get('intensity')) body.intensity = Number(fd.get('intensity'));
    try {
      let saved;
      if (entry) {
        saved = await patch('journal/' + entry.id, body);
      } else {
        for (const k of Object.keys(body)) if (body[k] === null || (Array.isArray(body[k]) && !body[k].length)) delete body[k];
        saved = await post('journal', body);
      }
      const lines = vocab.journal.after_entry || ['Saved.'];
      toast(entry ? 'Changes saved.' : lines[Math.floor(Math.random() * lines.length)]);
      onDone(saved);
      showCrisis(saved);
    } catch (e) {
      f.querySelector('#form-error').textContent = e.message;
    }
  });
  return f;
}

function entryItem(rec, refresh, edit) {
  const b = rec.body;
  const labels = new Map(vocab.triggers.map((t) => [t.id, t.label]));
  return h('li', {},
    h('div', { class: 'entry-head' },
      h('span', { class: 'intensity', 'aria-label': `intensity ${b.intensity} of 10` }, `${b.intensity}/10`),
      h('time', { datetime: rec.created }, when(rec.created)),
      h('span', { class: 'tags' }, (b.triggers || []).map((t) => labels.get(t) || t).join(', '))),
    b.what ? h('p', {}, b.what) : null,
    b.recovered_minutes !== undefined ? h('p', { class: 'muted' }, `Eased after ${b.recovered_minutes} minutes`) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'quiet', onclick: () => edit(rec) }, 'Edit'),
      h('button', { type: 'button', class: 'quiet', 'aria-label': 'Delete this entry', onclick: async () => {
        await del('journal/' + rec.id);
        toast('Entry deleted.', { label: 'Undo', run: async () => { await post('journal/' + rec.id + '/restore'); refresh(); } });
        refresh();
      } }, 'Delete')));
}

export async function render(main) {
  vocab = vocab || await get('vocab');
  const listBox = h('div', {});
  const filters = h('form', { class: 'actions', 'aria-label': 'Filter entries' },
    h('label', { for: 'flt-kind', class: 'hint' }, 'Trigger kind'),
    h('select', { id: 'flt-kind', name: 'kind' }, h('option', { value: '' }, 'all'), vocab.triggers.map((t) => h('option', { value: t.id }, t.label))),
    h('label', { for: 'flt-since', class: 'hint' }, 'Since'),
    h('select', { id: 'flt-since', name: 'since' },
      h('option', { value: '' }, 'any time'), h('option', { value: '7 days ago' }, 'the last week'),
      h('option', { value: '30 days ago' }, 'the last month'), h('option', { value: '90 days ago' }, 'the last three months')));
  const formBox = h('div', {});

  async function refresh() {
    const q = new URLSearchParams();
    const fd = new FormData(filters);
    if (fd.get('kind')) q.set('kind', fd.get('kind'));
    if (fd.get('since')) q.set('since', fd.get('since'));
    try {
      const list = await get('journal?' + q);
      listBox.replaceChildren(list.length
        ? h('ul', { class: 'entries' }, list.map((r) => entryItem(r, refresh, edit)))
        : h('p', { class: 'muted' }, 'No entries here yet.'));
    } catch (e) { listBox.replaceChildren(errorBox(e)); }
  }
  function edit(rec) {
    formBox.replaceChildren(form(rec, () => { formBox.replaceChildren(form(null, done)); refresh(); }));
    formBox.scrollIntoView();
    formBox.querySelector('textarea, input')?.focus();
  }
  function done() { formBox.replaceChildren(form(null, done)); refresh(); }
  filters.addEventListener('change', refresh);
  formBox.append(form(null, done));
  main.append(h('h1', {}, 'Journal'), formBox, h('h2', {}, 'Your entries'), filters, listBox);
  await refresh();
}
