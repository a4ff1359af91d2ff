// today.js — the gentle home: a greeting, "how are you now" (a 0–10
// check-in kept as a record), quick ways in, and what was logged recently.

import { get, post } from '../api.js';
import { h, when, fillIn } from '../dom.js';
import { showCrisis } from '../crisis.js';
import { distressScale } from '../rating.js';
import { actionRoutes } from '../app.js';

let route = null; // an action's page (app.js)

// A button to the page of action id, or null when this app has none.
function way(id, text, quiet) {
  const href = route(id);
  return href ? h('a', { class: quiet ? 'button quiet' : 'button', href }, text) : null;
}

function checkin(words, web) {
  const scale = distressScale('checkin', words.question, words.hint);
  const note = h('input', { type: 'text', id: 'checkin-note', maxlength: '2000' });
  const error = h('p', { class: 'error', role: 'alert', id: 'checkin-error' });
  const after = h('div', { role: 'status', id: 'checkin-status' });
  const f = h(
    'form',
    { class: 'card', 'aria-label': web.checkin_label },
    scale,
    h('label', { for: 'checkin-note' }, words.note_label),
    note,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, web.checkin_save)),
    after,
  );
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const body = { distress: scale.value() };
    if (body.distress === null) delete body.distress; // haven says what is missing
    if (note.value.trim()) body.note = note.value;
    try {
      const saved = await post('checkins', body);
      after.replaceChildren(h('p', {}, words.saved));
      if (saved.body.distress >= words.high_from) {
        after.append(
          h('p', {}, words.high),
          h(
            'div',
            { class: 'actions' },
            way('breathe', web.breathe),
            way('pause', web.pause, true),
          ),
        );
      }
      f.reset();
      showCrisis(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return f;
}

// After hard days, the setback plan written ahead (or the thought of one).
function planOffer(plan) {
  if (!plan.hot) return null;
  const w = plan.words.web;
  return h(
    'section',
    { class: 'card', id: 'plan-offer', 'aria-labelledby': 'plan-offer-title' },
    h('p', { id: 'plan-offer-title' }, plan.plan ? w.hot : w.hot_none),
    h('div', { class: 'actions' }, way('plan', plan.plan ? w.today_link : w.today_link_none)),
  );
}

export async function render(main) {
  const [home, recent, words, plan, routes] = await Promise.all([
    get('content/home.json'),
    get('journal?limit=5'),
    get('content/checkin.json'),
    get('plan'),
    actionRoutes(),
  ]);
  route = routes;
  const hour = new Date().getHours();
  const part =
    hour < 5
      ? 'night'
      : hour < 12
        ? 'morning'
        : hour < 18
          ? 'afternoon'
          : hour < 23
            ? 'evening'
            : 'night';
  const greetings = home.greetings[part] || [home.web.hello];
  const greeting = greetings[new Date().getDate() % greetings.length];
  main.append(
    h('h1', {}, greeting),
    // main.append would write a missing offer out as the word "null".
    // The ways to calm come first: on a phone they are on the first screen,
    // one tap away, above the bar at the bottom (bar.test.mjs).
    planOffer(plan) || '',
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'quick' },
      h('h2', { id: 'quick' }, home.web.quick),
      h(
        'div',
        { class: 'actions' },
        way('log', home.web.log),
        way('breathe', home.web.breathe),
        way('check', home.web.thought),
        way('pause', home.web.pause),
        way('insights', home.web.patterns, true),
        way('checkin', words.page_link, true),
      ),
    ),
    checkin(words, home.web),
    h(
      'section',
      { 'aria-labelledby': 'recent' },
      h('h2', { id: 'recent' }, home.web.recent),
      recent.length
        ? h(
            'ul',
            { class: 'entries' },
            recent.map((r) =>
              h(
                'li',
                {},
                h(
                  'div',
                  { class: 'entry-head' },
                  h(
                    'span',
                    { class: 'intensity' },
                    fillIn(home.web.intensity, { n: r.body.intensity }),
                  ),
                  h('time', { datetime: r.created }, when(r.created)),
                ),
                r.body.what ? h('p', {}, r.body.what) : null,
              ),
            ),
          )
        : h('p', { class: 'muted' }, home.empty_web || home.empty),
    ),
    h('p', { class: 'note' }, home.reminders[new Date().getHours() % home.reminders.length]),
  );
}
