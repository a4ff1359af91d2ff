// dom.js — building elements without ever parsing strings as HTML, so
// nothing a person wrote can become markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Replace an element's children, leaving out null, undefined and false as
// h() does (the DOM's own replaceChildren would print them as words).
export function fill(el, ...children) {
  el.replaceChildren(
    ...children.flat().filter((c) => c !== null && c !== undefined && c !== false),
  );
  return el;
}

// The web app's one "{slot}" filler, as hv_template_fill is the C one
// (src/core/template.h): each {name} given in slots becomes its value
// (null or undefined as ""), any number of times; a slot not given stays
// as written, so a wording mistake in data/ shows rather than vanishes.
export function fillIn(template, slots) {
  return String(template ?? '').replace(/\{(\w+)\}/g, (m, k) =>
    Object.hasOwn(slots, k) ? String(slots[k] ?? '') : m,
  );
}

// A sentence of data/ with a count in it, written out in both forms
// ({"one": "1 draft is…", "many": "{n} drafts are…"}), so each language's
// data says its own plural: the form that fits n, with {n} and slots filled.
export function counted(forms, n, slots = {}) {
  return fillIn(n === 1 ? forms.one : forms.many, { n, ...slots });
}

// "1 draft", "2 drafts": the count with the word that fits it.
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// A short message that floats at the bottom of the screen for a few
// seconds.  It never covers the crisis card, the way to help or a primary
// button: where it would, it moves to the top, and where it would there
// too, it takes its place in the page's flow.  A new page ends it.
let toastTimer = null;
const blockers = '.crisis, .help-now, main button:not(.quiet), main .button:not(.quiet)';

function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function placeToast() {
  const t = document.getElementById('toast');
  if (!t || !t.childNodes.length) return;
  const free = () => {
    const r = t.getBoundingClientRect();
    return ![...document.querySelectorAll(blockers)].some((b) => {
      const q = b.getBoundingClientRect();
      return q.width && overlaps(r, q);
    });
  };
  for (const where of ['bottom', 'top', 'inline']) {
    t.dataset.at = where;
    if (where === 'inline' || free()) return;
  }
}

export function clearToast() {
  clearTimeout(toastTimer);
  const t = document.getElementById('toast');
  if (t) {
    t.replaceChildren();
    delete t.dataset.at;
  }
}

export function toast(message, action) {
  const t = document.getElementById('toast');
  t.replaceChildren(message);
  if (action)
    t.append(
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          onclick: () => {
            clearToast();
            action.run();
          },
        },
        action.label,
      ),
    );
  placeToast();
  clearTimeout(toastTimer);
  toastTimer = setTimeout(clearToast, action ? 8000 : 4000);
}
window.addEventListener('scroll', placeToast, { passive: true });
window.addEventListener('resize', placeToast);

export function when(iso) {
  const d = new Date(iso);
  return d.toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

// A table in its own sideways-scrolling box, so a wide table never widens
// the page; the box can be reached and scrolled from the keyboard, and a
// shadow at an edge shows there is more that way (style.css).
export function scrollTable(label, table) {
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' },
    table,
  );
}

// The shell's own words (index.html's templates), for the parts every page
// shares that have no page's words to hand.
export function shellWords(id) {
  return document.getElementById(id)?.content.textContent.trim() || '';
}

// A page's name as the nav gives it ("learn" → "Learn"): the heading of a
// page whose own words could not be fetched.
export function pageName(route) {
  return document.querySelector(`#nav a[href="#/${route}"]`)?.textContent.trim() || '';
}

export function errorBox(e) {
  return h('p', { class: 'error', role: 'alert' }, e.message || String(e));
}

// --- charts ------------------------------------------------------------------

// What a chart drawn by haven (src/report/chart.c) may hold.  The SVG is
// read as XML and then rebuilt element by element from this list, so only
// shapes and text reach the page, never a script, a link or a style.
const SVG_NS = 'http://www.w3.org/2000/svg';
const svgTags = new Set([
  'svg',
  'title',
  'desc',
  'g',
  'text',
  'tspan',
  'line',
  'polyline',
  'rect',
  'circle',
  'path',
]);
const svgAttrs = new Set([
  'class',
  'viewBox',
  'width',
  'height',
  'role',
  'font-family',
  'font-size',
  'font-weight',
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'points',
  'd',
  'fill',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'text-anchor',
]);

function rebuild(node) {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.nodeValue);
  if (
    node.nodeType !== Node.ELEMENT_NODE ||
    node.namespaceURI !== SVG_NS ||
    !svgTags.has(node.localName)
  )
    return null;
  const el = document.createElementNS(SVG_NS, node.localName);
  for (const a of node.attributes) if (svgAttrs.has(a.name)) el.setAttribute(a.name, a.value);
  for (const c of node.childNodes) {
    const copy = rebuild(c);
    if (copy) el.append(copy);
  }
  return el;
}

export function svgFrom(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.localName !== 'svg' || doc.querySelector('parsererror'))
    throw new Error(shellWords('chart-failed-words'));
  return rebuild(root);
}

// A chart haven draws, in the page's own colours and at the width it is
// shown at (so its text is as large on a phone as anywhere), with the
// numbers behind it in a table under a disclosure: its text alternative.
// src is the chart's address without its width; ask(width) gives the URL.
export function chartFigure(ask, caption, table) {
  const holder = h('div', { class: 'chart-holder' });
  const fig = h(
    'figure',
    { class: 'chart-figure' },
    holder,
    table
      ? h(
          'details',
          { class: 'chart-numbers' },
          h('summary', {}, shellWords('chart-numbers-words')),
          scrollTable(caption, table),
        )
      : null,
  );
  fig.load = async () => {
    const width = Math.round(holder.clientWidth || 600);
    try {
      const r = await fetch(ask(width), { credentials: 'same-origin' });
      if (!r.ok) throw new Error(shellWords('chart-failed-words'));
      holder.replaceChildren(svgFrom(await r.text()));
    } catch (e) {
      holder.replaceChildren(errorBox(e));
    }
  };
  return fig;
}

// Draw every chart on the page, once the page is laid out.
export async function loadCharts(root) {
  await Promise.all(
    [...root.querySelectorAll('figure.chart-figure')].map((f) => f.load && f.load()),
  );
}
