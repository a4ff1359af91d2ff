// rating.js — the 0–10 distress scale shared by the check-in and the
// practices: a group of radio buttons in a fieldset, so it has one name for
// screen readers, works with arrow keys, and every value is a real choice.

import { h } from './dom.js';

// A fieldset with a legend, an optional hint and the buttons 0..10.
// name must be unique on the page; value() gives the number or null.
export function distressScale(name, legend, hint) {
  const scale = h('div', { class: 'scale' });
  for (let i = 0; i <= 10; i++) {
    scale.append(
      h(
        'label',
        {},
        h('input', { type: 'radio', name, value: String(i) }),
        h('span', {}, String(i)),
      ),
    );
  }
  const box = h(
    'fieldset',
    { class: 'rating' },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    scale,
  );
  box.value = () => {
    const c = box.querySelector(`input[name="${name}"]:checked`);
    return c ? Number(c.value) : null;
  };
  return box;
}
