// card.js — the partner card (the web side of `haven card`): each part of
// the card with what the person put on it, a way to add their own words and
// to take an item off, the ideas from their notes that reach the card only
// when taken, and the card as the partner will read it, in both voices,
// with Print (the print style sheet leaves only the card) and downloads.
// Every word comes from data/card.json through /api/card.

import { api, get } from '../api.js';
import { h, fill, errorBox, toast, pageName } from '../dom.js';
import { showCrisis } from '../crisis.js';

// The card as the partner reads it: only the parts that hold something.
function preview(card, words) {
  const parts = words.sections
    .filter((s) => card[s.id].length)
    .map((s) =>
      h(
        'section',
        { class: 'card-part', 'aria-labelledby': `card-view-${s.id}` },
        h('h3', { id: `card-view-${s.id}` }, s.mine),
        h(
          'ul',
          {},
          card[s.id].map((t) => h('li', {}, t)),
        ),
        h('p', { class: 'voice' }, s.yours),
      ),
    );
  return h(
    'section',
    { id: 'card-preview', class: 'card printable', 'aria-labelledby': 'card-preview-title' },
    h('h2', { id: 'card-preview-title' }, words.web.preview),
    h('p', { class: 'card-title' }, words.title),
    h('p', {}, words.intro),
    parts,
    h('p', { class: 'note' }, words.footer),
  );
}

function part(state, s, save) {
  const items = state.card[s.id];
  const input = h('input', {
    type: 'text',
    id: `card-new-${s.id}`,
    maxlength: 280,
    placeholder: state.words.web.placeholder,
  });
  const add = async (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    await save({ ...state.card, [s.id]: [...items, text] });
  };
  return h(
    'section',
    { class: 'card-edit', id: `card-${s.id}`, 'aria-labelledby': `card-h-${s.id}` },
    h('h2', { id: `card-h-${s.id}` }, s.mine),
    items.length
      ? h(
          'ul',
          { class: 'card-items' },
          items.map((t, i) =>
            h(
              'li',
              {},
              h('span', {}, t),
              ' ',
              h(
                'button',
                {
                  type: 'button',
                  class: 'quiet',
                  'aria-label': `${state.words.web.remove}: ${t}`,
                  onclick: () => save({ ...state.card, [s.id]: items.filter((_, k) => k !== i) }),
                },
                state.words.web.remove,
              ),
            ),
          ),
        )
      : h('p', { class: 'note' }, s.empty),
    h(
      'form',
      { onsubmit: add },
      h('label', { for: `card-new-${s.id}`, class: 'visually-hidden' }, s.mine),
      input,
      ' ',
      h('button', { type: 'submit' }, state.words.web.add),
    ),
  );
}

function ideas(state, save) {
  if (!state.ideas.length) return null;
  const title = (id) => state.words.sections.find((s) => s.id === id).mine;
  return h(
    'section',
    { id: 'card-ideas', 'aria-labelledby': 'card-ideas-title' },
    h('h2', { id: 'card-ideas-title' }, state.words.web.suggestions),
    h('p', { class: 'note' }, state.words.suggest.intro),
    h(
      'ul',
      {},
      state.ideas.map((idea) =>
        h(
          'li',
          {},
          h('span', {}, idea.text),
          h('span', { class: 'note' }, ` (${idea.why}; ${title(idea.section)}) `),
          h(
            'button',
            {
              type: 'button',
              class: 'quiet',
              'aria-label': `${state.words.web.take}: ${idea.text}`,
              disabled: state.card[idea.section].includes(idea.text),
              onclick: () =>
                save({ ...state.card, [idea.section]: [...state.card[idea.section], idea.text] }),
            },
            state.words.web.take,
          ),
        ),
      ),
    ),
  );
}

function actions(words) {
  return h(
    'p',
    { class: 'actions' },
    h('button', { type: 'button', id: 'card-print', onclick: () => window.print() }, words.print),
    ' ',
    h(
      'a',
      { class: 'button', href: '/api/card/file?format=pdf', download: 'haven-card.pdf' },
      words.pdf,
    ),
    ' ',
    h(
      'a',
      { class: 'button', href: '/api/card/file?format=html', download: 'haven-card.html' },
      words.html,
    ),
  );
}

export async function render(main) {
  let state;
  try {
    state = await get('card');
  } catch (e) {
    main.append(h('h1', {}, pageName('card')), errorBox(e));
    return;
  }
  const words = state.words;
  const body = h('div', {});
  const draw = () =>
    fill(
      body,
      h('p', { class: 'lead' }, words.web.lead),
      actions(words.web),
      words.sections.map((s) => part(state, s, save)),
      ideas(state, save),
      preview(state.card, words),
    );
  async function save(card) {
    try {
      const r = await api('PUT', 'card', card);
      state.card = r.card;
      draw();
      showCrisis(r);
    } catch (e) {
      toast(e.message);
    }
  }
  draw();
  main.append(h('h1', {}, words.web.heading), body);
}
