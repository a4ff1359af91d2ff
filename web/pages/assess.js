// assess.js — the self-assessment in the browser: one question per screen,
// every answer saved at once as haven's unfinished result (so closing the
// tab loses nothing and it can be resumed here or with `haven assess
// resume`), and a result that says plainly it is a reflection, never a
// type, with the flagged areas pointed to practices and the scores over
// time as a chart drawn by haven's C library.  The page's words are
// data/assess-web.json's; those it shares with the terminal, assess.json's.

import { get, post, patch } from '../api.js';
import { h, errorBox, when, counted, chartFigure, loadCharts, fillIn } from '../dom.js';
import { showCrisis } from '../crisis.js';
import { actionRoutes } from '../app.js';

let words = null; // data/assess.json
let page = null; // data/assess-web.json
// Where each practice named in data/assess.json (by its action, "do")
// opens in the web app (app.js); its name is the page's words
// (assess-web.json's "actions").
let route = null;

// Items and prompts in the order of the parts, then any without a part —
// the same walk as `haven assess take`, so a saved position means the same.
function plan(inst) {
  const steps = [];
  const add = (part) => {
    const inPart = (el) => (part ? el.part === part.id : !el.part);
    for (const el of inst.items || []) if (inPart(el)) steps.push({ kind: 'item', el, part });
    for (const el of inst.prompts || []) if (inPart(el)) steps.push({ kind: 'prompt', el, part });
  };
  for (const part of inst.parts || []) add(part);
  add(null);
  return steps;
}

// --- overview ---------------------------------------------------------------

async function overview(main) {
  const list = await get('assess');
  // The newest unfinished one is what `haven assess resume` would continue.
  const open = list.results.find((r) => !r.complete);
  const unfinished = open ? await get('assess/results/' + open.id) : null;
  main.append(h('h1', {}, page.title), h('p', { class: 'note' }, words.note));
  if (unfinished) {
    main.append(
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'unfinished' },
        h('h2', { id: 'unfinished' }, page.unfinished_title),
        h(
          'p',
          {},
          counted(page.unfinished, Object.keys(unfinished.body.answers).length, {
            when: when(unfinished.created),
          }),
        ),
        h('a', { class: 'button', href: `#/assess/resume/${unfinished.id}` }, page.continue),
      ),
    );
  }
  main.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'instruments' },
      h('h2', { id: 'instruments' }, page.instruments_title),
      h(
        'ul',
        { class: 'entries' },
        list.instruments.map((i) =>
          h(
            'li',
            {},
            h('p', {}, h('strong', {}, i.title)),
            h('p', { class: 'muted' }, size(i)),
            h(
              'a',
              { class: 'button', href: `#/assess/take/${i.id}` },
              unfinished ? page.begin_new : page.begin,
            ),
          ),
        ),
      ),
    ),
  );
  const done = list.results.filter((r) => r.complete);
  if (done.length) {
    const ids = [...new Set(done.map((r) => r.instrument))];
    main.append(
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'past' },
        h('h2', { id: 'past' }, page.results_title),
        h(
          'ul',
          { class: 'entries' },
          done.map((r) =>
            h(
              'li',
              {},
              h(
                'a',
                { href: `#/assess/result/${r.id}` },
                fillIn(r.target ? page.result_row_for : page.result_row, {
                  day: day(r.taken),
                  title: titleOf(list, r.instrument),
                  target: r.target,
                }),
              ),
            ),
          ),
        ),
        await Promise.all(ids.map((id) => historyChart(id))),
      ),
    );
    await loadCharts(main);
  }
}

// An instrument by its title, never by its internal id.
function titleOf(list, id) {
  return list.instruments.find((i) => i.id === id)?.title || page.some_questionnaire;
}

// How long an instrument is: its questions to rate, and any open ones.
function size(i) {
  const items = counted(page.items, i.items);
  return i.prompts
    ? fillIn(page.size_prompts, { items, prompts: counted(page.prompts, i.prompts) })
    : fillIn(page.size, { items });
}

