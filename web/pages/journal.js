// journal.js — the trigger journal in the browser: the same fields and
// vocabulary as `haven log`, a filtered list that loads a page at a time as
// the person scrolls, each entry with its thought, feelings and what was
// done, edit, and delete with undo.

import { get, getPage, post, patch, del } from '../api.js';
import { h, toast, when, errorBox } from '../dom.js';
import { showCrisis } from '../crisis.js';

let vocab = null;

// A step's words; where the terminal's hint names a command, the page's own.
function step(id) {
  const s = vocab.journal.steps.find((x) => x.id === id) || { prompt: id, hint: '' };
  return s.web_hint ? { ...s, hint: s.web_hint } : s;
}

function textField(name, stepId, value, multi = true) {
  const s = step(stepId);
  const id = 'f-' + name;
  return h(
    'div',
    {},
    h('label', { for: id }, s.prompt, h('span', { class: 'hint' }, s.hint)),
    multi
      ? h('textarea', { id, name }, value || '')
      : h('input', { id, name, type: 'text', value: value || '' }),
  );
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
    box.append(
      h(
        'label',
        {},
        h('input', { type: 'checkbox', name, value: it.id, checked: set.has(it.id) }),
        h('span', {}, it.label),
      ),
    );
  }
  return h(
    'fieldset',
    {},
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    box,
  );
}

function intensityScale(value) {
  const s = step('intensity');
  const scale = h('div', { class: 'scale' });
  for (let i = 1; i <= 10; i++) {
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
  const f = h(
    'form',
    { class: 'card', 'aria-label': entry ? 'Edit entry' : 'New entry' },
    h('h2', {}, entry ? 'Edit this moment' : 'Write down a moment'),
    h('p', { class: 'hint' }, vocab.journal.skip_hint || ''),
    textField('what', 'what', b.what),
    textField('thoughts', 'thoughts', b.thoughts),
    textField('body', 'body', b.body, false),
    chips('emotions', vocab.emotions, b.emotions, step('emotions').prompt, step('emotions').hint),
    h(
      'label',
      { for: 'f-own-emotions' },
      'Other feelings, in your words',
      h('span', { class: 'hint' }, 'Separate them with commas.'),
    ),
    h('input', { id: 'f-own-emotions', name: 'own-emotions', type: 'text', value: ownEmotions }),
    chips('triggers', vocab.triggers, b.triggers, step('triggers').prompt, step('triggers').hint),
    intensityScale(b.intensity),
    chips(
      'responses',
      vocab.responses.map((r) => ({
        ...r,
        family: r.extra === 'protest' ? 'Reaching out or pulling away' : 'Soothing and steadying',
      })),
      b.responses,
      step('response').prompt,
      step('response').hint,
    ),
    h('label', { for: 'f-response' }, 'What you did, in your own words'),
    h('input', { id: 'f-response', name: 'response', type: 'text', value: b.response || '' }),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Was that closer to…'),
      h(
        'div',
        { class: 'chips' },
        h(
          'label',
          {},
          h('input', {
            type: 'radio',
            name: 'response_type',
            value: 'protest',
            checked: b.response_type === 'protest',
          }),
          h('span', {}, 'protest'),
        ),
        h(
          'label',
          {},
          h('input', {
            type: 'radio',
            name: 'response_type',
            value: 'soothing',
            checked: b.response_type === 'soothing',
          }),
          h('span', {}, 'soothing'),
        ),
        h(
          'label',
          {},
          h('input', {
            type: 'radio',
            name: 'response_type',
            value: '',
            checked: !b.response_type,
          }),
          h('span', {}, 'not sure'),
        ),
      ),
    ),
    h(
      'label',
      { for: 'f-recovered' },
      step('recovered').prompt,
      h('span', { class: 'hint' }, step('recovered').hint),
    ),
    h('input', {
      id: 'f-recovered',
      name: 'recovered',
      type: 'number',
      min: '0',
      inputmode: 'numeric',
      value: b.recovered_minutes ?? '',
    }),
    h('label', { for: 'f-at' }, 'When did it happen?'),
    h('input', {
      id: 'f-at',
      name: 'at',
      type: 'datetime-local',
      value: localInputValue(entry && entry.created),
    }),
    h('p', { class: 'error', role: 'alert', id: 'form-error' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, entry ? 'Save changes' : 'Save'),
      entry
        ? h('button', { type: 'button', class: 'quiet', onclick: () => onDone(null) }, 'Cancel')
        : null,
    ),
  );

  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
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
    try {
      let saved;
      if (entry) {
        saved = await patch('journal/' + entry.id, body);
      } else {
        for (const k of Object.keys(body))
          if (body[k] === null || (Array.isArray(body[k]) && !body[k].length)) delete body[k];
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

const PAGE = 20; // entries a page of the list brings

// Labels of a list of ids from a vocabulary; words of the person's own
// (not in it) as they are.
function labelled(ids, items) {
  const labels = new Map(items.map((i) => [i.id, i.label]));
  return (ids || []).map((id) => labels.get(id) || id);
}

// What happened inside: the thought, the feelings, what was done.
function entryDetails(b) {
  const rows = [];
  const row = (term, text) => {
    if (text) rows.push(h('dt', {}, term), h('dd', {}, text));
  };
  row('Thought', b.thoughts);
  row('Feelings', labelled(b.emotions, vocab.emotions).join(', '));
  row('Body', b.body);
  const did = labelled(b.responses, vocab.responses);
  if (b.response) did.push(b.response);
  row('What you did', did.join('; '));
  return rows.length ? h('dl', { class: 'entry-details' }, rows) : null;
}

function entryItem(rec, refresh, edit) {
  const b = rec.body;
  return h(
    'li',
    {},
    h(
      'div',
      { class: 'entry-head' },
      h(
        'span',
        { class: 'intensity', 'aria-label': `intensity ${b.intensity} of 10` },
        `${b.intensity}/10`,
      ),
      h('time', { datetime: rec.created }, when(rec.created)),
      h('span', { class: 'tags' }, labelled(b.triggers, vocab.triggers).join(', ')),
    ),
    b.what ? h('p', {}, b.what) : null,
    entryDetails(b),
    b.recovered_minutes !== undefined
      ? h(
          'p',
          { class: 'muted' },
          `Eased after ${b.recovered_minutes} ${b.recovered_minutes === 1 ? 'minute' : 'minutes'}`,
        )
      : null,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'quiet', onclick: () => edit(rec) }, 'Edit'),
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          'aria-label': 'Delete this entry',
          onclick: async () => {
            await del('journal/' + rec.id);
            toast('Entry deleted.', {
              label: 'Undo',
              run: async () => {
                await post('journal/' + rec.id + '/restore');
                refresh();
              },
            });
            refresh();
          },
        },
        'Delete',
      ),
    ),
  );
}

