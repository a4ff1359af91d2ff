// journal-entry.js — one journal entry, in short steps: first what happened
// and how strong it was (the one thing every entry needs, so Save works
// from there), then, only if the person wants, what went on inside, the
// feelings, what set it off, what they did and how long it took to ease.
// The common case is a few taps, not one long form.  Each chip group shows
// the person's most used words first, the rest behind "Show all" with a
// search.  Enter in a one-line field goes to the next step and never
// submits; only Save does.  The same fields and words as `haven log`
// (journal.json's steps), the page's own words in journal-web.json.

import { post, patch } from '../api.js';
import { h, toast } from '../dom.js';
import { showCrisis } from '../crisis.js';

const FEW = 8; // chips shown before "Show all"

const fillIn = (text, vars) => text.replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');

// A field's question and hint, from journal.json (the web's own hint where
// the terminal's names a command).
function question(vocab, id) {
  const s = vocab.journal.steps.find((x) => x.id === id) || { prompt: id, hint: '' };
  return s.web_hint ? { ...s, hint: s.web_hint } : s;
}

function textField(vocab, name, value, multi = true) {
  const s = question(vocab, name);
  const id = 'f-' + name;
  return h(
    'div',
    {},
    h('label', { for: id }, s.prompt, h('span', { class: 'hint' }, s.hint)),
    multi
      ? h('textarea', { id, name, rows: '2' }, value || '')
      : h('input', { id, name, type: 'text', value: value || '' }),
  );
}

function intensityScale(vocab, value) {
  const s = question(vocab, 'intensity');
  const scale = h('div', { class: 'scale' });
  for (let i = 1; i <= 10; i++)
    scale.append(
      h(
        'label',
        {},
        h('input', {
          type: 'radio',
          name: 'intensity',
          value: String(i),
          checked: value === i,
          required: true,
        }),
        h('span', {}, String(i)),
      ),
    );
  return h(
    'fieldset',
    { id: 'f-intensity' },
    h('legend', {}, s.prompt),
    h('p', { class: 'hint' }, s.hint),
    scale,
  );
}

// The few to show at first: the person's most used, then the vocabulary's
// own order; anything already chosen always shows.
function firstFew(items, usage, chosen) {
  const used = items
    .filter((it) => usage.get(it.id))
    .sort((a, b) => usage.get(b.id) - usage.get(a.id))
    .map((it) => it.id);
  const few = new Set(used.slice(0, FEW));
  for (const it of items) if (few.size < FEW) few.add(it.id);
  for (const id of chosen) few.add(id);
  return few;
}

// Search within "Show all": labels that do not match are hidden.
function searchBox(box, words, name) {
  const none = h('p', { class: 'hint', hidden: true }, words.no_match);
  const input = h('input', {
    type: 'search',
    id: `f-${name}-search`,
    'aria-label': words.search,
    placeholder: words.search,
  });
  input.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase();
    let shown = 0;
    for (const l of box.querySelectorAll('label')) {
      const hit = !q || l.textContent.toLowerCase().includes(q);
      l.classList.toggle('no-match', !hit);
      shown += hit;
    }
    none.hidden = shown > 0;
  });
  return { input, none };
}

// A group of chips, the most used first; "Show all" opens the rest.
function chips(name, items, chosen, q, usage, words) {
  const set = new Set(chosen || []);
  const few = firstFew(items, usage, set);
  const box = h('div', { class: 'chips' });
  let group = null;
  for (const it of items) {
    if (it.family && it.family !== group) {
      group = it.family;
      box.append(h('span', { class: 'group' }, group));
    }
    box.append(
      h(
        'label',
        { class: few.has(it.id) ? 'few' : null },
        h('input', { type: 'checkbox', name, value: it.id, checked: set.has(it.id) }),
        h('span', {}, it.label),
      ),
    );
  }
  const fs = h('fieldset', { class: 'chip-group', id: `f-${name}` });
  const { input, none } = searchBox(box, words, name);
  const toggle = h('button', { type: 'button', class: 'quiet show-all', 'aria-expanded': 'false' });
  const label = () =>
    fs.classList.contains('all')
      ? words.show_fewer
      : fillIn(words.show_all, { count: items.length });
  toggle.textContent = label();
  toggle.addEventListener('click', () => {
    const all = fs.classList.toggle('all');
    toggle.setAttribute('aria-expanded', String(all));
    toggle.textContent = label();
    if (all) input.focus();
  });
  const hidden = items.length > few.size;
  return append(
    fs,
    h('legend', {}, q.prompt),
    q.hint ? h('p', { class: 'hint' }, q.hint) : null,
    hidden ? h('div', { class: 'chip-search' }, input) : null,
    box,
    none,
    hidden ? toggle : null,
  );
}

