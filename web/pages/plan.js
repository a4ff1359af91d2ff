// plan.js — the setback plan, written ahead in a calmer hour for a harder
// one: early signs, the practices that help (those the person's own
// ratings say eased them most are marked), who to reach, what to tell
// themselves, and their region's crisis lines, always at the end, with the
// emergency number also at the top.  The plan is shown first, the form to
// change it below; every check is the library's (PUT /api/plan), and its
// message is shown as it is.

import { get, api } from '../api.js';
import { h } from '../dom.js';
import { showCrisis, directory, emergencyLine } from '../crisis.js';

const fillIn = (tmpl, kv) => tmpl.replace(/\{(\w+)\}/g, (m, k) => (k in kv ? kv[k] : m));

function part(id, title, items, empty) {
  return h(
    'section',
    { class: 'plan-part', 'aria-labelledby': id },
    h('h2', { id }, title),
    items && items.length
      ? h(
          'ul',
          {},
          items.map((t) => h('li', {}, t)),
        )
      : h('p', { class: 'muted' }, empty),
  );
}

function view(data) {
  const w = data.words;
  const body = data.plan ? data.plan.body : {};
  const label = (id) => (data.choices.find((c) => c.id === id) || { label: id }).label;
  return h(
    'div',
    { class: 'card', id: 'plan-view' },
    h('p', {}, data.plan ? w.intro : w.web.none),
    part('plan-signs', w.signs, body.signs, w.empty_part),
    part('plan-practices', w.practices, (body.practices || []).map(label), w.empty_part),
    part('plan-people', w.people, body.people, w.empty_part),
    part('plan-say', w.say, body.say ? [body.say] : [], w.empty_part),
    h(
      'section',
      { 'aria-labelledby': 'plan-crisis', class: 'plan-part' },
      h('h2', { id: 'plan-crisis' }, w.crisis),
      directory(data.crisis_lines, data.crisis_words, { heading: 'h3' }),
    ),
  );
}

function lines(id, labelText, hint, value) {
  const ta = h('textarea', { id, rows: '3', 'aria-describedby': `${id}-hint` });
  ta.value = (value || []).join('\n');
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, labelText),
    h('p', { class: 'hint', id: `${id}-hint` }, hint),
    ta,
  );
}

function practiceBoxes(data) {
  const w = data.words;
  const chosen = new Set(data.plan ? data.plan.body.practices || [] : []);
  const helped = new Map(data.proposals.map((p) => [p.technique, p]));
  return h(
    'fieldset',
    { class: 'plan-practices' },
    h('legend', {}, w.web.practices_legend),
    data.proposals.length ? h('p', { class: 'hint' }, w.proposed) : null,
    data.choices.map((c) => {
      const p = helped.get(c.id);
      const box = h('input', { type: 'checkbox', id: `plan-p-${c.id}`, value: c.id });
      box.checked = chosen.has(c.id);
      return h(
        'label',
        { class: 'check', for: `plan-p-${c.id}` },
        box,
        ` ${c.label}`,
        p
          ? h(
              'span',
              { class: 'hint' },
              ` (${w.web.proposed_tag}: ${fillIn(w.web.drop, {
                drop: (-p.mean_change).toFixed(1),
                rated: p.rated,
              })})`,
            )
          : '',
      );
    }),
  );
}

function form(data, main) {
  const w = data.words;
  const body = data.plan ? data.plan.body : {};
  const say = h('textarea', { id: 'plan-say-text', rows: '2' });
  say.value = body.say || '';
  const error = h('p', { class: 'error', role: 'alert', id: 'plan-error' });
  const after = h('div', { role: 'status', id: 'plan-status' });
  const f = h(
    'form',
    { class: 'card', 'aria-labelledby': 'plan-edit', novalidate: '' },
    h('h2', { id: 'plan-edit' }, w.web.edit),
    lines('plan-signs-text', w.web.signs_label, w.web.one_per_line, body.signs),
    practiceBoxes(data),
    lines('plan-people-text', w.web.people_label, w.web.one_per_line, body.people),
    h('div', { class: 'field' }, h('label', { for: 'plan-say-text' }, w.web.say_label), say),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, w.web.save)),
    after,
  );
  const list = (id) =>
    f
      .querySelector(`#${id}`)
      .value.split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    after.replaceChildren();
    // Every part is sent: an emptied one is removed, as with --clear.
    const change = {
      signs: list('plan-signs-text'),
      practices: [...f.querySelectorAll('.plan-practices input:checked')].map((b) => b.value),
      people: list('plan-people-text'),
      say: say.value.trim() ? say.value : null,
    };
    try {
      const saved = await api('PUT', 'plan', change);
      const fresh = await get('plan');
      main.querySelector('#plan-view').replaceWith(view(fresh));
      after.replaceChildren(h('p', {}, w.web.saved));
      showCrisis(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return f;
}

export async function render(main) {
  const data = await get('plan');
  const w = data.words;
  main.append(
    h('h1', {}, w.title),
    // The emergency number first, on the first screen of a phone, before
    // the plan and the form: on the day this page is for, it may be the
    // one thing needed.  The whole directory still ends the plan.
    h(
      'div',
      { class: 'directory', id: 'plan-call' },
      emergencyLine(data.crisis_lines, data.crisis_words),
    ),
    data.hot
      ? h('p', { class: 'note', id: 'plan-hot' }, data.plan ? w.web.hot : w.web.hot_none)
      : '', // main.append would write a null out as a word
    view(data),
    form(data, main),
  );
}