// "Sunday 22 November 2026": the day a result was taken.
function day(iso) {
  return new Date(iso).toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

// The scores over time as haven draws them, at the page's width and in its
// colours, with the same scores in a table behind a disclosure.
async function historyChart(instrument) {
  const history = await get(`assess/${encodeURIComponent(instrument)}/history`).catch(() => null);
  const rows = [];
  for (const s of history?.series || []) {
    for (const p of s.points)
      rows.push([
        s.target ? fillIn(page.series_for, { title: s.title, target: s.target }) : s.title,
        day(p.taken),
        p.score.toFixed(2),
      ]);
  }
  const head = h(
    'tr',
    {},
    page.scores_head.map((x) => h('th', { scope: 'col' }, x)),
  );
  const fig = chartFigure(
    (w) => `/api/assess/${encodeURIComponent(instrument)}/history.svg?width=${w}`,
    page.scores_caption,
    h(
      'table',
      {},
      h('thead', {}, head),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            r.map((x) => h('td', {}, x)),
          ),
        ),
      ),
    ),
  );
  fig.classList.add('history');
  fig.append(h('p', { class: 'note' }, words.history_note));
  const planes = (history?.plane || []).map((e) => planeChart(instrument, e));
  return planes.length ? h('div', { class: 'history-charts' }, fig, planes) : fig;
}

// "up by 0.33", "down by 0.22" or "about the same", in the data's words.
function way(d) {
  const w = words.plane;
  const n = Math.abs(d).toFixed(2);
  return fillIn(Math.abs(d) < 0.005 ? w.same : d > 0 ? w.up : w.down, { n });
}

// Where anxiety and avoidance sit together, take by take (the history's
// "plane"): the chart in plain words, the move since the take before, and
// the same numbers in a table.
function planeChart(instrument, e) {
  const w = words.plane;
  const target = e.target ? `&target=${encodeURIComponent(e.target)}` : '';
  const title = e.target ? fillIn(w.title_for, { target: e.target }) : w.title;
  const fig = chartFigure(
    (width) => `/api/assess/${encodeURIComponent(instrument)}/plane.svg?width=${width}${target}`,
    title,
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [w.table_area, w.anxiety, w.avoidance].map((x) => h('th', { scope: 'col' }, x)),
        ),
      ),
      h(
        'tbody',
        {},
        e.points.map((p) =>
          h(
            'tr',
            {},
            [day(p.taken), p.anxiety.toFixed(2), p.avoidance.toFixed(2)].map((x) => h('td', {}, x)),
          ),
        ),
      ),
    ),
  );
  fig.classList.add('plane');
  fig.prepend(h('h3', {}, title), h('p', { class: 'note' }, w.axes));
  fig.append(
    h(
      'p',
      { class: 'plane-moved' },
      e.moved
        ? [
            h('strong', {}, `${w.moved_title}: `),
            fillIn(w.moved, {
              anxiety_way: way(e.moved.anxiety),
              avoidance_way: way(e.moved.avoidance),
            }),
          ]
        : w.one_take,
    ),
  );
  return fig;
}

// --- taking it -----------------------------------------------------------------

async function begin(main, instrumentId) {
  const inst = await get('assess/instruments/' + encodeURIComponent(instrumentId));
  main.append(
    h('h1', {}, inst.title),
    h('p', {}, inst.intro),
    h('p', { class: 'note' }, words.note),
  );
  const error = h('p', { class: 'error', role: 'alert' });
  const target = inst.targets
    ? h(
        'select',
        { id: 'target' },
        inst.targets.map((t) => h('option', { value: t }, t)),
      )
    : null;
  const f = h(
    'form',
    { class: 'card', 'aria-label': page.begin },
    h('p', {}, page.before),
    target ? h('label', { for: 'target' }, page.which) : null,
    target,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, page.begin)),
  );
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const rec = await post(
        'assess/results',
        target ? { instrument: inst.id, target: target.value } : { instrument: inst.id },
      );
      location.hash = `#/assess/resume/${rec.id}`;
    } catch (e) {
      error.textContent = e.message;
    }
  });
  main.append(f);
}

