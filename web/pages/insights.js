// insights.js — patterns over weeks.  The charts are SVG drawn by haven's
// C library (the same drawing the printed report uses), at the width the
// page shows them and in the page's colours; under each, the numbers it
// was drawn from, as a table behind a disclosure.  The numbers come from
// the same /api/insights value as `haven insights --json`.

import { get } from '../api.js';
import { h, chartFigure, fillIn, loadCharts, scrollTable } from '../dom.js';
import {
  checkinSection,
  relationsSection,
  insightChart,
  table,
  weekOf,
  one,
} from './insights-checkins.js';

// The page's words (data/insights.json's "web"), set when it renders.
let W = {};

const dash = (v) => (v === null || v === undefined ? '–' : v);

// Which practices settle you: the "practices" part of the insights value,
// the same numbers and sentences as `haven practices`.
function practices(p) {
  const box = h(
    'section',
    { class: 'card', 'aria-labelledby': 'practice-effects' },
    h('h2', { id: 'practice-effects' }, W.practices_title),
  );
  if (!p || !p.techniques.length) {
    box.append(
      h(
        'p',
        {},
        W.no_practices_before,
        h('a', { href: '#/practices' }, W.no_practices_link),
        W.no_practices_after,
      ),
    );
    return box;
  }
  const rated = p.techniques.filter((t) => t.mean_change !== null);
  const numbers = table(
    W.practices_columns,
    p.techniques.map((t) => [
      t.label,
      t.count,
      t.minutes,
      t.rated,
      t.mean_change === null ? '–' : (t.mean_change > 0 ? '+' : '') + t.mean_change.toFixed(1),
    ]),
  );
  box.append(
    rated.length
      ? chartFigure(insightChart('practices'), W.practices_numbers, numbers)
      : scrollTable(W.practices_numbers, numbers),
    h(
      'ul',
      { class: 'entries' },
      p.techniques.map((t) => h('li', {}, h('p', {}, t.sentence))),
    ),
    h('p', { class: 'note' }, p.note),
  );
  return box;
}

// Self-assessment scores over time: the chart haven draws for each
// questionnaire with at least one finished result, and its scores.
async function assessments(list) {
  const box = h(
    'section',
    { class: 'card', 'aria-labelledby': 'assess-over-time' },
    h('h2', { id: 'assess-over-time' }, W.assess_title),
  );
  const ids = [...new Set(list.results.filter((r) => r.complete).map((r) => r.instrument))];
  if (!ids.length) {
    box.append(
      h(
        'p',
        {},
        W.no_assess_before,
        h('a', { href: '#/assess' }, W.no_assess_link),
        W.no_assess_after,
      ),
    );
    return box;
  }
  for (const id of ids) {
    const title = list.instruments.find((i) => i.id === id)?.title || W.a_questionnaire;
    const history = await get(`assess/${encodeURIComponent(id)}/history`).catch(() => null);
    const rows = [];
    for (const s of history?.series || []) {
      for (const p of s.points)
        rows.push([
          s.title + (s.target ? ` — ${s.target}` : ''),
          new Date(p.taken).toLocaleDateString(undefined, {
            day: 'numeric',
            month: 'short',
            year: 'numeric',
          }),
          p.score.toFixed(2),
        ]);
    }
    box.append(
      h('h3', {}, title),
      chartFigure(
        (w) => `/api/assess/${encodeURIComponent(id)}/history.svg?width=${w}`,
        fillIn(W.assess_chart, { title }),
        table(W.assess_columns, rows),
      ),
    );
  }
  box.append(h('p', { class: 'note' }, W.assess_note));
  return box;
}

// The clearest sign of change, as the library measures it: how the share
// of protest-type responses moved from the first weeks that say what was
// done to the last ones (null while there are too few such weeks).
function shareChange(change, words) {
  const text = change && words[`protest_share_${change.trend}`];
  return text ? h('p', {}, fillIn(text, { from: change.from, to: change.to })) : null;
}

export async function render(main) {
  const [ins, words, assess] = await Promise.all([
    get('insights'),
    get('content/insights.json'),
    get('assess'),
  ]);
  W = words.web || {};
  main.append(h('h1', {}, W.title), h('p', { class: 'note' }, ins.note));
  if (!ins.entries) {
    main.append(
      h('p', {}, W.empty),
      checkinSection(ins.checkins, words),
      practices(ins.practices),
      await assessments(assess),
    );
    await loadCharts(main);
    return;
  }
  const rec = ins.recovery;
  const key =
    { faster: 'recovery_better', slower: 'recovery_worse', steady: 'recovery_flat' }[rec.trend] ||
    'too_little';
  const weeks = ins.weeks.slice(-52);
  const r = ins.responses;
  main.append(
    h(
      'section',
      { class: 'card' },
      h('h2', {}, W.recovery),
      h(
        'p',
        {},
        fillIn(words[key], {
          from: Math.round(rec.first_median ?? 0),
          to: Math.round(rec.recent_median ?? 0),
        }),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'what-you-did' },
      h('h2', { id: 'what-you-did' }, W.responses_title),
      shareChange(ins.protest_change, words),
      chartFigure(
        insightChart('responses'),
        W.responses_chart,
        table(
          W.responses_columns,
          weeks
            .filter((w) => w.protest_share !== null && w.protest_share !== undefined)
            .map((w) => [weekOf(w.start), `${w.protest_share} %`, `${w.soothing_share} %`]),
        ),
      ),
      h('p', {}, fillIn(W.responses_counts, r)),
      h('p', { class: 'note' }, words.protest_vs_soothing),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'by-week' },
      h('h2', { id: 'by-week' }, W.by_week),
      chartFigure(
        insightChart('weekly'),
        W.by_week_numbers,
        table(
          W.by_week_columns,
          weeks.map((w) => [
            weekOf(w.start),
            w.entries,
            one(w.mean_intensity),
            dash(w.median_recovery_minutes),
          ]),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'set-off' },
      h('h2', { id: 'set-off' }, W.triggers),
      chartFigure(
        insightChart('triggers'),
        W.triggers_numbers,
        table(
          W.triggers_columns,
          ins.triggers.map((t) => [t.label, t.count]),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'hours' },
      h('h2', { id: 'hours' }, W.hours),
      chartFigure(
        insightChart('hours'),
        W.hours_numbers,
        table(
          W.hours_columns,
          ins.hours
            .map((n, hour) => [`${String(hour).padStart(2, '0')}:00`, n])
            .filter((row) => row[1] > 0),
        ),
      ),
    ),
    checkinSection(ins.checkins, words),
    ...[relationsSection(ins.relations, words)].filter(Boolean),
    practices(ins.practices),
    await assessments(assess),
  );
  await loadCharts(main);
}
