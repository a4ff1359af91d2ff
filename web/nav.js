// nav.js — the main navigation on a phone: the pages marked data-bar in
// index.html sit in a bar at the bottom of the screen, and "More" opens the
// rest above it.  Adding a page is one <li> line in index.html; whether it
// is in the bar or behind "More" is its data-bar mark.  On a wide screen
// every page shows in the top bar and "More" is hidden (style.css), so
// this only keeps the button's state and closes the sheet at the right
// moments: a page chosen, Escape, a tap outside.

const nav = document.getElementById('nav');
const more = nav?.querySelector('button.nav-more');

function setOpen(open, focusBack) {
  nav.classList.toggle('open', open);
  more.setAttribute('aria-expanded', String(open));
  if (open) nav.querySelector('li:not([data-bar]) a')?.focus();
  else if (focusBack) more.focus();
}

// "More" is marked as where the person is when the page shown sits behind it.
export function markMore() {
  if (!more) return;
  const current = nav.querySelector('a[aria-current="page"]');
  more.classList.toggle('current', !!current && !current.closest('li[data-bar]'));
}

if (more) {
  more.addEventListener('click', () => setOpen(!nav.classList.contains('open'), false));
  nav.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && nav.classList.contains('open')) setOpen(false, true);
  });
  document.addEventListener('click', (ev) => {
    if (nav.classList.contains('open') && !nav.contains(ev.target)) setOpen(false, false);
  });
  window.addEventListener('hashchange', () => setOpen(false, false));
}
