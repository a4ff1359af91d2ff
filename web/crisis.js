// crisis.js — when haven noticed crisis language in what was just written,
// show the calm message and the help lines first, above everything, and
// move focus there so a screen reader reads it at once.

import { h } from './dom.js';

function lines(where) {
  return h('div', {},
    h('p', {}, h('strong', {}, where.name), ` — emergency: ${where.emergency}`),
    h('ul', {}, (where.lines || []).map((l) => h('li', {}, `${l.name}: ${l.contact}`))));
}

export function showCrisis(notice) {
  if (!notice || !notice.crisis) return;
  const main = document.getElementById('main');
  main.querySelector('.crisis-notice')?.remove();
  const card = h('section', { class: 'card crisis crisis-notice', role: 'alert', tabindex: '-1', 'aria-labelledby': 'crisis-title' },
    h('h2', { id: 'crisis-title' }, 'You matter. Help is there right now.'),
    h('p', {}, notice.message),
    lines(notice.resources),
    notice.resources.region ? lines(notice.elsewhere) : null,
    h('p', {}, notice.after),
    h('p', { class: 'note' }, notice.not_a_diagnosis));
  main.prepend(card);
  card.focus();
  card.scrollIntoView();
}
