// insights.js — patterns over weeks.  The charts are SVG drawn by haven's
// C library (the same drawing the printed report uses); the numbers beside
// them come from the same /api/insights value as `haven insights --json`.

import { get } from '../api.js';
import { h } from '../dom.js';

function fill(text, vars) {
  return text.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? ''));
}

export async function render(main) {
  const [ins, words] = await Promise.all([get('insights'), get('content/insights.json')]);
  main.append(h('h1', {}, 'Insights'), h('p', { class: 'note' }, ins.note));
  if (!ins.entries) {
    main.append(h('p', {}, 'Nothing logged yet. Insights grow from entries: start in the Journal.'));
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
      h('p', { class: 'note' }, words.protest_vs_soothing)));
}
