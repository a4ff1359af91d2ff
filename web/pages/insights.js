// insights.js — patterns over weeks.  The charts are SVG drawn by haven's
// C library (the same drawing the printed report uses); the numbers beside
// them come from the same /api/insights value as `haven insights --json`.

import { get } from '../api.js';
import { h } from '../dom.js';

function fill(text, vars) {
  return text.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? ''));
}

// Which practices settle you: the "practices" part of the insights value,
// the same numbers and sentences as `haven practices`.
function practices(p) {
  const box = h('section', { class: 'card', 'aria-labelledby': 'practice-effects' },
    h('h2', { id: 'practice-effects' }, 'What your practices did'));
  if (!p || !p.techniques.length) {
    box.append(h('p', {}, 'No practices yet. ', h('a', { href: '#/practices' }, 'Try one'), ' and rate your distress before and after: over time this shows which ones settle you.'));
    return box;
  }
  const rated = p.techniques.filter((t) => t.mean_change !== null);
  box.append(
    rated.length ? h('img', { class: 'chart', src: '/api/charts/practices.svg', alt: 'How much each practice eased your distress on average: ' + rated.map((t) => `${t.label} ${(-t.mean_change).toFixed(1)} points`).join(', ') }) : null,
    h('ul', { class: 'entries' }, p.techniques.map((t) => h('li', {}, h('p', {}, t.sentence)))),
    h('details', {}, h('summary', {}, 'The numbers'),
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Practice'), h('th', {}, 'Times'), h('th', {}, 'Minutes'), h('th', {}, 'Rated before and after'), h('th', {}, 'Mean change'))),
        h('tbody', {}, p.techniques.map((t) => h('tr', {}, h('td', {}, t.label), h('td', {}, t.count), h('td', {}, t.minutes), h('td', {}, t.rated),
          h('td', {}, t.mean_change === null ? '–' : (t.mean_change > 0 ? '+' : '') + t.mean_change.toFixed(1))))))),
    h('p', { class: 'note' }, p.note));
  return box;
}

// Self-assessment scores over time: the chart haven draws for each
// questionnaire with at least one finished result.
function assessments(list) {
  const box = h('section', { class: 'card', 'aria-labelledby': 'assess-over-time' },
    h('h2', { id: 'assess-over-time' }, 'Your self-assessment over time'));
  const ids = [...new Set(list.results.filter((r) => r.complete).map((r) => r.instrument))];
  if (!ids.length) {
    box.append(h('p', {}, 'No finished self-assessment yet. ', h('a', { href: '#/assess' }, 'Reflect on your patterns'), ' when you have ten quiet minutes; taking it again later shows what has changed.'));
    return box;
  }
  for (const id of ids) {
    const title = list.instruments.find((i) => i.id === id)?.title || id;
    box.append(h('img', { class: 'chart', src: `/api/assess/${encodeURIComponent(id)}/history.svg`, alt: `${title}: each area's score over time, one line per area, oldest result on the left. The numbers are listed with each result on the Reflect page.` }));
  }
  box.append(h('p', { class: 'note' }, 'A reflection over time, not a diagnosis. A move in either direction is information, not a grade.'));
  return box;
}

export async function render(main) {
  const [ins, words, assess] = await Promise.all([get('insights'), get('content/insights.json'), get('assess')]);
  main.append(h('h1', {}, 'Insights'), h('p', { class: 'note' }, ins.note));
  if (!ins.entries) {
    main.append(h('p', {}, 'Nothing logged yet. Journal insights grow from entries: start in the Journal.'),
      practices(ins.practices), assessments(assess));
    return;
  }
  const rec = ins.recovery;
  const key = { faster: 'recovery_better', slower: 'recovery_worse', steady: 'recovery_flat' }[rec.trend] || 'too_little';
  main.append(
    h('section', { class: 'card' }, h('h2', {}, 'Recovery'),
      h('p', {}, fill(words[key], { from: Math.round(rec.first_median ?? 0), to: Math.round(rec.recent_median ?? 0) }))),
    h('section', { class: 'card' }, h('h2', {}, 'By week'),
      h('img', { class: 'chart', src: '/api/charts/weekly.svg', alt: 'Chart of entries, mean intensity and minutes to ease, by week. The same numbers are in the table below.' }),
      h('details', {}, h('summary', {}, 'The numbers'),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Week'), h('th', {}, 'Entries'), h('th', {}, 'Mean intensity'), h('th', {}, 'Minutes to ease'))),
          h('tbody', {}, ins.weeks.slice(-26).map((w) => h('tr', {}, h('td', {}, w.week), h('td', {}, w.entries), h('td', {}, w.mean_intensity ?? '–'), h('td', {}, w.median_recovery_minutes ?? '–'))))))),
    h('section', { class: 'card' }, h('h2', {}, 'What set it off most'),
      h('img', { class: 'chart', src: '/api/charts/triggers.svg', alt: 'Bar chart of trigger kinds: ' + ins.triggers.slice(0, 6).map((t) => `${t.label} ${t.count}`).join(', ') })),
    h('section', { class: 'card' }, h('h2', {}, 'Hour of day'),
      h('img', { class: 'chart', src: '/api/charts/hours.svg', alt: 'Bar chart of entries by hour of the day.' })),
    h('section', { class: 'card' }, h('h2', {}, 'What you did'),
      h('p', {}, `Protest-type only: ${ins.responses.protest}. Soothing-type only: ${ins.responses.soothing}. Both: ${ins.responses.both}. Not recorded: ${ins.responses.neither}.`),
      h('p', { class: 'note' }, words.protest_vs_soothing)),
    practices(ins.practices),
    assessments(assess));
}
