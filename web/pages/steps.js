// steps.js — small steps, at the person's own pace (as `haven steps`): the
// alone-time ladder, lowest step first, with a form to add a step and one
// to rate a try before and after; small acts of care; and the week's one
// small change, chosen once and looked back on, with the weeks before.
// Every word from data/steps.json through GET /api/steps; after each save
// the page is drawn again from the server's answer.

import { get, post, del } from '../api.js';
import { h, fill, fillIn } from '../dom.js';
import { showCrisis } from '../crisis.js';

// A labelled field: the label, then the control.
function field(id, label, control) {
  control.id = id;
  return [h('label', { for: id }, label), control];
}

function rating(id, label) {
  return field(
    id,
    label,
    h('input', { type: 'number', min: '0', max: '10', inputmode: 'numeric', required: '' }),
  );
}

// A form whose submit sends body() with send, then redraws; a refusal
// shows haven's message in the form.
function form(idBase, title, children, submitLabel, send, redraw) {
  const error = h('p', { class: 'error', role: 'alert', id: `${idBase}-error` });
  const f = h(
    'form',
    { class: 'card', 'aria-labelledby': `${idBase}-title`, novalidate: '' },
    h('h3', { id: `${idBase}-title` }, title),
    [children].flat(2),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, submitLabel)),
  );
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    try {
      const saved = await send(f);
      await redraw();
      showCrisis(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return f;
}

const num = (f, sel) =>
  f.querySelector(sel).value === '' ? undefined : Number(f.querySelector(sel).value);
const val = (f, sel) => f.querySelector(sel).value;

function rung(s, w, redraw) {
  const last = s.last;
  const tried = last
    ? `${fillIn(s.tries === 1 ? w.tried_once : w.tried, { n: s.tries, before: last.before, after: last.after })}; ${fillIn(w.mean_drop, { drop: s.mean_drop.toFixed(1) })}`
    : w.never_tried;
  return h(
    'li',
    { 'data-id': s.id },
    h('div', { class: 'entry-head' }, h('strong', {}, fillIn(w.step_line, { level: s.level }))),
    h('p', {}, s.what),
    h('p', { class: 'hint' }, tried),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-label': `${w.web.remove}: ${s.what}`,
          onclick: async () => {
            await del(`steps/ladder/${s.id}`);
            await redraw();
          },
        },
        w.web.remove,
      ),
    ),
  );
}

function ladder(data, w, redraw) {
  const steps = data.ladder;
  const tryForm = steps.length
    ? form(
        'try',
        w.web.try_title,
        [
          field(
            'try-step',
            w.ladder_title,
            h(
              'select',
              {},
              steps.map((s) =>
                h(
                  'option',
                  { value: s.id },
                  `${fillIn(w.step_line, { level: s.level })}: ${s.what}`,
                ),
              ),
            ),
          ),
          rating('try-before', w.web.before),
          rating('try-after', w.web.after),
          field('try-note', w.web.note, h('input', { type: 'text', maxlength: '1000' })),
        ],
        w.web.try_save,
        (f) =>
          post(`steps/ladder/${val(f, '#try-step')}/tries`, {
            before: num(f, '#try-before'),
            after: num(f, '#try-after'),
            ...(val(f, '#try-note').trim() ? { note: val(f, '#try-note') } : {}),
          }),
        redraw,
      )
    : null;
  const addForm = form(
    'step',
    w.web.step_what,
    [
      field('step-what', w.web.step_what, h('input', { type: 'text', maxlength: '1000' })),
      field(
        'step-level',
        w.web.step_level,
        h('input', { type: 'number', min: '1', max: '20', inputmode: 'numeric' }),
      ),
    ],
    w.web.step_add,
    (f) =>
      post('steps/ladder', {
        what: val(f, '#step-what'),
        ...(num(f, '#step-level') !== undefined ? { level: num(f, '#step-level') } : {}),
      }),
    redraw,
  );
  return h(
    'section',
    { 'aria-labelledby': 'ladder-title' },
    h('h2', { id: 'ladder-title' }, w.ladder_title),
    h('p', {}, w.ladder_about),
    steps.length
      ? h(
          'ol',
          { class: 'entries', id: 'ladder-list' },
          steps.map((s) => rung(s, w, redraw)),
        )
      : h('p', { class: 'muted', id: 'ladder-empty' }, w.web.ladder_empty),
    tryForm,
    addForm,
  );
}

