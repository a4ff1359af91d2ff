// practices.js — the guided practices in the browser: breathing with a
// circle that follows haven's own schedule, grounding, muscle relaxation,
// the body scan, TIPP and the pause, with distress rated before and after;
// and the soothing toolkit.
//
// The timing is never computed here.  The page asks the server for the
// schedule (the same JSON as `haven breathe box --rounds 2 --script
// --json`), then walks it against performance.now(): each phase change is
// a timeout aimed at that phase's absolute start, so a late frame never
// delays the next phase and rounds never drift.  The circle is drawn per
// frame from the same clock.  With prefers-reduced-motion the circle is
// left out and the count is shown as text.
//
// One tap to calm: a practice starts as its page opens, with the person's
// last settings (kept in this browser) or those in the address
// (#/practices/breathe-box?rounds=2); "Adjust" changes them and starts
// again.  Grounding waits for "Next" at each step unless a timer is chosen.
//
// What was done is kept however a practice ends, as the CLI keeps it on
// Ctrl-C: stopped with the button, the page asks how it went; left for
// another page before it was saved — mid-practice or with the questions
// after it unanswered — it is saved as it stood; the tab closed, it is sent
// as the page goes (a keepalive request that outlives the page).  Only a
// run started again through Adjust is let go: it was a false start.

import { get, post, del, prepareWrite, postOnLeave } from '../api.js';
import { h, toast, errorBox, fillIn } from '../dom.js';
import { showCrisis } from '../crisis.js';
import { distressScale } from '../rating.js';
import { fullScreen, prefersFull } from '../fullscreen.js';

let words = null; // practices.json: scripts, cues, distress questions
let page = null; // practices-web.json: introductions
let stopRun = null; // ends the walk in progress (the Stop button)
let unsaved = null; // keeps a practice not yet saved: unsaved(closing)

async function loadWords() {
  if (!words)
    [words, page] = await Promise.all([
      get('content/practices.json'),
      get('content/practices-web.json'),
    ]);
}

const isBreathing = (t) => Array.isArray(words.techniques[t]?.phases);
const isSpread = (t) => Array.isArray(words.techniques[t]?.spread);
const label = (t) => words.techniques[t]?.label || t;
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const ms = (seconds) => Math.round(seconds * 1000);

// What to show during each phase of a schedule: its title, cue and how the
// circle moves, from the same script the schedule was computed from.
function describe(technique, phases) {
  const t = words.techniques[technique];
  if (t.phases) {
    const n = t.phases.length,
      rounds = phases.length / n;
    return phases.map((p, i) => ({
      ...p,
      cue: t.phases[i % n].cue || '',
      bar: t.phases[i % n].bar,
      head: `Round ${Math.floor(i / n) + 1} of ${rounds}`,
    }));
  }
  if (t.spread) {
    return phases.map((p) => ({
      ...p,
      cue: (t.spread.find((s) => s.id === p.name) || {}).cue || '',
      bar: 'progress',
      head: '',
    }));
  }
  let current = null,
    seen = 0;
  return phases.map((p) => {
    const id = p.step || p.name;
    const step = t.steps.find((s) => s.id === id) || {};
    const pattern = t.pattern.find((q) => (q.name || id) === p.name) || t.pattern[0];
    if (id !== current) {
      current = id;
      seen = 0;
    }
    const item = Math.floor(seen++ / t.pattern.length) + 1,
      items = step.repeat || 1;
    return {
      ...p,
      cue: step[p.name] || step.cue || '',
      bar: pattern.bar,
      head: capital(step.title || id) + (items > 1 ? ` · ${item} of ${items}` : ''),
    };
  });
}

// --- the index: every practice, and the soothing toolkit ------------------

function techniqueCard(id) {
  return h(
    'li',
    { class: 'practice' },
    h('a', { href: `#/practices/${id}` }, capital(label(id))),
    h('p', { class: 'muted' }, page.describe[id] || ''),
  );
}

