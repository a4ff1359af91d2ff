// practice-words.js — the words every part of the Practices page reads,
// fetched once: practices.json (the scripts, cues and distress questions,
// shared with the terminal) and practices-web.json (the page's own words),
// with the few questions asked of a technique's script.

import { get } from '../api.js';
import { fillIn } from '../dom.js';

// w.words: practices.json; w.page: practices-web.json.
export const w = { words: null, page: null };

export async function loadWords() {
  if (!w.words)
    [w.words, w.page] = await Promise.all([
      get('content/practices.json'),
      get('content/practices-web.json'),
    ]);
}

export const isBreathing = (t) => Array.isArray(w.words.techniques[t]?.phases);
export const isSpread = (t) => Array.isArray(w.words.techniques[t]?.spread);
export const label = (t) => w.words.techniques[t]?.label || t;
export const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// "45 s", "2 min", "2 min 5 s": how long a practice ran, in the page's words.
export function humanSeconds(msValue) {
  const s = Math.round(msValue / 1000);
  const e = w.page.elapsed;
  if (s < 60) return fillIn(e.seconds, { s });
  return s % 60
    ? fillIn(e.minutes_seconds, { m: Math.floor(s / 60), s: s % 60 })
    : fillIn(e.minutes, { m: s / 60 });
}
