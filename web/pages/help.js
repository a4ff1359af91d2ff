// help.js — where to find help when things are more than haven can hold:
// the emergency number and crisis lines for the person's region, as links
// a phone can call or text, and the same for any other country on request.
// When haven is not running, the lines of the person's region still show,
// from the copy the service worker keeps (sw.js); the look at another
// country, which needs haven, is left out until it runs again.

import { get } from '../api.js';
import { h, errorBox, fill } from '../dom.js';
import { directory } from '../crisis.js';

export async function render(main) {
  const [help, setting] = await Promise.all([
    get('help'),
    get('settings/region').catch(() => null),
  ]);
  const shown = h('div', { id: 'help-directory' });
  const draw = (d) =>
    fill(
      shown,
      directory(d.resources, { heading: 'h2' }),
      d.resources.region
        ? directory({ ...d.elsewhere, name: 'Anywhere else' }, { heading: 'h2', emergency: false })
        : null,
    );
  draw(help);

  // Looking at another country's lines (travelling, or for someone else)
  // does not change the setting; Settings does.
  const other = h(
    'select',
    { id: 'help-region' },
    h('option', { value: '' }, 'Your own (as chosen in Settings)'),
    (setting?.regions || []).map((r) => h('option', { value: r.code }, r.name)),
  );
  const status = h('p', { role: 'status', class: 'note' });
  other.addEventListener('change', async () => {
    try {
      const d = await get(
        'help' + (other.value ? '?region=' + encodeURIComponent(other.value) : ''),
      );
      draw(d);
      status.textContent = `Showing the lines for ${d.resources.name}.`;
    } catch (e) {
      status.replaceChildren(errorBox(e));
    }
  });

  main.append(
    h('h1', {}, 'Where to find help'),
    h(
      'section',
      { class: 'card crisis' },
      h(
        'p',
        {},
        'If you are in danger right now, or thinking about harming yourself, please call your emergency number or a crisis line. You deserve support from a person, now.',
      ),
      shown,
      help.resources.region
        ? null
        : h(
            'p',
            {},
            'To see the lines for your own country, ',
            h('a', { href: '#/settings' }, 'choose it in Settings'),
            '.',
          ),
    ),
    // main.append would write a missing section out as a word.
    setting
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Lines in another country'),
          h(
            'label',
            { for: 'help-region' },
            'Country',
            h(
              'span',
              { class: 'hint' },
              "Only shows that country's lines here. Your own country is chosen in Settings.",
            ),
          ),
          other,
          status,
        )
      : '',
    h(
      'p',
      { class: 'note' },
      'haven is a self-help companion. It cannot diagnose anything and it is not a substitute for care from a professional.',
    ),
  );
}