async function toolkit() {
  const box = h('section', { class: 'card', 'aria-labelledby': 'soothe-title' });
  const listBox = h('div', {});
  const picked = h('p', { role: 'status', class: 'picked' });
  const text = h('input', { type: 'text', id: 'soothe-text', maxlength: '500', required: true });
  const group = h(
    'select',
    { id: 'soothe-group' },
    Object.entries(words.soothe.groups).map(([k, v]) => h('option', { value: k }, v)),
  );
  const error = h('p', { class: 'error', role: 'alert' });

  async function refresh() {
    const items = await get('soothe');
    if (!items.length) {
      listBox.replaceChildren(
        h('p', { class: 'muted' }, 'Nothing here yet. Add the first thing that helps you below.'),
      );
      return;
    }
    const groups = Object.entries(words.soothe.groups).map(([k, title]) => {
      const mine = items.filter((r) => r.body.group === k);
      return mine.length
        ? h(
            'div',
            {},
            h('h3', {}, title),
            h(
              'ul',
              { class: 'entries' },
              mine.map((r) =>
                h(
                  'li',
                  { class: 'soothe-item' },
                  h('span', {}, r.body.text),
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'quiet',
                      'aria-label': `Remove “${r.body.text}”`,
                      onclick: async () => {
                        try {
                          await del('soothe/' + r.id);
                          toast(words.soothe.removed);
                          await refresh();
                        } catch (e) {
                          error.textContent = e.message;
                        }
                      },
                    },
                    'Remove',
                  ),
                ),
              ),
            ),
          )
        : null;
    });
    listBox.replaceChildren(...groups.filter(Boolean));
  }

  const form = h(
    'form',
    { class: 'soothe-add', 'aria-label': 'Add to your toolkit' },
    h('label', { for: 'soothe-text' }, 'Something that calms you'),
    text,
    h('label', { for: 'soothe-group' }, 'It helps mostly'),
    group,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    try {
      const saved = await post('soothe', { group: group.value, text: text.value });
      text.value = '';
      toast(words.soothe.added);
      await refresh();
      showCrisis(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });

  box.append(
    h('h2', { id: 'soothe-title' }, words.soothe.title),
    h('p', { class: 'note' }, page.soothe_intro),
    listBox,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          onclick: async () => {
            try {
              const one = await get('soothe/pick');
              picked.replaceChildren(words.soothe.pick + ' ', h('strong', {}, one.body.text));
            } catch (e) {
              picked.textContent = e.message;
            }
          },
        },
        'Pick one for me',
      ),
    ),
    picked,
    form,
  );
  await refresh();
  return box;
}

async function index(main) {
  main.append(h('h1', {}, 'Practices'), h('p', {}, page.intro));
  for (const g of page.groups) {
    const id = 'g-' + g.title.toLowerCase().replace(/[^a-z]+/g, '-');
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

// --- one practice ----------------------------------------------------------

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
        h('span', {}, page.auto_label || 'Move on by itself, on a timer'),
      )
    : null;
  const f = h(
    'form',
    { 'aria-label': 'Adjust the practice' },
    breathing
      ? field(
          'opt-rounds',
          'Rounds',
          `Leave empty for the usual ${words.techniques[technique].rounds}.`,
          { min: '1', max: '1000', step: '1', value: settings.rounds || '' },
        )
      : null,
    breathing || spread
      ? field(
          'opt-minutes',
          'Or minutes',
          breathing
            ? 'As many whole rounds as fit.'
            : `Leave empty for the usual ${words.techniques[technique].minutes}.`,
          { min: '0', value: settings.minutes || '' },
        )
      : null,
    field(
      'opt-pace',
      'Seconds per count',
      'The usual pace is 1; 0.5 is twice as fast, 2 twice as slow.',
      { min: '0.001', max: '60', value: settings.pace || '' },
    ),
    auto,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Start again with these')),
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
  return h('details', { class: 'card adjust' }, h('summary', {}, 'Adjust'), f);
}

// The schedule for these settings, from the server (never computed here).
async function scheduleFor(technique, settings) {
  const q = new URLSearchParams({ technique });
  for (const k of ['rounds', 'minutes', 'pace']) if (settings[k]) q.set(k, settings[k]);
  return get('practices/schedule?' + q);
}

// The moving part: a circle whose radius follows the breath (grow, hold,
// shrink), the phase and its count, the cue, and overall progress.
function stage(technique, reduced) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 200 200');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'breath');
  const ring = document.createElementNS(NS, 'circle');
  for (const [k, v] of [
    ['cx', 100],
    ['cy', 100],
    ['r', 92],
    ['class', 'ring'],
  ])
    ring.setAttribute(k, v);
  const dot = document.createElementNS(NS, 'circle');
  for (const [k, v] of [
    ['cx', 100],
    ['cy', 100],
    ['r', 30],
    ['class', 'dot'],
  ])
    dot.setAttribute(k, v);
  svg.append(ring, dot);
  const el = {
    head: h('p', { class: 'muted run-head' }),
    phase: h('p', { class: 'run-phase', 'aria-hidden': 'true' }),
    count: h('p', { class: 'run-count', 'aria-hidden': 'true' }),
    cue: h('p', { class: 'run-cue', 'aria-hidden': 'true' }),
    live: h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'run-live' }),
    progress: h('progress', { max: '1', value: '0', 'aria-label': 'How far through the practice' }),
    circle: dot,
  };
  const showCircle = isBreathing(technique) && !reduced;
  // Where the buttons go: right under the count, so Stop (and Next) are on
  // a phone's first screen; the cue follows.
  el.controls = h('div', { class: 'actions run-controls' });
  const box = h(
    'div',
    { class: 'run' + (reduced ? ' reduced' : '') },
    el.head,
    showCircle ? svg : null,
    el.phase,
    el.count,
    el.controls,
    el.cue,
    el.progress,
    el.live,
    reduced && isBreathing(technique) ? h('p', { class: 'note' }, page.reduced_motion) : null,
  );
  return { box, el };
}