function care(data, w, redraw) {
  return h(
    'section',
    { 'aria-labelledby': 'care-title' },
    h('h2', { id: 'care-title' }, w.care_title),
    form(
      'care',
      w.web.care_what,
      [
        field('care-what', w.web.care_what, h('input', { type: 'text', maxlength: '1000' })),
        field(
          'care-for',
          w.web.care_for,
          h(
            'select',
            {},
            ['self', 'others'].map((k) => h('option', { value: k }, w.for[k])),
          ),
        ),
      ],
      w.web.care_save,
      (f) => post('steps/care', { what: val(f, '#care-what'), for: val(f, '#care-for') }),
      redraw,
    ),
    data.care.length
      ? h(
          'ul',
          { class: 'entries', id: 'care-list' },
          data.care.map((r) =>
            h(
              'li',
              {},
              h('p', {}, r.body.what, ' ', h('span', { class: 'tag' }, w.for[r.body.for])),
            ),
          ),
        )
      : h('p', { class: 'muted', id: 'care-empty' }, w.web.care_empty),
  );
}

function weekItem(r, w, thisWeek) {
  const b = r.body;
  return h(
    'li',
    {},
    h(
      'div',
      { class: 'entry-head' },
      h('strong', {}, fillIn(b.week === thisWeek ? w.week_this : w.week_of, { week: b.week })),
      h('span', { class: 'tag' }, b.kept ? w.kept[b.kept] : w.not_checked),
    ),
    h('p', {}, b.change),
    b.note ? h('p', { class: 'hint' }, b.note) : null,
  );
}

function week(data, w, redraw) {
  const now = data.week;
  const chooser = now
    ? form(
        'week-check',
        w.web.week_kept,
        [
          field(
            'week-kept',
            w.web.week_kept,
            h(
              'select',
              {},
              ['yes', 'partly', 'no'].map((k) => h('option', { value: k }, w.kept[k])),
            ),
          ),
          field('week-note', w.web.note, h('input', { type: 'text', maxlength: '1000' })),
        ],
        w.web.week_check,
        (f) =>
          post('steps/week/check', {
            kept: val(f, '#week-kept'),
            ...(val(f, '#week-note').trim() ? { note: val(f, '#week-note') } : {}),
          }),
        redraw,
      )
    : form(
        'week-set',
        w.web.week_change,
        field('week-change', w.web.week_change, h('input', { type: 'text', maxlength: '1000' })),
        w.web.week_save,
        (f) => post('steps/week', { change: val(f, '#week-change') }),
        redraw,
      );
  return h(
    'section',
    { 'aria-labelledby': 'week-title' },
    h('h2', { id: 'week-title' }, w.week_title),
    h('p', {}, w.week_about),
    now ? h('ul', { class: 'entries', id: 'week-now' }, weekItem(now, w, data.this_week)) : null,
    chooser,
    h('h3', {}, w.web.history_title),
    data.weeks.length
      ? h(
          'ul',
          { class: 'entries', id: 'week-history' },
          data.weeks.map((r) => weekItem(r, w, data.this_week)),
        )
      : h('p', { class: 'muted' }, w.weeks_empty),
  );
}

export async function render(main) {
  const box = h('div', { id: 'steps-box' });
  const status = h('div', { role: 'status', id: 'steps-status' });
  let w;
  const redraw = async (first) => {
    const data = await get('steps');
    w = data.words;
    fill(box, ladder(data, w, redraw), care(data, w, redraw), week(data, w, redraw));
    fill(status, first === true ? null : h('p', {}, w.web.saved));
  };
  await redraw(true);
  main.append(h('h1', {}, w.web.title), h('p', {}, w.web.intro), status, box);
}
