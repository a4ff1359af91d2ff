// app.js — the page shell: a small hash router that swaps the main area
// between pages, each page a module exporting render(main, params).

import { get } from './api.js';
import { errorBox, clearToast } from './dom.js';
import { markMore } from './nav.js';

const pages = {
  today: () => import('./pages/today.js'),
  checkin: () => import('./pages/checkin.js'),
  journal: () => import('./pages/journal.js'),
  practices: () => import('./pages/practices.js'),
  waiting: () => import('./pages/waiting.js'),
  assess: () => import('./pages/assess.js'),
  thought: () => import('./pages/thought.js'),
  check: () => import('./pages/check.js'),
  coach: () => import('./pages/coach.js'),
  say: () => import('./pages/say.js'),
  learn: () => import('./pages/learn.js'),
  card: () => import('./pages/card.js'),
  report: () => import('./pages/report.js'),
  insights: () => import('./pages/insights.js'),
  settings: () => import('./pages/settings.js'),
  help: () => import('./pages/help.js'),
  plan: () => import('./pages/plan.js'),
  moments: () => import('./pages/moments.js'),
  timeline: () => import('./pages/timeline.js'),
  steps: () => import('./pages/steps.js'),
};

// Whether a page exists, so a link to it is offered only when it does.
export function hasPage(name) {
  return Object.hasOwn(pages, name);
}

// What the data offers to do next is an action by id ("do": "breathe"),
// and data/actions.json says where each opens ("route"), as it says the
// command line's command.  Read once; a failed read is tried again.
let actions = null;

// A function from an action's id to its route ("#/practices/pause"),
// or null when there is no such action or this app has not its page.
export async function actionRoutes() {
  actions ||= get('content/actions.json').then(
    (a) => a.actions,
    (e) => {
      actions = null;
      throw e;
    },
  );
  const all = await actions;
  return (id) => {
    const route = Object.hasOwn(all, id) ? all[id].route : null;
    return route && hasPage(route.replace(/^#\//, '').split('/')[0]) ? route : null;
  };
}

let first = true;

async function show() {
  // "#/practices/breathe-box?rounds=2": the name, then the rest as segments.
  const [name, ...rest] = (location.hash.replace(/^#\/?/, '') || 'today').split('/');
  const main = document.getElementById('main');
  const load = pages[name] || pages.today;
  // A message belongs to the page it was said on: a new page ends it.
  if (!first) clearToast();
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === '#/' + name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  markMore();
  try {
    const mod = await load();
    // A new page starts at its top, where the way to help is: the scroll of
    // the page before (a question it focused, far down) must not carry over.
    if (!first) window.scrollTo(0, 0);
    main.replaceChildren();
    await mod.render(main, rest);
    document.title = (main.querySelector('h1')?.textContent || 'haven') + ' · haven';
    // After a route change, move focus to the new content for screen
    // readers; on the first load leave it at the top, on the skip link.
    // A page that moved focus itself (to a question, a result) keeps it.
    if (!first && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
    first = false;
  } catch (e) {
    main.replaceChildren(errorBox(e));
  }
}

// One page is drawn at a time.  A page that is still drawing (waiting for
// its data) when the person moves on would otherwise go on adding itself
// to the next page's screen; so each move waits for the drawing before it,
// and a move already overtaken by a later one is skipped.
let latest = 0;
let drawing = Promise.resolve();
function navigate() {
  const turn = ++latest;
  drawing = drawing.then(() => (turn === latest ? show() : undefined));
}

window.addEventListener('hashchange', navigate);
navigate();

// The offline copy of the shell (sw.js); a browser without it just goes
// without.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