// Walk a schedule; resolves with {elapsedMs, completed} when it ends or is stopped.
// manual: each step waits for "Next" (el.next) instead of a timer.
function walk(technique, schedule, el, pace, manual) {
  const phases = describe(technique, schedule.phases);
  const totalMs = phases.length ? ms(phases.at(-1).start + phases.at(-1).duration) : 0;
  // One count at this pace, as the library rounds it (whole milliseconds).
  const countMs = Math.max(1, Math.round((pace || 1) * 1000));
  const t0 = performance.now();
  let i = -1,
    level = 0,
    frame = 0,
    timer = 0,
    done,
    result = null;
  const finished = new Promise((resolve) => {
    done = resolve;
  });

  function levelAt(p, frac) {
    return p.bar === 'grow'
      ? frac
      : p.bar === 'shrink'
        ? 1 - frac
        : p.bar === 'hold'
          ? level
          : frac;
  }
  function draw() {
    const now = performance.now() - t0;
    const p = phases[i];
    if (!p) return;
    const start = ms(p.start),
      dur = ms(p.duration);
    const frac = dur ? Math.min(1, Math.max(0, (now - start) / dur)) : 1;
    const left = Math.max(0, start + dur - now);
    el.circle.setAttribute('r', (30 + 62 * levelAt(p, frac)).toFixed(1));
    if (manual) {
      el.count.textContent = '';
      el.progress.value = phases.length ? i / phases.length : 1;
      frame = requestAnimationFrame(draw);
      return;
    }
    if (isSpread(technique)) {
      const s = Math.ceil(Math.max(0, totalMs - now) / 1000);
      el.count.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    } else {
      el.count.textContent = String(Math.max(1, Math.ceil(left / countMs)));
    }
    el.progress.value = totalMs ? Math.min(1, now / totalMs) : 1;
    frame = requestAnimationFrame(draw);
  }
  function enter(k) {
    if (i >= 0) level = levelAt(phases[i], 1);
    i = k;
    if (i >= phases.length) return end(true);
    const p = phases[i];
    el.head.textContent = p.head;
    el.phase.textContent = capital(p.name);
    el.cue.textContent = p.cue;
    // Spoken once per phase: where we are (for steps), the phase, the cue.
    const spoken = [
      isBreathing(technique) ? '' : p.head,
      p.step || isBreathing(technique) ? capital(p.name) : '',
      p.cue,
    ];
    el.live.textContent = spoken.filter(Boolean).join('. ');
    if (manual) {
      el.next.textContent = i + 1 < phases.length ? 'Next' : 'Finish';
      return;
    }
    // The next change is aimed at its absolute start, never "duration from now".
    const next = i + 1 < phases.length ? ms(phases[i + 1].start) : totalMs;
    timer = setTimeout(() => enter(i + 1), Math.max(0, t0 + next - performance.now()));
  }
  function end(completed) {
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    stopRun = null;
    // A completed run lasted the schedule; any excess is only how late the
    // timer noticed the end, so it is not counted.
    const elapsed = performance.now() - t0;
    result = {
      elapsedMs: completed ? totalMs : Math.min(elapsed, totalMs),
      completed,
      totalMs,
      countMs,
    };
    done(result);
    return result;
  }
  stopRun = () => end(false);
  if (manual)
    el.next.addEventListener('click', () => {
      if (!result) enter(i + 1);
    });
  enter(0);
  frame = requestAnimationFrame(draw);
  // now(): the run as it ends here (or as it ended already).
  return { finished, stop: () => stopRun && stopRun(), now: () => result || end(false) };
}

