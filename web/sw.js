// sw.js — the service worker: lets the app's shell (its pages, styles and
// scripts) open when haven is not running, from a copy kept in this
// browser.  What the person wrote never goes in that copy: of the API only
// the crisis lines of their region are kept (GET /api/help: public numbers,
// no word of theirs), so that the Help page still shows whom to call when
// haven is not running; nothing else under /api/ is kept, and nothing is
// ever sent anywhere but haven itself.  The network comes first, so a
// running haven always serves its current files and lines (and its door
// page, when the session has ended); the copy answers only when haven
// cannot be reached.

const CACHE = 'haven-shell-v2';
const HELP = 'haven-help-v1';
const HELP_URL = '/api/help';
const SHELL = [
  '/',
  '/style.css',
  '/app.js',
  '/api.js',
  '/dom.js',
  '/nav.js',
  '/crisis.js',
  '/icon.svg',
  '/pages/help.js',
];

// The shell and the crisis lines, fetched once now; one that fails is left
// for later (each is kept again whenever it is fetched).
self.addEventListener('install', (event) => {
  event.waitUntil(
    Promise.all([
      caches.open(CACHE).then((c) => Promise.all(SHELL.map((u) => c.add(u).catch(() => {})))),
      caches.open(HELP).then((c) => c.add(HELP_URL).catch(() => {})),
    ]).then(() => self.skipWaiting()),
  );
});

// Older copies go once this one is in charge.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k !== CACHE && k !== HELP).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

// Only the app's own files: same origin, GET, not the API, and no address
// with a query (the first visit's token must never be kept).
function keepable(req) {
  const url = new URL(req.url);
  return (
    req.method === 'GET' &&
    url.origin === self.location.origin &&
    !url.pathname.startsWith('/api/') &&
    !url.search
  );
}

// The person's own region's crisis lines: the help route with no query (a
// look at another country's lines is not kept).
function isHelp(req) {
  const url = new URL(req.url);
  return (
    req.method === 'GET' &&
    url.origin === self.location.origin &&
    url.pathname === HELP_URL &&
    !url.search
  );
}

async function networkFirst(req, name) {
  const cache = await caches.open(name);
  try {
    const res = await fetch(req);
    // A full answer is kept; the door page (403) and errors are not.
    if (res.ok && res.type === 'basic') cache.put(req, res.clone());
    return res;
  } catch (e) {
    const kept =
      (await cache.match(req)) || (req.mode === 'navigate' ? await cache.match('/') : undefined);
    if (kept) return kept;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  if (keepable(event.request)) event.respondWith(networkFirst(event.request, CACHE));
  else if (isHelp(event.request)) event.respondWith(networkFirst(event.request, HELP));
});
