// practice-walk.js — a practice as it runs: haven's schedule walked against
// performance.now(), each phase change a timeout aimed at that phase's
// absolute start, so a late frame never delays the next phase and rounds
// never drift; the circle drawn per frame from the same clock, or, with
// prefers-reduced-motion, the count as text.  The timing is never computed
// here: the schedule is the server's.

import { h, fillIn } from '../dom.js';
import { w, isBreathing, isSpread, capital } from './practice-words.js';

let stopRun = null; // ends the walk in progress (the Stop button)

const ms = (seconds) => Math.round(seconds * 1000);

// What to show during each phase of a schedule: its title, cue and how the
// circle moves, from the same script the schedule was computed from.
function describe(technique, phases) {
  const t = w.words.techniques[technique];
  if (t.phases) {
    const n = t.phases.length,
      rounds = phases.length / n;
    return phases.map((p, i) => ({
      ...p,
      cue: t.phases[i % n].cue || '',
      bar: t.phases[i % n].bar,
      head: fillIn(w.page.round, { n: Math.floor(i / n) + 1, total: rounds }),
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
      head:
        items > 1
          ? fillIn(w.page.step_item, { title: capital(step.title || id), n: item, total: items })
          : capital(step.title || id),
    };
  });
}

// The moving part: a circle whose radius follows the breath (grow, hold,
// shrink), the phase and its count, the cue, and overall progress.
export function stage(technique, reduced) {
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
    progress: h('progress', { max: '1', value: '0', 'aria-label': w.page.run.progress }),
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
    reduced && isBreathing(technique) ? h('p', { class: 'note' }, w.page.reduced_motion) : null,
  );
  return { box, el };
}

// How full the circle is at frac (0..1) of phase p, from level before it.
function levelAt(p, frac, level) {
  return p.bar === 'grow' ? frac : p.bar === 'shrink' ? 1 - frac : p.bar === 'hold' ? level : frac;
}

// "2:05": the time left of a practice spread over minutes.
function clock(leftMs) {
  const s = Math.ceil(Math.max(0, leftMs) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// A phase's words on the stage, and spoken once: where we are (for
// steps), the phase, the cue.
function showPhase(technique, el, p) {
  el.head.textContent = p.head;
  el.phase.textContent = capital(p.name);
  el.cue.textContent = p.cue;
  const spoken = [
    isBreathing(technique) ? '' : p.head,
    p.step || isBreathing(technique) ? capital(p.name) : '',
    p.cue,
  ];
  el.live.textContent = spoken.filter(Boolean).join('. ');
}

// Walk a schedule; resolves with {elapsedMs, completed} when it ends or is stopped.
// manual: each step waits for "Next" (el.next) instead of a timer.
export function walk(technique, schedule, el, pace, manual) {
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

  function draw() {
    const now = performance.now() - t0;
    const p = phases[i];
    if (!p) return;
    const start = ms(p.start),
      dur = ms(p.duration);
    const frac = dur ? Math.min(1, Math.max(0, (now - start) / dur)) : 1;
    const left = Math.max(0, start + dur - now);
    el.circle.setAttribute('r', (30 + 62 * levelAt(p, frac, level)).toFixed(1));
    if (manual) {
      el.count.textContent = '';
      el.progress.value = phases.length ? i / phases.length : 1;
      frame = requestAnimationFrame(draw);
      return;
    }
    el.count.textContent = isSpread(technique)
      ? clock(totalMs - now)
      : String(Math.max(1, Math.ceil(left / countMs)));
    el.progress.value = totalMs ? Math.min(1, now / totalMs) : 1;
    frame = requestAnimationFrame(draw);
  }
  function enter(k) {
    if (i >= 0) level = levelAt(phases[i], 1, level);
    i = k;
    if (i >= phases.length) return end(true);
    showPhase(technique, el, phases[i]);
    if (manual) {
      el.next.textContent = i + 1 < phases.length ? w.page.run.next : w.page.run.finish;
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
