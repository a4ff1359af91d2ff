// say.js — words for the hard moments (the web side of `haven say`):
// asking for a pause, saying no, repairing, asking for closeness.  Each
// script's phrases to adapt, the person's own kept versions, and a form to
// keep a new one as a "script" record.  Every word comes from
// data/scripts.json through /api/scripts; "#/say/ask" opens on one script.

import { get, post } from '../api.js';
import { h, toast, errorBox, when, pageName } from '../dom.js';
import { showCrisis } from '../crisis.js';

function yoursList(s, words) {
  return s.yours.length
    ? h(
        'ul',
        { class: 'entries', id: `say-${s.name}-yours` },
        s.yours.map((r) =>
          h(
            'li',
            {},
            h('p', {}, r.body.text),
            h('time', { class: 'muted', datetime: r.created }, when(r.created)),
          ),
        ),
      )
    : h('p', { class: 'muted', id: `say-${s.name}-yours` }, words.none_yet);
}

function scriptCard(s, words, reload) {
  const text = h('textarea', {
    id: `say-${s.name}-text`,
    name: 'text',
    rows: '3',
    maxlength: '2000',
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { 'aria-label': `${words.keep_label}: ${s.title}` },
    h(
      'label',
      { for: `say-${s.name}-text` },
      words.keep_label,
      h('span', { class: 'hint' }, words.keep_hint),
    ),
    text,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, words.keep_button)),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    try {
      const saved = await post(`scripts/${encodeURIComponent(s.name)}`, { text: text.value });
      toast(words.kept);
      await reload(s.name);
      showCrisis(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return h(
    'section',
    { class: 'card', id: `say-${s.name}`, 'aria-labelledby': `say-${s.name}-title` },
    h('h2', { id: `say-${s.name}-title`, tabindex: '-1' }, s.title),
    h('p', { class: 'note' }, s.when),
    h('h3', {}, words.phrases),
    h(
      'ul',
      { class: 'phrases' },
      s.phrases.map((p) => h('li', {}, p)),
    ),
    h('p', { class: 'muted' }, s.remember),
    h('h3', {}, words.yours),
    yoursList(s, words),
    form,
  );
}

export async function render(main, [name] = []) {
  const body = h('div', {});
  let words = {};
  async function load(focus) {
    try {
      const r = await get('scripts');
      words = r.words;
      const index = h(
        'ul',
        { class: 'say-index', 'aria-label': words.all },
        r.scripts.map((s) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: `#/say/${s.name}`, 'aria-current': s.name === name ? 'true' : null },
              s.title,
            ),
          ),
        ),
      );
      body.replaceChildren(
        h('p', {}, words.intro),
        index,
        ...r.scripts.map((s) => scriptCard(s, words, load)),
      );
      const at = focus && body.querySelector(`#say-${CSS.escape(focus)}-title`);
      if (at) {
        at.scrollIntoView({ block: 'start' });
        at.focus({ preventScroll: true });
      }
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
  }
  const title = h('h1', {}, '');
  main.append(title, body);
  await load(name);
  title.textContent = words.title || pageName('say');
}
