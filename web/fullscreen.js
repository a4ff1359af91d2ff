// fullscreen.js — a practice that fills the screen: the breathing guide
// large and alone, nothing else to read, and always a clear way out (a
// button at the top, Escape, the browser's own gesture) and the way to
// help.  The page's own overlay does the filling, so it works where the
// browser refuses real full screen; where the browser allows it, the
// browser's bars go too.  Whether the person chose it is kept in this
// browser, so the next practice starts the way they left it.

import { h } from './dom.js';

const KEY = 'haven.practice.full';

export function prefersFull() {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

function remember(on) {
  try {
    localStorage.setItem(KEY, on ? '1' : '0');
  } catch {
    /* private mode: not kept */
  }
}

// Everything but the card is made inert while it fills the screen, so
// Tab and a screen reader stay in it; the list is what to give back.
function quietAround(card) {
  const quieted = [];
  for (let el = card; el && el !== document.body; el = el.parentElement)
    for (const sib of el.parentElement.children)
      if (sib !== el && !sib.inert) {
        sib.inert = true;
        quieted.push(sib);
      }
  return quieted;
}

// card: the element to fill the screen with; words: practices-web.json's
// "full" group.  Returns the button that enters it (for the run's
// controls) and leave(), for when the run ends.
export function fullScreen(card, words) {
  const enterButton = h('button', { type: 'button', class: 'quiet full-enter' }, words.enter);
  const leaveButton = h('button', { type: 'button', class: 'quiet full-leave' }, words.leave);
  const bar = h(
    'div',
    { class: 'full-bar' },
    leaveButton,
    h('a', { class: 'full-help', href: '#/help' }, words.help),
  );
  card.prepend(bar);
  let on = false;
  let quieted = [];

  function onKey(ev) {
    if (ev.key === 'Escape') leave(true);
  }
  function onBrowserExit() {
    if (on && !document.fullscreenElement) leave(true);
  }
  function enter() {
    if (on) return;
    on = true;
    card.classList.add('full');
    quieted = quietAround(card);
    document.body.classList.add('has-full');
    document.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onBrowserExit);
    if (card.requestFullscreen) card.requestFullscreen().catch(() => {});
    remember(true);
    (card.querySelector('.run-controls button:not(.full-enter)') || leaveButton).focus({
      preventScroll: true,
    });
  }
  // chosen: the person left it (so it is remembered), not the run's end.
  function leave(chosen) {
    if (!on) return;
    on = false;
    card.classList.remove('full');
    for (const el of quieted) el.inert = false;
    quieted = [];
    document.body.classList.remove('has-full');
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('fullscreenchange', onBrowserExit);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    if (chosen) {
      remember(false);
      enterButton.focus({ preventScroll: true });
    }
  }
  enterButton.addEventListener('click', enter);
  leaveButton.addEventListener('click', () => leave(true));
  window.addEventListener('hashchange', () => leave(false), { once: true });
  return { button: enterButton, enter, leave: () => leave(false), isOn: () => on };
}
