// practice-run.js — one practice on its own page.  One tap to calm: it
// starts as the page opens, with the person's last settings (kept in this
// browser) or those in the address (#/practices/breathe-box?rounds=2);
// "Adjust" changes them and starts again.  Grounding waits for "Next" at
// each step unless a timer is chosen.
//
// What was done is kept however a practice ends, as the CLI keeps it on
// Ctrl-C: stopped with the button, the page asks how it went; left for
// another page before it was saved — mid-practice or with the questions
// after it unanswered — it is saved as it stood; the tab closed, it is sent
// as the page goes (a keepalive request that outlives the page).  Only a
// run started again through Adjust is let go: it was a false start.

import { get, post, prepareWrite, postOnLeave } from '../api.js';
import { h, toast, errorBox, fillIn } from '../dom.js';
import { showCrisis } from '../crisis.js';
import { distressScale } from '../rating.js';
import { fullScreen, prefersFull } from '../fullscreen.js';
import { w, isBreathing, isSpread, label, capital, humanSeconds } from './practice-words.js';
import { stage, walk } from './practice-walk.js';
import { afterForm, practiceBody } from './practice-after.js';

let unsaved = null; // keeps a practice not yet saved: unsaved(closing)

// The person's last settings for a practice (rounds, minutes, pace, and for
// grounding whether it moves on by itself), kept in this browser only.
const stepped = (t) => t === 'ground';
function lastSettings(technique) {
  try {
    return JSON.parse(localStorage.getItem('haven.practice.' + technique)) || {};
  } catch {
    return {};
  }
}
function keepSettings(technique, settings) {
  try {
    localStorage.setItem('haven.practice.' + technique, JSON.stringify(settings));
  } catch {
    /* private mode: not kept */
  }
}

// "Adjust": how long and how fast, behind a disclosure, for the next start.
function adjustForm(technique, settings, onStart) {
  const { words, page } = w;
  const a = page.adjust;
  const breathing = isBreathing(technique),
    spread = isSpread(technique);
  const field = (id, text, hint, attrs) =>
    h(
      'div',
      {},
      h('label', { for: id }, text, hint ? h('span', { class: 'hint' }, hint) : null),
      h('input', { id, type: 'number', inputmode: 'decimal', step: 'any', ...attrs }),
    );
  const error = h('p', { class: 'error', role: 'alert' });
  const auto = stepped(technique)
    ? h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', id: 'opt-auto', checked: !!settings.auto }),
        h('span', {}, page.auto_label),
      )
    : null;
  const f = h(
    'form',
    { 'aria-label': a.label },
    breathing
      ? field(
          'opt-rounds',
          a.rounds,
          fillIn(a.rounds_hint, { rounds: words.techniques[technique].rounds }),
          { min: '1', max: '1000', step: '1', value: settings.rounds || '' },
        )
      : null,
    breathing || spread
      ? field(
          'opt-minutes',
          a.minutes,
          breathing
            ? a.minutes_fit
            : fillIn(a.minutes_hint, { minutes: words.techniques[technique].minutes }),
          { min: '0', value: settings.minutes || '' },
        )
      : null,
    field('opt-pace', a.pace, a.pace_hint, {
      min: '0.001',
      max: '60',
      value: settings.pace || '',
    }),
    auto,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, a.start)),
  );
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const next = {};
    for (const k of ['rounds', 'minutes', 'pace']) {
      const v = f.querySelector('#opt-' + k)?.value;
      if (v) next[k] = v;
    }
    if (auto && f.querySelector('#opt-auto').checked) next.auto = true;
    try {
      await onStart(next);
      keepSettings(technique, next);
      f.closest('details').open = false;
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return h('details', { class: 'card adjust' }, h('summary', {}, a.title), f);
}

// The schedule for these settings, from the server (never computed here).
async function scheduleFor(technique, settings) {
  const q = new URLSearchParams({ technique });
  for (const k of ['rounds', 'minutes', 'pace']) if (settings[k]) q.set(k, settings[k]);
  return get('practices/schedule?' + q);
}

// Keep the practice not yet saved, if any: the page is going (closing:
// the tab is closing) or the person went to another page of haven.
export function keepUnsaved(closing) {
  const keep = unsaved;
  unsaved = null;
  if (keep) keep(closing);
}
window.addEventListener('pagehide', () => keepUnsaved(true));
window.addEventListener('hashchange', () => keepUnsaved(false));

function keep(body, closing, run) {
  if (closing) return postOnLeave('practices', body);
  post('practices', body)
    .then((saved) => {
      toast(fillIn(w.page.saved_away, { elapsed: humanSeconds(run.elapsedMs) }));
      showCrisis(saved);
    })
    .catch((e) => toast(e.message));
}

