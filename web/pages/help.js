// help.js — where to find help when things are more than haven can hold.

import { h } from '../dom.js';

export async function render(main) {
  main.append(
    h('h1', {}, 'Where to find help'),
    h('section', { class: 'card crisis' },
      h('p', {}, 'If you are in danger right now, or thinking about harming yourself, please contact your local emergency number or a crisis line. You deserve support from a person, now.'),
      h('p', {}, 'In the US and Canada you can call or text 988. In the UK and Ireland, Samaritans answer on 116 123. In Australia, Lifeline is on 13 11 14.'),
      h('p', { class: 'note' }, 'haven is a self-help companion. It cannot diagnose anything and it is not a substitute for care from a professional.')));
}
