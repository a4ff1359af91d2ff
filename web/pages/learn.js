// learn.js — short chapters about attachment (the web side of
// `haven learn`): "#/learn" lists them with a line about each, the one the
// person's last week points to first, and
// "#/learn/ID" shows one, ending with a link to the practice that fits it
// and the literature behind it.  Every word comes from data/learn.json
// through /api/learn; no command line is shown, only the page to go to.

import { get } from '../api.js';
import { h, errorBox, pageName } from '../dom.js';

function index(chapters, words) {
  return h(
    'section',
    { 'aria-labelledby': 'learn-chapters' },
    h('h2', { id: 'learn-chapters' }, words.chapters),
    h(
      'ul',
      { class: 'learn-index' },
      chapters.map((c) =>
        h(
          'li',
          { id: `learn-${c.id}` },
          h('a', { href: `#/learn/${c.id}` }, c.title),
          h('p', { class: 'note' }, c.summary),
        ),
      ),
    ),
  );
}

function suggested(s, words) {
  if (!s) return null;
  return h(
    'section',
    { class: 'card', id: 'learn-suggested', 'aria-labelledby': 'learn-suggested-title' },
    h('h2', { id: 'learn-suggested-title' }, words.suggested),
    h('p', {}, h('a', { href: `#/learn/${s.id}` }, s.title)),
    h('p', { class: 'note' }, s.why),
  );
}

function chapter(c, words) {
  const more = c.read_more.length
    ? h(
        'section',
        { 'aria-labelledby': 'learn-more' },
        h('h2', { id: 'learn-more' }, words.read_more),
        h(
          'ul',
          { class: 'muted' },
          c.read_more.map((r) => h('li', {}, r)),
        ),
      )
    : null;
  return h(
    'article',
    { id: 'learn-chapter', 'data-id': c.id },
    ...c.body.map((p) => h('p', {}, p)),
    h(
      'section',
      { class: 'card', id: 'learn-practice', 'aria-labelledby': 'learn-try' },
      h('h2', { id: 'learn-try' }, words.practice),
      h('p', {}, h('a', { href: c.practice.route }, c.practice.label)),
    ),
    more,
  );
}

export async function render(main, [id] = []) {
  let list;
  try {
    list = await get('learn');
  } catch (e) {
    main.append(h('h1', {}, pageName('learn')), errorBox(e));
    return;
  }
  const words = list.words;
  const back = h('p', {}, h('a', { href: '#/learn' }, words.back));
  if (!id) {
    main.append(
      h('h1', {}, words.title),
      h('p', {}, words.intro),
      suggested(list.suggested, words),
      index(list.chapters, words),
    );
    return;
  }
  if (!list.chapters.some((c) => c.id === id)) {
    main.append(h('h1', {}, words.title), errorBox(new Error(words.not_found)), back);
    return;
  }
  try {
    const c = await get(`learn/${encodeURIComponent(id)}`);
    main.append(
      h('h1', {}, c.title),
      h('p', { class: 'note' }, c.summary),
      chapter(c, words),
      back,
    );
  } catch (e) {
    main.append(h('h1', {}, words.title), errorBox(e), back);
  }
}