async function resume(main, id) {
  let rec = await get('assess/results/' + encodeURIComponent(id));
  if (rec.body.complete) {
    location.hash = `#/assess/result/${rec.id}`;
    return;
  }
  const inst = await get('assess/instruments/' + encodeURIComponent(rec.body.instrument));
  const steps = plan(inst);
  const items = steps.filter((s) => s.kind === 'item');
  const prompts = steps.filter((s) => s.kind === 'prompt');
  const answers = { ...rec.body.answers };
  const firstMissing = () =>
    steps.findIndex((s) => s.kind === 'item' && answers[s.el.id] === undefined);
  let pos = rec.body.position ?? 0;
  if (pos >= steps.length) pos = Math.max(0, firstMissing());

  const screen = h('div', {});
  const status = h('p', { class: 'note saved-status', role: 'status' });
  main.append(h('h1', {}, inst.title), screen, status);

  // Saves run one after another, in the order they were made.
  let saving = Promise.resolve();
  function save(changes) {
    saving = saving
      .then(async () => {
        const r = await patch('assess/results/' + rec.id, changes);
        rec = r;
        status.textContent = page.saved;
        showCrisis(r);
      })
      .catch((e) => {
        status.replaceChildren(errorBox(e));
      });
    return saving;
  }

  async function go(next) {
    await saving;
    if (rec.body.complete) {
      location.hash = `#/assess/result/${rec.id}`;
      return;
    }
    pos = next;
    if (pos >= steps.length) return finishScreen();
    await save({ position: pos });
    show();
  }

  function finishScreen() {
    const missing = items.filter((s) => answers[s.el.id] === undefined).length;
    const heading = h('h2', { tabindex: '-1' }, page.nearly_title);
    screen.replaceChildren(
      h(
        'section',
        { class: 'card' },
        heading,
        h('p', {}, counted(page.missing, missing)),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: () => go(firstMissing()) }, page.first_missing),
        ),
      ),
    );
    heading.focus();
  }

  function show() {
    const step = steps[pos];
    const number = items.indexOf(step) + 1;
    const partStart = step.part && (pos === 0 || steps[pos - 1].part !== step.part);
    const heading = h(
      'h2',
      { tabindex: '-1', id: 'q-head' },
      step.kind === 'item'
        ? fillIn(page.question, { n: number, total: items.length })
        : fillIn(page.open_question, { n: prompts.indexOf(step) + 1, total: prompts.length }),
    );
    const body = [];
    if (step.kind === 'item') {
      const scale = h('div', { class: 'scale answers' });
      for (let v = inst.scale.min; v <= inst.scale.max; v++) {
        const text = inst.scale.labels?.[v - inst.scale.min];
        scale.append(
          h(
            'label',
            {},
            h('input', {
              type: 'radio',
              name: 'answer',
              value: String(v),
              checked: answers[step.el.id] === v,
            }),
            h('span', {}, text ? fillIn(page.answer, { value: v, label: text }) : String(v)),
          ),
        );
      }
      // One tap answers and moves on.  Only a tap or a click does: arrow
      // keys also change a radio group's choice, and a keyboard user moving
      // through the answers must not be carried off to the next question.
      // The time of the last tap: never "just now" before any tap, even in
      // a page opened less than the window ago (performance.now() counts
      // from the page's start).
      let tapped = -Infinity;
      scale.addEventListener('pointerdown', () => {
        tapped = performance.now();
      });
      scale.addEventListener('change', (ev) => {
        const v = Number(ev.target.value);
        answers[step.el.id] = v;
        save({ answers: { [step.el.id]: v }, position: pos });
        if (performance.now() - tapped < 1500)
          setTimeout(() => {
            if (steps[pos] === step) go(pos + 1);
          }, 250);
      });
      body.push(h('fieldset', {}, h('legend', {}, step.el.text), scale));
    } else {
      const area = h('textarea', { id: 'reflection' }, rec.body.reflections?.[step.el.id] || '');
      area.addEventListener('change', () =>
        save({ reflections: { [step.el.id]: area.value || null } }),
      );
      body.push(
        h(
          'label',
          { for: 'reflection' },
          step.el.text,
          h('span', { class: 'hint' }, page.reflection_hint),
        ),
        area,
      );
    }
    const nextPart = steps.findIndex((s, k) => k > pos && s.part !== step.part);
    screen.replaceChildren(
      h(
        'section',
        { class: 'card question', 'aria-labelledby': 'q-head' },
        heading,
        step.part ? h('p', { class: 'muted' }, step.part.title) : null,
        partStart && step.part.intro ? h('p', { class: 'note' }, step.part.intro) : null,
        ...body,
        h(
          'div',
          { class: 'actions' },
          h(
            'button',
            { type: 'button', class: 'quiet', disabled: pos === 0, onclick: () => go(pos - 1) },
            page.back,
          ),
          h(
            'button',
            { type: 'button', onclick: () => go(pos + 1) },
            pos + 1 < steps.length ? page.next : page.finish,
          ),
          step.kind === 'prompt'
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'quiet',
                  onclick: () => go(nextPart < 0 ? steps.length : nextPart),
                },
                page.skip_prompts,
              )
            : null,
        ),
      ),
    );
    heading.focus();
  }
  show();
}

