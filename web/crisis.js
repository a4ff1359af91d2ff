// crisis.js — when haven noticed crisis language in what was just written,
// show the calm message and the help lines first, above everything, as
// links a phone can act on: tel: to call (the emergency number first, and
// focused), sms: to text (with the keyword), the service's own site to chat.
// The Help page draws the same directory with directory().

import { h, fillIn } from './dom.js';

// "116 123", "1-800-799-7233", "0800-0113" → what a phone dials.
const dialled = (n) => String(n).replace(/[^0-9+]/g, '');

export const telHref = (n) => 'tel:' + dialled(n);
export const smsHref = (n, body) =>
  'sms:' + dialled(n) + (body ? '?body=' + encodeURIComponent(body) : '');

function host(url) {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

function outside(url, label) {
  return h(
    'a',
    { class: 'button quiet', href: url, target: '_blank', rel: 'noopener noreferrer' },
    label,
  );
}

// One line: its name and our sentence about it, then a link for each way in.
function lineItem(l, w) {
  const ways = [];
  if (l.call)
    ways.push(
      h('a', { class: 'button', href: telHref(l.call) }, fillIn(w.call, { number: l.call })),
    );
  if (l.text)
    ways.push(
      h(
        'a',
        { class: 'button', href: smsHref(l.text, l.text_body) },
        l.text_body
          ? fillIn(w.text_word, { word: l.text_body, number: l.text })
          : fillIn(w.text, { number: l.text }),
      ),
    );
  if (l.chat) ways.push(outside(l.chat, fillIn(w.chat, { site: host(l.chat) })));
  else if (l.web) ways.push(outside(l.web, host(l.web)));
  return h(
    'li',
    { class: l.for ? `for-${l.for}` : null },
    h('p', {}, h('strong', {}, l.name), ': ', l.contact),
    ways.length ? h('div', { class: 'actions' }, ways) : null,
  );
}

// A region's help: the emergency number as a call link, then its lines.
// words: the notice's "words" (data/crisis-lines.json), which travel with
// every directory the API sends.  opts.heading: the heading level ('h2',
// 'h3'); opts.emergency: false to leave the emergency number out (when it
// was already offered above).
// The emergency number alone: a call link where the region has one to dial,
// else the sentence saying what to call.  The Plan page leads with it.
export function emergencyLine(where, words) {
  const call = where.emergency_call;
  const extra = call && where.emergency !== call ? `: ${where.emergency}` : '';
  return call
    ? h(
        'p',
        { class: 'emergency' },
        h(
          'a',
          { class: 'button call-emergency', href: telHref(call) },
          fillIn(words.call, { number: call }),
        ),
        ' ',
        h('span', {}, words.emergency_services + extra),
      )
    : h('p', { class: 'emergency' }, fillIn(words.emergency, { number: where.emergency }));
}

export function directory(where, words, opts = {}) {
  const heading = opts.heading || 'h3';
  return h(
    'div',
    { class: 'directory' },
    h(heading, {}, where.name),
    opts.emergency === false ? null : emergencyLine(where, words),
    h(
      'ul',
      { class: 'lines' },
      (where.lines || []).map((l) => lineItem(l, words)),
    ),
  );
}

// "To see the lines for your own country, choose it in Settings."
export function chooseRegion(w) {
  return h('p', {}, w.before, h('a', { href: '#/settings' }, w.link), w.after);
}

export function showCrisis(notice) {
  if (!notice || !notice.crisis) return;
  const main = document.getElementById('main');
  main.querySelector('.crisis-notice')?.remove();
  const res = notice.resources;
  const w = notice.words;
  const card = h(
    'section',
    {
      class: 'card crisis crisis-notice',
      role: 'alert',
      tabindex: '-1',
      'aria-labelledby': 'crisis-title',
    },
    h('h2', { id: 'crisis-title' }, w.title),
    h('p', {}, notice.message),
    directory(res, w),
    res.region && notice.elsewhere
      ? directory({ ...notice.elsewhere, name: w.elsewhere }, w, { emergency: false })
      : null,
    h('p', {}, notice.after),
    res.region ? null : chooseRegion(w.choose_region),
    h('p', { class: 'note' }, notice.not_a_diagnosis),
  );
  main.prepend(card);
  // The emergency number first: one tap away, and where a keyboard or a
  // screen reader starts.  A "Saved" toast steps aside while this is shown
  // (style.css), so nothing covers it.
  const first = card.querySelector('a[href^="tel:"]') || card;
  first.focus({ preventScroll: true });
  card.scrollIntoView({ block: 'start' });
}