export async function render(main) {
  vocab = vocab || (await get('vocab'));
  const listBox = h('div', {});
  const filters = h(
    'form',
    { class: 'actions', 'aria-label': 'Filter entries' },
    h('label', { for: 'flt-kind', class: 'hint' }, 'Trigger kind'),
    h(
      'select',
      { id: 'flt-kind', name: 'kind' },
      h('option', { value: '' }, 'all'),
      vocab.triggers.map((t) => h('option', { value: t.id }, t.label)),
    ),
    h('label', { for: 'flt-since', class: 'hint' }, 'Since'),
    h(
      'select',
      { id: 'flt-since', name: 'since' },
      h('option', { value: '' }, 'any time'),
      h('option', { value: '7 days ago' }, 'the last week'),
      h('option', { value: '30 days ago' }, 'the last month'),
      h('option', { value: '90 days ago' }, 'the last three months'),
    ),
  );
  const formBox = h('div', {});

  // The list: the first page, then the next each time the end of the list
  // comes into view (or "Show more" is pressed, where that is easier).
  const list = h('ul', { class: 'entries' });
  const more = h('button', { type: 'button', class: 'quiet more', hidden: true }, 'Show more');
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
      status.textContent = shown ? '' : 'No entries here yet.';
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
  main.append(h('h1', {}, 'Journal'), formBox, h('h2', {}, 'Your entries'), filters, listBox);
  await refresh();
}