// --- the result ---------------------------------------------------------------

function practiceLinks(flagged) {
  if (!flagged.length) return [h('p', {}, words.none_flagged)];
  return flagged.map((f) =>
    h(
      'div',
      {},
      h('h3', {}, f.title),
      h(
        'ul',
        {},
        f.practices.map((p) => {
          const name = page.actions[p.do] || page.some_practice;
          const to = route(p.do);
          // A practice the web app has no page for is named, not given as a
          // command: the words here are for people, not for a shell.
          return h(
            'li',
            {},
            to ? h('a', { href: to }, name) : h('strong', {}, name),
            ` — ${p.why}`,
          );
        }),
      ),
    ),
  );
}

async function result(main, id) {
  const rec = await get('assess/results/' + encodeURIComponent(id));
  const r = rec.result;
  if (!r) {
    main.append(
      h('h1', {}, page.not_finished_title),
      h('p', {}, page.not_finished),
      h('a', { class: 'button', href: `#/assess/resume/${rec.id}` }, page.continue),
    );
    return;
  }
  const scores = h('ul', { class: 'entries scores' });
  let direction = null;
  for (const s of r.subscales) {
    if (s.higher_means !== direction) {
      direction = s.higher_means;
      scores.append(
        h('li', { class: 'direction' }, h('h3', {}, fillIn(page.higher_means, { direction }))),
      );
    }
    scores.append(
      h(
        'li',
        {},
        h(
          'div',
          { class: 'entry-head' },
          h('strong', {}, s.title),
          h('span', { class: 'intensity' }, s.score.toFixed(2)),
          s.band ? h('span', { class: 'tags' }, s.band.name) : null,
        ),
        s.band?.text ? h('p', { class: 'muted' }, s.band.text) : null,
      ),
    );
  }
  main.append(
    h('h1', {}, r.title),
    h(
      'p',
      { class: 'muted' },
      fillIn(r.target ? page.taken_for : page.taken, { when: when(r.taken), target: r.target }),
    ),
    h(
      'section',
      { class: 'card reflection-note', 'aria-label': page.what_this_is },
      h('p', {}, h('strong', {}, words.note)),
      h('p', {}, words.no_labels),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'scores' },
      h('h2', { id: 'scores' }, page.areas_title),
      scores,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'helps' },
      h('h2', { id: 'helps' }, words.flagged_heading),
      ...practiceLinks(r.practices),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'after' },
      h('h2', { id: 'after' }, page.after_title),
      (words.after_web || words.after).map((line) => h('p', {}, line)),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'over-time' },
      h('h2', { id: 'over-time' }, page.over_time_title),
      await historyChart(r.instrument),
    ),
    h('p', {}, h('a', { href: '#/assess' }, page.back_to)),
  );
  await loadCharts(main);
}

export async function render(main, rest) {
  if (!words)
    [words, page, route] = await Promise.all([
      get('content/assess.json'),
      get('content/assess-web.json'),
      actionRoutes(),
    ]);
  const [view, id] = rest;
  if (view === 'take' && id) return begin(main, decodeURIComponent(id));
  if (view === 'resume' && id) return resume(main, decodeURIComponent(id));
  if (view === 'result' && id) return result(main, decodeURIComponent(id));
  return overview(main);
}
