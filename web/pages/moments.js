// moments.js — what is going well: the good moments (times of feeling
// close, calm or secure) and the times someone stayed, kept as one list so
// noticing them is one habit; the milestones haven noticed in the person's
// own entries, each told in full the first time it is shown; and how strong
// checking in and calming practice have become, as a score a missed day
// lowers a little and never takes away.  Words from data/evidence.json and
// data/growth.json, through the routes that carry them.

import { get, post } from '../api.js';
import { h, when } from '../dom.js';
import { showCrisis } from '../crisis.js';

// The kinds a person picks from: the good moments first, then the rest.
const ORDER = ['close', 'calm', 'secure', 'stayed', 'repaired', 'deepened', 'moment', 'other'];

function list(items, words) {
  if (!items.length) return h('p', { class: 'muted', id: 'moments-empty' }, words.web.empty);
  return h(
    'ul',
    { class: 'entries', id: 'moments-list' },
    items.map((r) =>
      h(
        'li',
        {},
        h(
          'div',
          { class: 'entry-head' },
          r.body.type ? h('span', { class: 'tag' }, words.types[r.body.type]) : null,
          h('time', { datetime: r.created }, when(r.created)),
        ),
        h('p', {}, r.body.text),
      ),
    ),
  );
}

function form(words, box) {
  const w = words.web;
  const text = h('textarea', { id: 'moment-text', rows: '3', maxlength: '2000' });
  const type = h(
    'select',
    { id: 'moment-type' },
    ORDER.map((t) => h('option', { value: t }, words.types[t])),
  );
  const error = h('p', { class: 'error', role: 'alert', id: 'moment-error' });
  const after = h('div', { role: 'status', id: 'moment-status' });
  const f = h(
    'form',
    { class: 'card', 'aria-labelledby': 'moment-add', novalidate: '' },
    h('h2', { id: 'moment-add' }, w.add_title),
    h('label', { for: 'moment-text' }, w.text_label),
    text,
    h('label', { for: 'moment-type' }, w.type_label),
    type,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, w.save)),
    after,
  );
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    after.replaceChildren();
    try {
      const saved = await post('evidence', { text: text.value, type: type.value });
      text.value = '';
      const fresh = await get('evidence');
      box.replaceChildren(list(fresh.evidence, fresh.words));
      after.replaceChildren(h('p', {}, w.saved));
      showCrisis(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return f;
}

function milestones(data) {
  const w = data.words;
  const items = data.milestones;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'milestones' },
    h('h2', { id: 'milestones' }, w.milestones_title),
    items.length
      ? h(
          'ul',
          { class: 'milestones' },
          items.map((m) =>
            h(
              'li',
              { class: m.new ? 'new' : null },
              m.new ? h('p', { class: 'celebrate' }, w.web.milestone_new) : null,
              h('h3', {}, m.title),
              m.new ? h('p', {}, m.text) : null,
              h(
                'p',
                { class: 'hint' },
                `${w.web.reached} `,
                h('time', { datetime: m.reached }, when(m.reached)),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, w.milestones_none),
  );
}

function habits(data) {
  const w = data.words;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'habits' },
    h('h2', { id: 'habits' }, w.habits_title),
    data.habits.length
      ? h(
          'ul',
          { class: 'habits' },
          data.habits.map((x) =>
            h(
              'li',
              {},
              h('label', { for: `habit-${x.id}` }, x.label),
              h('meter', {
                id: `habit-${x.id}`,
                min: '0',
                max: '100',
                value: String(x.score),
                'aria-valuetext': `${x.score} of 100`,
              }),
              h('span', {}, ` ${x.score} / 100. `, x.words),
            ),
          ),
        )
      : h('p', { class: 'muted' }, w.habits_none),
    h('p', { class: 'hint' }, w.habits_about),
  );
}

export async function render(main) {
  const [ev, ms] = await Promise.all([get('evidence'), get('milestones')]);
  const box = h('div', { id: 'moments-box' }, list(ev.evidence, ev.words));
  main.append(
    h('h1', {}, ev.words.web.title),
    h('p', {}, ev.words.web.intro),
    form(ev.words, box),
    h(
      'section',
      { 'aria-labelledby': 'moments-kept' },
      h('h2', { id: 'moments-kept' }, ev.words.web.list_title),
      box,
    ),
    milestones(ms),
    habits(ms),
  );
  // Shown now, so each milestone is celebrated once.
  if (ms.milestones.some((m) => m.new)) await post('milestones/seen');
}
