// today.js — the gentle home: a greeting, quick ways in, and what was
// logged recently.

import { get } from '../api.js';
import { h, when } from '../dom.js';

export async function render(main) {
  const [home, recent] = await Promise.all([get('content/home.json'), get('journal?limit=5')]);
  const hour = new Date().getHours();
  const part = hour < 5 ? 'night' : hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : hour < 23 ? 'evening' : 'night';
  const greetings = home.greetings[part] || ['Hello.'];
  const greeting = greetings[new Date().getDate() % greetings.length];
  main.append(
    h('h1', {}, greeting),
    h('section', { class: 'card', 'aria-labelledby': 'quick' },
      h('h2', { id: 'quick' }, 'What would help right now?'),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: '#/journal' }, 'Log a trigger'),
        h('a', { class: 'button', href: '#/insights' }, 'See your patterns'))),
    h('section', { 'aria-labelledby': 'recent' },
      h('h2', { id: 'recent' }, 'Recently'),
      recent.length
        ? h('ul', { class: 'entries' }, recent.map((r) => h('li', {},
            h('div', { class: 'entry-head' }, h('span', { class: 'intensity' }, `${r.body.intensity}/10`), h('time', { datetime: r.created }, when(r.created))),
            r.body.what ? h('p', {}, r.body.what) : null)))
        : h('p', { class: 'muted' }, home.empty)),
    h('p', { class: 'note' }, home.reminders[new Date().getHours() % home.reminders.length]));
}
