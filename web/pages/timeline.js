// timeline.js — the attachment timeline: the moments from childhood to now
// that taught a person what to expect of closeness, on one scrolling page
// in the order of a life (as `haven timeline` lists them).  One form adds
// a moment or, once Edit is chosen, changes one; removing asks once more
// in place.  The prompts for remembering, and every word, come from
// data/timeline.json through GET /api/timeline.

import { get, post, patch, del } from '../api.js';
import { h, fill, fillIn } from '../dom.js';
import { showCrisis } from '../crisis.js';

const KINDS = ['person', 'move', 'loss', 'relationship', 'turning-point', 'other'];

// "age 8" or the date as written: when the moment was, in the data's words.
function placed(body, words) {
  return body.age !== undefined ? fillIn(words.age, { age: body.age }) : body.date;
}

function prompts(words) {
  return h(
    'details',
    { class: 'card', id: 'timeline-prompts' },
    h('summary', {}, words.web.prompts_title),
    h('p', { class: 'hint' }, words.prompts_intro),
    h(
      'ul',
      {},
      words.prompts.map((p) => h('li', {}, p)),
    ),
  );
}

// The form's fields, built once and filled for an add or an edit.
function fields(w) {
  const f = {
    what: h('textarea', { id: 'tl-what', rows: '3', maxlength: '4000', required: '' }),
    byAge: h('input', { type: 'radio', name: 'tl-by', id: 'tl-by-age', value: 'age' }),
    byDate: h('input', { type: 'radio', name: 'tl-by', id: 'tl-by-date', value: 'date' }),
    age: h('input', { type: 'number', id: 'tl-age', min: '0', max: '130', inputmode: 'numeric' }),
    date: h('input', { type: 'text', id: 'tl-date', inputmode: 'numeric', autocomplete: 'off' }),
    kind: h(
      'select',
      { id: 'tl-kind' },
      h('option', { value: '' }, w.web.kind_none),
      KINDS.map((k) => h('option', { value: k }, w.kinds[k])),
    ),
    shaped: h('textarea', { id: 'tl-shaped', rows: '3', maxlength: '4000' }),
  };
  f.byAge.checked = true;
  return f;
}

// What the form says, as the body the API takes; on an edit, a field
// emptied is sent as null so it is removed.
function bodyOf(f, editing) {
  const b = { what: f.what.value };
  if (f.byAge.checked) b.age = f.age.value === '' ? null : Number(f.age.value);
  else b.date = f.date.value.trim() || null;
  if (f.kind.value) b.kind = f.kind.value;
  else if (editing) b.kind = null;
  if (f.shaped.value.trim()) b.shaped = f.shaped.value;
  else if (editing) b.shaped = null;
  if (!editing) for (const k of Object.keys(b)) if (b[k] === null) delete b[k];
  return b;
}

function setForm(f, body) {
  f.what.value = body?.what ?? '';
  f.byAge.checked = !body || body.age !== undefined;
  f.byDate.checked = !f.byAge.checked;
  f.age.value = body?.age ?? '';
  f.date.value = body?.date ?? '';
  f.kind.value = body?.kind ?? '';
  f.shaped.value = body?.shaped ?? '';
}

function formView(w, f, parts) {
  const show = () => {
    parts.ageRow.hidden = !f.byAge.checked;
    parts.dateRow.hidden = f.byAge.checked;
  };
  f.byAge.addEventListener('change', show);
  f.byDate.addEventListener('change', show);
  parts.ageRow = h('div', {}, h('label', { for: 'tl-age' }, w.web.age_label), f.age);
  parts.dateRow = h(
    'div',
    { hidden: true },
    h('label', { for: 'tl-date' }, w.web.date_label),
    f.date,
  );
  parts.show = show;
  return [
    parts.title,
    h('label', { for: 'tl-what' }, w.web.what_label),
    f.what,
    h(
      'fieldset',
      {},
      h('legend', {}, w.web.when_label),
      h('label', {}, f.byAge, ` ${w.web.by_age}`),
      h('label', {}, f.byDate, ` ${w.web.by_date}`),
    ),
    parts.ageRow,
    parts.dateRow,
    h('label', { for: 'tl-kind' }, w.web.kind_label),
    f.kind,
    h('label', { for: 'tl-shaped' }, w.web.shaped_label),
    f.shaped,
    parts.error,
    h('div', { class: 'actions' }, parts.submit, parts.cancel),
    parts.status,
  ];
}