// The card a run is shown in: the stage, its Stop (and Next) buttons, and
// the rating before, which can still be given while it runs.
function runCard(technique, reduced, manual) {
  const { words, page } = w;
  const { box, el } = stage(technique, reduced);
  const before = distressScale('before', words.distress.before, page.before_hint);
  const stop = h('button', { type: 'button', class: 'quiet' }, page.run.stop);
  el.next = manual ? h('button', { type: 'button', id: 'run-next' }, page.run.next) : null;
  el.controls.append(...[el.next, stop].filter(Boolean));
  const card = h(
    'section',
    { class: 'card', 'aria-label': page.run.label },
    h('p', { class: 'note run-start' }, page.start),
    box,
    before,
  );
  return { card, el, before, stop };
}

// Start (or start again) the practice of ctx with these settings.
async function start(ctx, chosen) {
  const { technique, area } = ctx;
  const schedule = await scheduleFor(technique, chosen);
  if (ctx.current) {
    unsaved = null;
    ctx.current.stop();
  } // restarted: the few seconds before are let go
  const manual = stepped(technique) && !chosen.auto;
  const { card, el, before, stop } = runCard(technique, ctx.reduced, manual);
  // Breathing and the pause can fill the screen; they do at once for a
  // person who left the last one that way.
  const full =
    isBreathing(technique) || technique === 'pause' ? fullScreen(card, w.page.full) : null;
  if (full) el.controls.prepend(full.button);
  area.replaceChildren(card);
  const opts = { pace: chosen.pace ? Number(chosen.pace) : null };
  Object.defineProperty(opts, 'before', { get: () => before.value(), enumerable: true });
  const run = walk(technique, schedule, el, opts.pace, manual);
  ctx.current = run;
  stop.addEventListener('click', run.stop);
  (el.next || stop).focus({ preventScroll: true });
  if (full && prefersFull()) full.enter();
  run.finished.then(() => full?.leave());
  let kept = false;
  unsaved = (closing) => {
    kept = true;
    const now = run.now();
    keep(practiceBody(technique, schedule, now, opts), closing, now);
  };
  ask(ctx, run, schedule, opts, () => kept);
}

// Saved: where to go next.
function savedCard() {
  const page = w.page;
  return h(
    'section',
    { class: 'card', role: 'status' },
    h('p', {}, page.saved),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button', href: '#/practices' }, page.after.back),
      h('a', { class: 'button quiet', href: '#/insights' }, page.after.see),
    ),
  );
}

// When the walk ends: ask how it went, and keep the answers.
async function ask(ctx, walking, schedule, opts, kept) {
  const run = await walking.finished;
  if (kept() || ctx.current !== walking) return; // left mid-practice (already kept), or restarted
  unsaved = null;
  const { form, heading, current } = afterForm(ctx.technique, schedule, run, opts, (saved) => {
    unsaved = null;
    ctx.area.replaceChildren(savedCard());
    showCrisis(saved);
  });
  unsaved = (closing) => keep(current(), closing, run);
  ctx.area.replaceChildren(form);
  heading.focus();
}

export async function practice(main, technique, params) {
  const { words, page } = w;
  if (!words.techniques[technique]) {
    main.append(
      h('h1', {}, page.title),
      errorBox(new Error(fillIn(page.unknown, { name: technique }))),
      h('p', {}, h('a', { href: '#/practices' }, page.see_all)),
    );
    return;
  }
  prepareWrite().catch(() => {}); // so that a tab closed mid-practice can still save it
  const ctx = {
    technique,
    area: h('div', {}),
    reduced: window.matchMedia('(prefers-reduced-motion: reduce)').matches,
    current: null, // the walk in progress
  };
  main.append(
    ...[
      h('h1', {}, capital(label(technique))),
      h('p', {}, page.describe[technique] || ''),
      technique === 'pause' ? h('p', { class: 'note' }, words.pause.intro) : null,
      ctx.area,
      h('p', {}, h('a', { href: '#/practices' }, page.all)),
    ].filter(Boolean),
  );
  // One tap to calm: the practice starts as the page opens, with the
  // person's last settings (or those in the address); "Adjust" changes them.
  const settings = { ...lastSettings(technique), ...Object.fromEntries(params) };
  main.insertBefore(
    adjustForm(technique, settings, (chosen) => start(ctx, chosen)),
    ctx.area.nextSibling,
  );
  try {
    await start(ctx, settings);
  } catch (e) {
    ctx.area.replaceChildren(errorBox(e));
  }
}
