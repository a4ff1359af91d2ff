// insights-checkins.js — two parts of Insights drawn in the page: the
// check-ins by week (distress, mood, anxiety and sleep quality, each on its
// 0–10 scale), and what went with what (the relations of /api/insights,
// one chart per outcome: for each factor the difference seen and its
// likely range, so a range crossing the middle reads as "may be chance").
// Drawn at the width they are shown at, in the theme's colours through
// currentColor and CSS classes, with the numbers in a table behind a
// disclosure as each chart's text alternative.

import { get } from '../api.js';
import { h, fillIn, scrollTable } from '../dom.js';

const NS = 'http://www.w3.org/2000/svg';
const FONT = 14;
const SERIES = ['distress', 'mood', 'anxiety', 'sleep_quality'];

function s(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function table(head, rows) {
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

// A figure whose chart is drawn once its width is known.
function figure(draw, label, numbers, caption) {
  const holder = h('div', { class: 'chart-holder' });
  const fig = h(
    'figure',
    { class: 'chart-figure drawn' },
    holder,
    h(
      'details',
      { class: 'chart-numbers' },
      h('summary', {}, 'The numbers behind this chart'),
      scrollTable(caption, numbers),
    ),
  );
  fig.draw = () => {
    const svg = draw(Math.max(260, Math.round(holder.clientWidth || 600)));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
    holder.replaceChildren(svg);
  };
  return fig;
}

// Monday of the week holding a date, as "YYYY-MM-DD" in local time.
function weekStart(iso) {
  const d = new Date(iso);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

const dayMonth = (d) => d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
const one = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(1));

// The last twelve weeks with a check-in: each series' weekly mean.
function weekly(records) {
  const weeks = new Map();
  for (const r of records) {
    const key = weekStart(r.created).getTime();
    if (!weeks.has(key)) weeks.set(key, { start: new Date(key), n: 0, sums: {}, counts: {} });
    const w = weeks.get(key);
    w.n++;
    const f = r.body.factors || {};
    const values = { distress: r.body.distress, ...f };
    for (const k of [...SERIES, 'sleep'])
      if (typeof values[k] === 'number') {
        w.sums[k] = (w.sums[k] || 0) + values[k];
        w.counts[k] = (w.counts[k] || 0) + 1;
      }
  }
  return [...weeks.values()]
    .sort((a, b) => a.start - b.start)
    .slice(-12)
    .map((w) => ({
      start: w.start,
      n: w.n,
      mean: Object.fromEntries(
        [...SERIES, 'sleep'].map((k) => [k, w.counts[k] ? w.sums[k] / w.counts[k] : null]),
      ),
    }));
}

// Lines on a 0–10 scale, one per series, over the weeks.
function linesChart(weeks, shown) {
  return (width) => {
    const left = 28,
      right = 12,
      top = 10,
      bottom = 28,
      height = 220;
    const x = (i) =>
      left + (weeks.length === 1 ? 0.5 : i / (weeks.length - 1)) * (width - left - right);
    const y = (v) => top + (1 - v / 10) * (height - top - bottom);
    const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height });
    for (const v of [0, 5, 10]) {
      svg.append(s('line', { class: 'grid', x1: left, x2: width - right, y1: y(v), y2: y(v) }));
      svg.append(
        s(
          'text',
          { class: 'soft', x: left - 6, y: y(v) + 5, 'text-anchor': 'end', 'font-size': FONT },
          v,
        ),
      );
    }
    const every = Math.ceil(weeks.length / Math.max(1, Math.floor((width - left) / 70)));
    weeks.forEach((w, i) => {
      if (i % every === 0)
        svg.append(
          s(
            'text',
            { class: 'soft', x: x(i), y: height - 8, 'text-anchor': 'middle', 'font-size': FONT },
            dayMonth(w.start),
          ),
        );
    });
    shown.forEach((k, n) => {
      const pts = weeks.map((w, i) => [i, w.mean[k]]).filter(([, v]) => v !== null);
      if (!pts.length) return;
      svg.append(
        s('polyline', {
          class: `series s${n}`,
          fill: 'none',
          points: pts.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
        }),
      );
      for (const [i, v] of pts)
        svg.append(s('circle', { class: `series-dot s${n}`, cx: x(i), cy: y(v), r: 3.5 }));
    });
    return svg;
  };
}

export async function checkinSection(words) {
  const w = words.checkins;
  const box = h('section', { class: 'card', 'aria-labelledby': 'checkins-title', id: 'checkins' });
  box.append(h('h2', { id: 'checkins-title' }, w.title));
  const records = (await get('checkins?limit=400')) || [];
  const weeks = weekly(records);
  if (!weeks.length) return add(box, h('p', {}, w.none));
  const shown = SERIES.filter((k) => weeks.some((x) => x.mean[k] !== null));
  const names = shown.map((k) => w.series[k]);
  const head = [w.week, w.count, ...names, w.sleep];
  const rows = weeks.map((x) => [
    dayMonth(x.start),
    x.n,
    ...shown.map((k) => one(x.mean[k])),
    one(x.mean.sleep),
  ]);
  return add(
    box,
    h('p', { class: 'note' }, w.intro),
    h(
      'ul',
      { class: 'legend', 'aria-hidden': 'true' },
      shown.map((k, n) => h('li', {}, h('span', { class: `swatch s${n}` }), w.series[k])),
    ),
    figure(
      linesChart(weeks, shown),
      fillIn(w.chart_label, { names: names.join(', ') }),
      table(head, rows),
      w.numbers,
    ),
  );
}

// One row a factor: the range as a line, the difference as a dot.
function rangeChart(items) {
  return (width) => {
    const labelW = Math.min(180, Math.round(width * 0.42));
    const right = 14,
      row = 34,
      top = 8,
      bottom = 26;
    const height = top + row * items.length + bottom;
    const m = Math.max(0.5, ...items.flatMap((i) => [Math.abs(i.low), Math.abs(i.high)])) * 1.1;
    const x = (v) => labelW + ((v + m) / (2 * m)) * (width - labelW - right);
    const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height });
    svg.append(s('line', { class: 'grid', x1: x(0), x2: x(0), y1: top, y2: height - bottom }));
    for (const v of [-m, 0, m]) {
      const t = Math.abs(v) < 1e-9 ? '0' : (v > 0 ? '+' : '−') + Math.abs(v).toFixed(1);
      svg.append(
        s(
          'text',
          {
            class: 'soft',
            x: x(v),
            y: height - 8,
            'text-anchor': v < 0 ? 'start' : v > 0 ? 'end' : 'middle',
            'font-size': FONT,
          },
          t,
        ),
      );
    }
    items.forEach((it, i) => {
      const cy = top + row * i + row / 2;
      const cls = it.clear ? 'range clear' : 'range';
      svg.append(s('text', { class: 'ink', x: 0, y: cy + 5, 'font-size': FONT }, it.name));
      svg.append(s('line', { class: cls, x1: x(it.low), x2: x(it.high), y1: cy, y2: cy }));
      svg.append(s('circle', { class: cls, cx: x(it.difference), cy, r: 5 }));
    });
    return svg;
  };
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
    figure(
      rangeChart(rows),
      fillIn(w.chart_label, { outcome: o }),
      numbers,
      fillIn(w.numbers, { outcome: o }),
    ),
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
    if (byOutcome.get(it.outcome).length < 6) byOutcome.get(it.outcome).push(it);
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

// Draw every chart of these sections, once the page is laid out.
export function drawAll(root) {
  for (const f of root.querySelectorAll('figure.drawn')) f.draw();
}
