// practice-after.js — after a practice: how it went (distress again, and
// for the pause whether the urge passed and what the person did), and the
// record of a run as the page knows it, however the run ended.

import { post } from '../api.js';
import { h, fillIn } from '../dom.js';
import { distressScale } from '../rating.js';
import { w, isBreathing, humanSeconds } from './practice-words.js';

// How long it ran, at the schedule's precision (as the CLI records it):
// whole seconds at whole-second counts, else tenths.
function actualSeconds(elapsedMs, countMs, totalMs) {
  const unit = countMs % 1000 === 0 && totalMs % 1000 === 0 ? 1000 : 100;
  return (Math.round(elapsedMs / unit) * unit) / 1000;
}

// The pause's question: did the urge pass?  Yes, no, or not said.
function urgeQuestion(page) {
  const choice = (value, text, checked) =>
    h(
      'label',
      {},
      h('input', { type: 'radio', name: 'urge', value, checked }),
      h('span', {}, text),
    );
  return h(
    'fieldset',
    {},
    h('legend', {}, page.urge_question),
    h(
      'div',
      { class: 'chips' },
      choice('yes', page.after.yes, false),
      choice('no', page.after.no, false),
      choice('', page.after.skip, true),
    ),
  );
}

export function afterForm(technique, schedule, run, opts, onSaved) {
  const { words, page } = w;
  const after = distressScale('after', words.distress.after, page.after_hint);
  const pause = technique === 'pause';
  const urge = pause ? urgeQuestion(page) : null;
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
    run.completed ? words.done : fillIn(page.stopped, { elapsed: humanSeconds(run.elapsedMs) }),
  );
  const f = h(
    'form',
    { class: 'card', 'aria-label': page.after.label },
    heading,
    after,
    urge,
    did,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, page.after.save)),
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
export function practiceBody(technique, schedule, run, opts) {
  const words = w.words;
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