function append(el, ...kids) {
  el.append(...kids.flat().filter(Boolean));
  return el;
}

function radio(name, value, checked, text) {
  return h('label', {}, h('input', { type: 'radio', name, value, checked }), h('span', {}, text));
}

function localInputValue(iso) {
  const d = iso ? new Date(iso) : new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// The six steps, each a list of parts.
function stepParts(ctx, entry) {
  const { vocab, words, usage } = ctx;
  const b = entry ? entry.body : {};
  const known = new Set(vocab.emotions.map((e) => e.id));
  const own = (b.emotions || []).filter((e) => !known.has(e)).join(', ');
  const responses = vocab.responses.map((r) => ({
    ...r,
    family: r.extra === 'protest' ? words.protest_family : words.soothing_family,
  }));
  const q = (id) => question(vocab, id);
  return [
    ['moment', [textField(vocab, 'what', b.what), intensityScale(vocab, b.intensity)]],
    ['inside', [textField(vocab, 'thoughts', b.thoughts), textField(vocab, 'body', b.body, false)]],
    [
      'feelings',
      [
        chips('emotions', vocab.emotions, b.emotions, q('emotions'), usage.emotions, words),
        h('label', { for: 'f-own-emotions' }, words.own_emotions),
        h('span', { class: 'hint' }, words.own_emotions_hint),
        h('input', { id: 'f-own-emotions', name: 'own-emotions', type: 'text', value: own }),
      ],
    ],
    [
      'triggers',
      [chips('triggers', vocab.triggers, b.triggers, q('triggers'), usage.triggers, words)],
    ],
    [
      'did',
      [
        chips('responses', responses, b.responses, q('response'), usage.responses, words),
        h('label', { for: 'f-response' }, words.own_response),
        h('input', { id: 'f-response', name: 'response', type: 'text', value: b.response || '' }),
        h(
          'fieldset',
          {},
          h('legend', {}, words.response_type),
          h(
            'div',
            { class: 'chips' },
            radio('response_type', 'protest', b.response_type === 'protest', words.protest),
            radio('response_type', 'soothing', b.response_type === 'soothing', words.soothing),
            radio('response_type', '', !b.response_type, words.not_sure),
          ),
        ),
      ],
    ],
    [
      'after',
      [
        h(
          'label',
          { for: 'f-recovered' },
          q('recovered').prompt,
          h('span', { class: 'hint' }, q('recovered').hint),
        ),
        h('input', {
          id: 'f-recovered',
          name: 'recovered',
          type: 'number',
          min: '0',
          inputmode: 'numeric',
          value: b.recovered_minutes ?? '',
        }),
        h('label', { for: 'f-at' }, words.when),
        h('input', {
          id: 'f-at',
          name: 'at',
          type: 'datetime-local',
          value: localInputValue(entry?.created),
        }),
      ],
    ],
  ];
}

// What the form holds, as the API takes it.
function bodyOf(f) {
  const fd = new FormData(f);
  const own = (fd.get('own-emotions') || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const body = {
    what: fd.get('what') || null,
    thoughts: fd.get('thoughts') || null,
    body: fd.get('body') || null,
    emotions: [...fd.getAll('emotions'), ...own],
    triggers: fd.getAll('triggers'),
    responses: fd.getAll('responses'),
    response: fd.get('response') || null,
    response_type: fd.get('response_type') || null,
    recovered_minutes: fd.get('recovered') === '' ? null : Number(fd.get('recovered')),
    at: fd.get('at') ? new Date(fd.get('at')).toISOString() : undefined,
  };
  if (fd.get('intensity')) body.intensity = Number(fd.get('intensity'));
  return body;
}

// Moving between the steps: one shown at a time, its first field focused.
function stepper(f, sections, words, nav) {
  let at = 0;
  function show(k, focus = true) {
    at = Math.max(0, Math.min(sections.length - 1, k));
    sections.forEach((s, i) => (s.hidden = i !== at));
    nav.progress.textContent = `${fillIn(words.progress, { n: at + 1, total: sections.length })}: ${words.steps[sections[at].dataset.step]}`;
    nav.back.hidden = at === 0;
    nav.next.hidden = at === sections.length - 1;
    if (focus)
      (
        sections[at].querySelector('textarea, input:not([type=radio]), input[type=radio]') ||
        nav.next
      ).focus({
        preventScroll: true,
      });
  }
  nav.next.addEventListener('click', () => show(at + 1));
  nav.back.addEventListener('click', () => show(at - 1));
  // Enter in a one-line field goes on; it never submits half an entry.
  f.addEventListener('keydown', (ev) => {
    const t = ev.target;
    if (ev.key !== 'Enter' || t.tagName !== 'INPUT' || t.type === 'search') {
      if (ev.key === 'Enter' && t.type === 'search') ev.preventDefault();
      return;
    }
    ev.preventDefault();
    if (at < sections.length - 1) show(at + 1);
  });
  show(0, false);
  return { show };
}

async function save(f, entry, words, vocab) {
  const body = bodyOf(f);
  if (entry) return [await patch('journal/' + entry.id, body), words.changes_saved];
  for (const k of Object.keys(body))
    if (body[k] === null || (Array.isArray(body[k]) && !body[k].length)) delete body[k];
  const lines = vocab.journal.after_entry || [words.save];
  return [await post('journal', body), lines[Math.floor(Math.random() * lines.length)]];
}

// ctx: {vocab, words, usage}; entry: the record being edited, or null;
// onDone(saved or null) when it is saved or let go.
export function entryForm(ctx, entry, onDone) {
  const { vocab, words } = ctx;
  const sections = stepParts(ctx, entry).map(([id, parts]) =>
    h(
      'section',
      { class: 'entry-step', 'data-step': id, 'aria-labelledby': `step-${id}` },
      h('h3', { id: `step-${id}`, class: 'visually-hidden' }, words.steps[id]),
      parts,
    ),
  );
  const nav = {
    progress: h('p', { class: 'step-progress', 'aria-live': 'polite' }),
    back: h('button', { type: 'button', class: 'quiet step-back' }, words.back),
    next: h('button', { type: 'button', class: 'quiet step-next' }, words.next),
  };
  const error = h('p', { class: 'error', role: 'alert', id: 'form-error' });
  const f = h(
    'form',
    {
      class: 'card entry-form',
      'aria-label': entry ? words.form_edit : words.form_new,
      novalidate: true,
    },
    h('h2', {}, entry ? words.edit_title : words.new_title),
    nav.progress,
    sections,
    error,
    h(
      'div',
      { class: 'actions step-actions' },
      nav.back,
      nav.next,
      h('button', { type: 'submit' }, entry ? words.save_changes : words.save),
      entry
        ? h('button', { type: 'button', class: 'quiet', onclick: () => onDone(null) }, words.cancel)
        : null,
    ),
    h('p', { class: 'hint' }, words.enter_hint),
  );
  const steps = stepper(f, sections, words, nav);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    // The one needed step: asked for here, where it can be seen, rather
    // than by the browser about a field on a step out of sight.
    const radios = [...f.querySelectorAll('input[name=intensity]')];
    if (radios.some((r) => r.required) && !radios.some((r) => r.checked)) {
      steps.show(0, false);
      error.textContent = words.intensity_needed;
      radios[0].focus();
      return;
    }
    try {
      const [saved, said] = await save(f, entry, words, vocab);
      toast(said);
      onDone(saved);
      showCrisis(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return f;
}
