// practices.js — the guided practices in the browser: breathing with a
// circle that follows haven's own schedule, grounding, muscle relaxation,
// the body scan, TIPP and the pause, with distress rated before and after;
// and the soothing toolkit.
//
// This is the index and the router between its parts, each a module of its
// own: the words (practice-words.js), one practice on its page
// (practice-run.js), the walk of a schedule against the clock
// (practice-walk.js), the questions after it (practice-after.js) and the
// soothing toolkit (practice-toolkit.js).

import { h } from '../dom.js';
import { w, loadWords, label, capital } from './practice-words.js';
import { practice, keepUnsaved } from './practice-run.js';
import { toolkit } from './practice-toolkit.js';

function techniqueCard(id) {
  return h(
    'li',
    { class: 'practice' },
    h('a', { href: `#/practices/${id}` }, capital(label(id))),
    h('p', { class: 'muted' }, w.page.describe[id] || ''),
  );
}

// Every practice, in the page's groups, and the soothing toolkit.
async function index(main) {
  const { words, page } = w;
  main.append(h('h1', {}, page.title), h('p', {}, page.intro));
  for (const [i, g] of page.groups.entries()) {
    const id = `practice-group-${i}`;
    main.append(
      h(
        'section',
        { class: 'card', 'aria-labelledby': id },
        h('h2', { id }, g.title),
        h(
          'ul',
          { class: 'practices' },
          g.techniques.filter((t) => words.techniques[t]).map(techniqueCard),
        ),
      ),
    );
  }
  main.append(await toolkit());
}

export async function render(main, rest) {
  keepUnsaved(false); // a walk in progress ends with it
  await loadWords();
  const [technique, query] = (rest[0] || '').split('?');
  if (!technique) return index(main);
  return practice(main, decodeURIComponent(technique), new URLSearchParams(query || ''));
}
