// checkin.js — the daily check-in with its factors: mood, anxiety, sleep,
// caffeine, alcohol, movement, time with people who feel safe, the
// person's own yes/no factors and a note.  The factors and their ranges
// come from the server (data/checkin.json through /api/checkins/factors),
// so a new factor needs no change here; every check is the library's, and
// its message is shown as it is.

import { get, post } from '../api.js';
import { h } from '../dom.js';
import { showCrisis } from '../crisis.js';
import { distressScale } from '../rating.js';

// One line per factor: its question as the label, a number field, and the
// last answer beside it, so the person can see it without it being saved
// for them.
function factorField(f, last, words) {
  const id = `factor-${f.id}`;
  const input = h('input', {
    type: 'number',
    id,
    name: f.id,
    min: String(f.min),
    max: String(f.max),
    step: f.type === 'decimal' ? '0.01' : '1',
    inputmode: f.type === 'decimal' ? 'decimal' : 'numeric',
  });
  let hint = null;
  if (last !== undefined) {
    hint = h('p', { class: 'hint', id: `${id}-last` }, `${words.last_time} ${last}`);
    input.setAttribute('aria-describedby', `${id}-last`);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, f.question), input, hint);
}

function ownList(words, own, last) {
  if (!own.length) return h('p', { class: 'muted', id: 'own-none' }, words.own_none_web);
  return h(
    'div',
    { class: 'own' },
    h('p', { class: 'hint' }, words.own_yes_hint),
    own.map((o, i) =>
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', id: `own-${i}`, 'data-name': o.name }),
        ` ${o.name}`,
        last[o.name] === undefined
          ? ''
          : h(
              'span',
              { class: 'hint' },
              ` (${words.last_time} ${last[o.name] ? words.yes : words.no})`,
            ),
      ),
    ),
  );
}

function form(words, data) {
  const lastFactors = data.last.factors || {},
    lastOwn = data.last.own || {};
  const scale = distressScale('checkin-distress', words.page_distress, words.hint);
  const fields = data.factors.map((f) => factorField(f, lastFactors[f.id], words));
  const ownBox = h(
    'fieldset',
    { class: 'own-factors' },
    h('legend', {}, words.own_legend),
    ownList(words, data.own, lastOwn),
  );
  const note = h('textarea', { id: 'checkin-note', rows: '3', maxlength: '10000' });
  const error = h('p', { class: 'error', role: 'alert', id: 'checkin-error' });
  const after = h('div', { role: 'status', id: 'checkin-status' });
  const f = h(
    'form',
    { class: 'card', 'aria-label': words.page_title, novalidate: '' },
    fields,
    ownBox,
    scale,
    h('label', { for: 'checkin-note' }, words.note_label),
    note,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, words.save)),
    after,
  );
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    after.replaceChildren();
    const body = {};
    const factors = {};
    for (const fd of data.factors) {
      const v = f.querySelector(`#factor-${fd.id}`).value.trim();
      // What the browser cannot read as a number goes as typed: the
      // server's message then names the factor and its range.
      if (v !== '') factors[fd.id] = Number.isFinite(Number(v)) ? Number(v) : v;
    }
    const bad = f.querySelectorAll('input[type=number]:invalid');
    for (const b of bad)
      if (b.value === '' && b.validity.badInput) factors[b.name] = 'not a number';
    if (Object.keys(factors).length) body.factors = factors;
    const own = {};
    for (const c of f.querySelectorAll('.own input[type=checkbox]:checked'))
      own[c.dataset.name] = true;
    if (Object.keys(own).length) body.own = own;
    const d = scale.value();
    if (d !== null) body.distress = d;
    if (note.value.trim()) body.note = note.value;
    if (!Object.keys(body).length) {
      error.textContent = words.nothing_given;
      return;
    }
    try {
      const saved = await post('checkins', body);
      after.replaceChildren(h('p', {}, words.saved));
      f.reset();
      showCrisis(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return f;
}

// Adding a factor of one's own: saved at once, then the form is drawn again
// with it, keeping nothing typed so far out of sight.
function addOwn(words, redraw) {
  const name = h('input', { type: 'text', id: 'own-new', maxlength: '80', autocomplete: 'off' });
  const error = h('p', { class: 'error', role: 'alert', id: 'own-error' });
  const f = h(
    'form',
    { class: 'card', 'aria-label': words.own_add_label },
    h('label', { for: 'own-new' }, words.own_add_label),
    name,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'quiet' }, words.own_add)),
  );
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    try {
      const saved = await post('checkins/factors', { name: name.value });
      showCrisis(saved);
      await redraw();
      document.getElementById('own-new')?.focus();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return f;
}

export async function render(main) {
  const words = await get('content/checkin.json');
  const box = h('div', {});
  const redraw = async () => {
    const data = await get('checkins/factors');
    box.replaceChildren(form(words, data), addOwn(words, redraw));
  };
  main.append(h('h1', {}, words.page_title), h('p', { class: 'lead' }, words.page_intro), box);
  await redraw();
}
