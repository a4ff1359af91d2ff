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

let toastTimer = null;
export function toast(message, action) {
  const t = document.getElementById('toast');
  t.replaceChildren(message);
  if (action) t.append(h('button', { type: 'button', class: 'quiet', onclick: () => { t.replaceChildren(); action.run(); } }, action.label));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.replaceChildren(), action ? 8000 : 4000);
}

export function when(iso) {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function errorBox(e) {
  return h('p', { class: 'error', role: 'alert' }, e.message || String(e));
}