// How long it ran, at the schedule's precision (as the CLI records it):
// whole seconds at whole-second counts, else tenths.
function actualSeconds(elapsedMs, countMs, totalMs) {
  const unit = countMs % 1000 === 0 && totalMs % 1000 === 0 ? 1000 : 100;
  return (Math.round(elapsedMs / unit) * unit) / 1000;
}

function afterForm(technique, schedule, run, opts, onSaved) {
  const after = distressScale('after', words.distress.after, page.after_hint);
  const pause = technique === 'pause';
  const urge = pause
    ? h(
        'fieldset',
        {},
        h('legend', {}, page.urge_question),
        h(
          'div',
          { class: 'chips' },
          h(
            'label',
            {},
            h('input', { type: 'radio', name: 'urge', value: 'yes' }),
            h('span', {}, 'yes'),
          ),
          h(
            'label',
            {},
            h('input', { type: 'radio', name: 'urge', value: 'no' }),
            h('span', {}, 'no'),
          ),
          h(
            'label',
            {},
            h('input', { type: 'radio', name: 'urge', value: '', checked: true }),
            h('span', {}, 'skip'),
          ),
        ),
      )
    : null;
  const did = pause
    ? h(
        'div',
        {},
        h('label', { for: 'pause-did' }, page.did_question),
        h('textarea', { id: 'pause-did' }),
      )
    : null;
  const error = h('p', { class: 'error', role: 'alert' });
  const heading = h(
    'h2',
    { tabindex: '-1' },
    run.completed
      ? words.done
      : fillIn(page.stopped || words.stopped, { elapsed: humanSeconds(run.elapsedMs) }),
  );
  const f = h(
    'form',
    { class: 'card', 'aria-label': 'After the practice' },
    heading,
    after,
    urge,
    did,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save')),
  );
  // The record with whatever has been answered so far.
  const current = () => {
    const body = practiceBody(technique, schedule, run, opts);
    if (after.value() !== null) body.distress_after = after.value();
    if (pause) {
      const u = f.querySelector('input[name=urge]:checked')?.value;
      if (u) body.urge_passed = u === 'yes';
      if (did.querySelector('textarea').value.trim())
        body.did = did.querySelector('textarea').value;
    }
    return body;
  };
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const saved = await post('practices', current());
      onSaved(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return { form: f, heading, current };
}

// The record of a run, as far as the page knows it without asking.
function practiceBody(technique, schedule, run, opts) {
  const body = {
    technique,
    planned_seconds: run.totalMs / 1000,
    actual_seconds: actualSeconds(run.elapsedMs, run.countMs, run.totalMs),
    completed: run.completed,
  };
  if (opts.before !== null) body.distress_before = opts.before;
  if (opts.pace !== null) body.pace = opts.pace;
  if (isBreathing(technique))
    body.rounds = schedule.phases.length / words.techniques[technique].phases.length;
  return body;
}

// Keep the practice not yet saved, if any: the page is going (closing:
// the tab is closing) or the person went to another page of haven.
function keepUnsaved(closing) {
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
      toast(fillIn(page.saved_away, { elapsed: humanSeconds(run.elapsedMs) }));
      showCrisis(saved);
    })
    .catch((e) => toast(e.message));
}

