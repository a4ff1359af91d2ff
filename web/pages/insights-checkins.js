// insights-checkins.js — two parts of Insights: the check-ins by week
// (distress, mood, anxiety and sleep quality, each on its 0–10 scale), and
// what went with what (the relations of /api/insights, one chart per
// outcome: for each factor the difference seen and its likely range, so a
// range crossing the middle reads as "may be chance").  The charts are
// drawn by haven's chart module (src/report/chart-checkins.c) like every
// other chart, at the width they are shown at and in the theme's colours;
// under each, the numbers from the same /api/insights value, as a table
// behind a disclosure: the chart's text alternative.

import { h, chartFigure, fillIn } from '../dom.js';

// Factors in one outcome's chart at most (HV_CHART_RELATIONS in chart.h).
const SHOWN = 6;

// The chart of that name drawn at a width (both Insights modules use it).
export const insightChart = (name) => (width) => `/api/charts/${name}-${width}.svg`;

// A plain table: a head row and rows of cells, the text behind a chart.
export function table(head, rows) {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((x) => h('th', { scope: 'col' }, x)),
      ),
    ),
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
  );
}

// Append what is there: null and false are left out, not written as words.
function add(el, ...kids) {
  el.append(...kids.flat(2).filter((k) => k !== null && k !== undefined && k !== false));
  return el;
}

// "28 Sep" for a week that starts on 2026-09-28, in the person's language.
export function weekOf(start) {
  const [y, m, d] = start.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

// A number to one decimal, or a dash when there is none.
export const one = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(1));

export function checkinSection(data, words) {
  const w = words.checkins;
  const box = h('section', { class: 'card', 'aria-labelledby': 'checkins-title', id: 'checkins' });
  box.append(h('h2', { id: 'checkins-title' }, w.title));
  const weeks = (data?.weeks || []).filter((x) => x.checkins > 0);
  if (!weeks.length) return add(box, h('p', {}, w.none));
  const shown = data.series;
  const names = shown.map((k) => w.series[k]);
  const head = [w.week, w.count, ...names, w.sleep];
  const rows = weeks.map((x) => [
    weekOf(x.start),
    x.checkins,
    ...shown.map((k) => one(x[k])),
    one(x.sleep),
  ]);
  return add(
    box,
    h('p', { class: 'note' }, w.intro),
    chartFigure(insightChart('checkins'), w.numbers, table(head, rows)),
  );
}

// The words for a factor row: its name, and "the next day" for a lag.
const factorName = (it, w) => (it.lag ? `${it.label}, ${w.next_day}` : it.label);

function outcomeFigure(outcome, items, w) {
  const o = w.outcomes[outcome] || outcome;
  const rows = items.map((it) => ({ ...it, name: factorName(it, w) }));
  const numbers = table(
    [w.factor, w.difference, w.range, w.days, ''],
    rows.map((it) => [
      it.name,
      one(it.difference),
      `${one(it.low)} … ${one(it.high)}`,
      `${it.with.days} / ${it.without.days}`,
      it.clear ? w.clear : w.maybe,
    ]),
  );
  return [
    h('h3', {}, fillIn(w.heading, { outcome: o })),
    chartFigure(insightChart(`relations-${outcome}`), fillIn(w.numbers, { outcome: o }), numbers),
  ];
}

export function relationsSection(rel, words) {
  if (!rel) return null;
  const w = words.relations;
  const box = h(
    'section',
    { class: 'card', 'aria-labelledby': 'relations-title', id: 'relations' },
    h('h2', { id: 'relations-title' }, rel.title),
    h('p', { class: 'note' }, rel.note),
  );
  const enough = (rel.items || []).filter((i) => i.enough);
  if (!enough.length) return add(box, h('p', {}, rel.too_few));
  const byOutcome = new Map();
  for (const it of enough) {
    if (!byOutcome.has(it.outcome)) byOutcome.set(it.outcome, []);
    if (byOutcome.get(it.outcome).length < SHOWN) byOutcome.get(it.outcome).push(it);
  }
  const clear = enough.filter((i) => i.clear);
  return add(
    box,
    clear.length
      ? h(
          'ul',
          { class: 'relation-sentences' },
          clear.map((i) => h('li', {}, i.sentence)),
        )
      : null,
    h('p', { class: 'note' }, w.legend),
    [...byOutcome].map(([o, items]) => outcomeFigure(o, items, w)),
  );
}
