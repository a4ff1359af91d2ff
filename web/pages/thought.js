// thought.js — the thought record, one step at a time: situation, the
// automatic thought (haven proposes the patterns in it), feelings 0–100,
// evidence both ways, what you would tell a friend, a balanced view, and the
// feelings again.  Every step can be skipped.  Each pattern haven finds in
// the thought is explained under it (what it is, an example, the question to
// ask), as `haven check --explain` does, in the words of data/patterns.json.

import { get, post } from '../api.js';
import { h, toast, errorBox, when, fill, fillIn, scrollTable } from '../dom.js';
import { showCrisis } from '../crisis.js';

let web = null; // the page's own words: data/thought.json's "web"

function emotionRows(box, names, values) {
  box.replaceChildren();
  const add = (name = '', value = 50) => {
    // The slider says its number beside it, as it moves.
    const shown = h('output', { class: 'emotion-number', 'aria-hidden': 'true' }, String(value));
    const slider = h('input', {
      type: 'range',
      min: '0',
      max: '100',
      step: '5',
      value: String(value),
      class: 'emotion-value',
      oninput: () => {
        shown.textContent = slider.value;
      },
    });
    const row = h(
      'div',
      { class: 'emotion-row' },
      h('label', {}, web.feeling, h('input', { type: 'text', class: 'emotion-name', value: name })),
      h('label', {}, web.strength, h('span', { class: 'slider-with-number' }, slider, shown)),
    );
    box.append(row);
  };
  if (names.length) names.forEach((n, i) => add(n, values[i] ?? 50));
  else add();
  return add;
}

function readEmotions(box) {
  return [...box.querySelectorAll('.emotion-row')]
    .map((r) => ({
      name: r.querySelector('.emotion-name').value.trim(),
      value: Number(r.querySelector('.emotion-value').value),
    }))
    .filter((e) => e.name);
}

