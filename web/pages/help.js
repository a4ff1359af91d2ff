// help.js — where to find help when things are more than haven can hold:
// the emergency number and crisis lines for the person's region, as links
// a phone can call or text, and the same for any other country on request.
// When haven is not running, the lines of the person's region still show,
// from the copy the service worker keeps (sw.js); the look at another
// country, which needs haven, is left out until it runs again.

import { get } from '../api.js';
import { h, errorBox, fill, fillIn } from '../dom.js';
import { directory, chooseRegion } from '../crisis.js';

export async function render(main) {
  const [help, setting] = await Promise.all([
    get('help'),
    get('settings/region').catch(() => null),
  ]);
  const w = help.words.help;
  const shown = h('div', { id: 'help-directory' });
  const draw = (d) =>
    fill(
      shown,
      directory(d.resources, d.words, { heading: 'h2' }),
      d.resources.region
        ? directory({ ...d.elsewhere, name: w.anywhere }, d.words, {
            heading: 'h2',
            emergency: false,
          })
        : null,
    );
  draw(help);

  // Looking at another country's lines (travelling, or for someone else)
  // does not change the setting; Settings does.
  const other = h(
    'select',
    { id: 'help-region' },
    h('option', { value: '' }, w.own),
    (setting?.regions || []).map((r) => h('option', { value: r.code }, r.name)),
  );
  const status = h('p', { role: 'status', class: 'note' });
  other.addEventListener('change', async () => {
    try {
      const d = await get(
        'help' + (other.value ? '?region=' + encodeURIComponent(other.value) : ''),
      );
      draw(d);
      status.textContent = fillIn(w.showing, { name: d.resources.name });
    } catch (e) {
      status.replaceChildren(errorBox(e));
    }
  });

  main.append(
    h('h1', {}, w.title),
    h(
      'section',
      { class: 'card crisis' },
      h('p', {}, w.intro),
      shown,
      help.resources.region ? null : chooseRegion(w.choose_region),
    ),
    // main.append would write a missing section out as a word.
    setting
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, w.other_title),
          h(
            'label',
            { for: 'help-region' },
            w.country,
            h('span', { class: 'hint' }, w.country_hint),
          ),
          other,
          status,
        )
      : '',
    h('p', { class: 'note' }, w.not_care),
  );
}