function event(r, w, onEdit, onRemove) {
  const remove = h('button', { type: 'button', class: 'secondary' }, w.web.remove);
  const confirmBox = h('div', { class: 'actions', hidden: true });
  remove.addEventListener('click', () => {
    confirmBox.hidden = false;
    remove.hidden = true;
    fill(
      confirmBox,
      h('span', {}, w.web.remove_confirm, ' '),
      h('button', { type: 'button', onclick: () => onRemove(r) }, w.web.remove),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            confirmBox.hidden = true;
            remove.hidden = false;
          },
        },
        w.web.cancel,
      ),
    );
  });
  const b = r.body;
  return h(
    'li',
    { 'data-id': r.id },
    h(
      'div',
      { class: 'entry-head' },
      h('strong', {}, placed(b, w)),
      b.kind ? h('span', { class: 'tag' }, w.kinds[b.kind]) : null,
    ),
    h('p', {}, b.what),
    b.shaped ? h('p', { class: 'hint' }, `${w.shaped_label}: `, b.shaped) : null,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => onEdit(r) }, w.web.edit),
      remove,
    ),
    confirmBox,
  );
}

export async function render(main) {
  const data = await get('timeline');
  const w = data.words;
  const f = fields(w);
  let editing = null;
  const parts = {
    title: h('h2', { id: 'tl-form-title' }, w.web.add_title),
    error: h('p', { class: 'error', role: 'alert', id: 'tl-error' }),
    status: h('div', { role: 'status', id: 'tl-status' }),
    submit: h('button', { type: 'submit' }, w.web.save),
    cancel: h('button', { type: 'button', class: 'secondary', hidden: true }, w.web.cancel),
  };
  const box = h('div', { id: 'timeline-box' });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'tl-form-title', novalidate: '' },
    formView(w, f, parts),
  );

  const mode = (rec) => {
    editing = rec;
    setForm(f, rec?.body);
    parts.show();
    parts.title.textContent = rec ? w.web.edit : w.web.add_title;
    parts.submit.textContent = rec ? w.web.save_edit : w.web.save;
    parts.cancel.hidden = !rec;
    parts.error.textContent = '';
  };
  const redraw = async (said) => {
    const fresh = await get('timeline');
    draw(fresh.events);
    fill(parts.status, said ? h('p', {}, said) : null);
  };
  const draw = (events) =>
    fill(
      box,
      events.length
        ? h(
            'ol',
            { class: 'entries', id: 'timeline-list' },
            events.map((r) =>
              event(
                r,
                w,
                (rec) => {
                  mode(rec);
                  f.what.focus();
                },
                async (rec) => {
                  try {
                    await del(`timeline/${rec.id}`);
                    if (editing?.id === rec.id) mode(null);
                    await redraw(w.web.removed);
                  } catch (e) {
                    parts.error.textContent = e.message;
                  }
                },
              ),
            ),
          )
        : h('p', { class: 'muted', id: 'timeline-empty' }, w.web.empty),
    );

  parts.cancel.addEventListener('click', () => mode(null));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    parts.error.textContent = '';
    fill(parts.status);
    try {
      const saved = editing
        ? await patch(`timeline/${editing.id}`, bodyOf(f, true))
        : await post('timeline', bodyOf(f, false));
      const said = editing ? w.web.changed : w.web.saved;
      mode(null);
      await redraw(said);
      showCrisis(saved);
    } catch (e) {
      parts.error.textContent = e.message;
    }
  });

  draw(data.events);
  main.append(
    h('h1', {}, w.web.title),
    h('p', {}, w.web.intro),
    prompts(w),
    form,
    h(
      'section',
      { 'aria-labelledby': 'tl-list-title' },
      h('h2', { id: 'tl-list-title' }, w.web.list_title),
      box,
    ),
  );
}