function humanSeconds(msValue) {
  const s = Math.round(msValue / 1000);
  return s < 60 ? `${s} s` : s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
}

async function practice(main, technique, params) {
  if (!words.techniques[technique]) {
    main.append(
      h('h1', {}, 'Practices'),
      errorBox(new Error(`There is no practice called “${technique}”.`)),
      h('p', {}, h('a', { href: '#/practices' }, 'See every practice')),
    );
    return;
  }
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  prepareWrite().catch(() => {}); // so that a tab closed mid-practice can still save it
  const area = h('div', {});
  main.append(
    ...[
      h('h1', {}, capital(label(technique))),
      h('p', {}, page.describe[technique] || ''),
      technique === 'pause' ? h('p', { class: 'note' }, words.pause.intro) : null,
      area,
      h('p', {}, h('a', { href: '#/practices' }, 'All practices')),
    ].filter(Boolean),
  );
  // One tap to calm: the practice starts as the page opens, with the
  // person's last settings (or those in the address); "Adjust" changes them.
  const settings = { ...lastSettings(technique), ...Object.fromEntries(params) };
  let current = null; // the walk in progress
  async function start(chosen) {
    const schedule = await scheduleFor(technique, chosen);
    if (current) {
      unsaved = null;
      current.stop();
    } // restarted: the few seconds before are let go
    const manual = stepped(technique) && !chosen.auto;
    const { box, el } = stage(technique, reduced);
    const before = distressScale('before', words.distress.before, page.before_hint);
    const stopButton = h('button', { type: 'button', class: 'quiet' }, 'Stop');
    el.next = manual ? h('button', { type: 'button', id: 'run-next' }, 'Next') : null;
    el.controls.append(...[el.next, stopButton].filter(Boolean));
    const card = h(
      'section',
      { class: 'card', 'aria-label': 'Practice in progress' },
      h('p', { class: 'note run-start' }, page.start),
      box,
      before,
    );
    // Breathing and the pause can fill the screen; they do at once for a
    // person who left the last one that way.
    const full =
      isBreathing(technique) || technique === 'pause' ? fullScreen(card, page.full) : null;
    if (full) el.controls.prepend(full.button);
    area.replaceChildren(card);
    const opts = { pace: chosen.pace ? Number(chosen.pace) : null };
    Object.defineProperty(opts, 'before', { get: () => before.value(), enumerable: true });
    const w = walk(technique, schedule, el, opts.pace, manual);
    current = w;
    stopButton.addEventListener('click', w.stop);
    (el.next || stopButton).focus({ preventScroll: true });
    if (full && prefersFull()) full.enter();
    w.finished.then(() => full?.leave());
    let kept = false;
    unsaved = (closing) => {
      kept = true;
      const run = w.now();
      keep(practiceBody(technique, schedule, run, opts), closing, run);
    };
    after(w, schedule, opts, () => kept);
  }
  // When the walk ends: ask how it went, and keep the answers.
  async function after(w, schedule, opts, kept) {
    const run = await w.finished;
    if (kept() || current !== w) return; // left mid-practice (already kept), or restarted
    unsaved = null;
    const {
      form,
      heading,
      current: answered,
    } = afterForm(technique, schedule, run, opts, (saved) => {
      unsaved = null;
      area.replaceChildren(
        h(
          'section',
          { class: 'card', role: 'status' },
          h('p', {}, page.saved),
          h(
            'div',
            { class: 'actions' },
            h('a', { class: 'button', href: '#/practices' }, 'Back to practices'),
            h('a', { class: 'button quiet', href: '#/insights' }, 'See what helps'),
          ),
        ),
      );
      showCrisis(saved);
    });
    unsaved = (closing) => keep(answered(), closing, run);
    area.replaceChildren(form);
    heading.focus();
  }
  main.insertBefore(adjustForm(technique, settings, start), area.nextSibling);
  try {
    await start(settings);
  } catch (e) {
    area.replaceChildren(errorBox(e));
  }
}

export async function render(main, rest) {
  keepUnsaved(false); // a walk in progress ends with it
  await loadWords();
  const [technique, query] = (rest[0] || '').split('?');
  if (!technique) return index(main);
  return practice(main, decodeURIComponent(technique), new URLSearchParams(query || ''));
}