export async function render(main) {
  const { patterns, words, explain } = await get('patterns');
  web = words.web;
  const step = (id) => words.steps.find((s) => s.id === id) || { prompt: id, hint: '' };
  const field = (id, multi = true) =>
    h(
      'div',
      { class: 'step', 'data-step': id },
      h('label', { for: `t-${id}` }, step(id).prompt, h('span', { class: 'hint' }, step(id).hint)),
      multi
        ? h('textarea', { id: `t-${id}`, name: id })
        : h('input', { id: `t-${id}`, name: id, type: 'text' }),
    );

  const before = h('div', {});
  const after = h('div', {});
  const addBefore = emotionRows(before, [], []);
  const proposal = h('p', { class: 'note', 'aria-live': 'polite' });
  const questions = h('ul', { class: 'questions' });
  const explained = h('ul', { class: 'explained', id: 'pattern-explained' });
  const patternBox = h(
    'div',
    { class: 'chips' },
    patterns.map((p) =>
      h(
        'label',
        {},
        h('input', { type: 'checkbox', name: 'patterns', value: p.kind }),
        h('span', {}, p.label),
      ),
    ),
  );

  const steps = [
    field('situation'),
    field('thought'),
    h(
      'div',
      { class: 'step', 'data-step': 'emotions' },
      h('p', { class: 'label' }, step('emotions').prompt),
      before,
      h('button', { type: 'button', class: 'quiet', onclick: () => addBefore() }, web.add_feeling),
    ),
    h(
      'div',
      { class: 'step', 'data-step': 'patterns' },
      h(
        'fieldset',
        {},
        h('legend', {}, step('patterns').prompt),
        proposal,
        explained,
        patternBox,
        // Every pattern's meaning, for choosing one haven did not propose.
        h(
          'details',
          { class: 'pattern-meanings' },
          h('summary', {}, web.meanings),
          h(
            'dl',
            {},
            patterns
              .filter((p) => p.what)
              .flatMap((p) => [h('dt', {}, p.label), h('dd', {}, p.what)]),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'step', 'data-step': 'evidence_for' },
      field('evidence_for'),
      h('p', { class: 'note' }, words.messages.questions_intro),
      questions,
    ),
    field('evidence_against'),
    field('friend'),
    field('balanced'),
    h(
      'div',
      { class: 'step', 'data-step': 'rerate' },
      h('p', { class: 'label' }, step('rerate').prompt),
      after,
    ),
  ];
  let at = 0;
  const progress = h('p', { class: 'muted', 'aria-live': 'polite' });
  const back = h('button', { type: 'button', class: 'quiet' }, web.back);
  const next = h('button', { type: 'button' }, web.next);
  const save = h('button', { type: 'submit' }, web.save);
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'card', 'aria-label': web.form_label },
    progress,
    ...steps,
    error,
    h('div', { class: 'actions' }, back, next, save),
  );

  async function enterStep(i) {
    at = Math.max(0, Math.min(steps.length - 1, i));
    steps.forEach((s, k) => {
      s.hidden = k !== at;
    });
    progress.textContent = fillIn(web.progress, {
      n: at + 1,
      total: steps.length,
      hint: words.skip_hint,
    });
    back.disabled = at === 0;
    next.hidden = at === steps.length - 1;
    save.hidden = at !== steps.length - 1;
    const id = steps[at].dataset.step;
    if (id === 'patterns' || id === 'evidence_for') await propose();
    if (id === 'rerate') {
      const em = readEmotions(before);
      emotionRows(
        after,
        em.map((e) => e.name),
        em.map((e) => e.value),
      );
    }
    steps[at].querySelector('textarea, input')?.focus();
  }

  let proposedFor = null,
    proposed = [];
  async function propose() {
    const thought = form.querySelector('#t-thought').value;
    if (thought === proposedFor) return;
    proposedFor = thought;
    const r = await post('thought/propose', {
      thought,
      situation: form.querySelector('#t-situation').value,
    });
    proposed = r.proposed.map((p) => p.kind || p);
    for (const box of patternBox.querySelectorAll('input'))
      box.checked = proposed.includes(box.value);
    const labels = patterns.filter((p) => proposed.includes(p.kind)).map((p) => p.label);
    proposal.textContent = labels.length
      ? fillIn(words.messages.proposal, { patterns: labels.join(', ') })
      : words.messages.no_proposal;
    explained.replaceChildren(
      ...patterns
        .filter((p) => proposed.includes(p.kind))
        .map((p) =>
          h(
            'li',
            { 'data-kind': p.kind },
            h('strong', {}, p.label),
            ' — ',
            p.what,
            p.example ? h('span', { class: 'hint' }, `${explain.example} ${p.example}`) : null,
            p.ask ? h('span', { class: 'hint' }, `${explain.ask} ${p.ask}`) : null,
          ),
        ),
    );
    questions.replaceChildren(...r.questions.map((q) => h('li', {}, q.question)));
  }

  back.addEventListener('click', () => enterStep(at - 1));
  next.addEventListener('click', () => enterStep(at + 1));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const val = (id) => form.querySelector(`#t-${id}`).value.trim() || undefined;
    const em0 = readEmotions(before),
      em1 = readEmotions(after);
    const body = {
      situation: val('situation'),
      thought: val('thought'),
      evidence_for: val('evidence_for'),
      evidence_against: val('evidence_against'),
      friend: val('friend'),
      balanced: val('balanced'),
      emotions: em0.map((e) => {
        const a = em1.find((x) => x.name === e.name);
        return a
          ? { name: e.name, before: e.value, after: a.value }
          : { name: e.name, before: e.value };
      }),
      patterns: [...patternBox.querySelectorAll('input:checked')].map((i) => i.value),
      proposed,
    };
    for (const k of Object.keys(body))
      if (body[k] === undefined || (Array.isArray(body[k]) && !body[k].length)) delete body[k];
    try {
      const saved = await post('thoughts', body);
      toast(words.messages.saved);
      showCrisis(saved);
      form.reset();
      proposedFor = null;
      emotionRows(before, [], []);
      await enterStep(0);
      await list();
    } catch (e) {
      error.textContent = e.message;
    }
  });

  const listBox = h('section', { 'aria-labelledby': 'thought-list' });
  async function list() {
    try {
      const s = await get('thoughts');
      fill(
        listBox,
        h('h2', { id: 'thought-list' }, web.list_title),
        s.patterns.length
          ? h(
              'div',
              { class: 'card' },
              h('p', {}, words.messages.stats_intro),
              scrollTable(
                web.stats_label,
                h(
                  'table',
                  {},
                  h(
                    'thead',
                    {},
                    h(
                      'tr',
                      {},
                      web.stats_head.map((x) => h('th', {}, x)),
                    ),
                  ),
                  h(
                    'tbody',
                    {},
                    s.patterns.map((p) =>
                      h(
                        'tr',
                        {},
                        h('td', {}, p.label),
                        h('td', {}, p.count),
                        h('td', {}, p.mean_drop ?? '–'),
                      ),
                    ),
                  ),
                ),
              ),
            )
          : null,
        s.records.length
          ? h(
              'ul',
              { class: 'entries' },
              s.records
                .slice(0, 20)
                .map((r) =>
                  h(
                    'li',
                    {},
                    h(
                      'div',
                      { class: 'entry-head' },
                      h('time', { datetime: r.created }, when(r.created)),
                    ),
                    r.body.thought
                      ? h('p', {}, fillIn(web.quoted, { thought: r.body.thought }))
                      : null,
                    r.body.balanced ? h('p', { class: 'muted' }, r.body.balanced) : null,
                  ),
                ),
            )
          : h('p', { class: 'muted' }, web.none),
      );
    } catch (e) {
      listBox.replaceChildren(errorBox(e));
    }
  }

  main.append(h('h1', {}, web.title), form, listBox);
  await enterStep(0);
  await list();
}
