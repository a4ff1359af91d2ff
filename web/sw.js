// sw.js — the service worker: lets the app's shell (its pages, styles and
// scripts) open when haven is not running, from a copy kept in this
// browser.  What the person wrote never goes in that copy: nothing under
// /api/ is kept, only the app's own files, and nothing is ever sent
// anywhere but haven itself.  The network comes first, so a running haven
// always serves its current files (and its door page, when the session has
// ended); the copy answers only when haven cannot be reached.

const CACHE = 'haven-shell-v1';
const SHELL = [
  '/',
  '/style.css',
  '/app.js',
  '/api.js',
  '/dom.js',
  '/nav.js',
  '/crisis.js',
  '/icon.svg',
];

// The shell, fetched once now; a file that fails is left for later.
self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => Promise.all(SHELL.map((u) => c.add(u).catch(() => {}))))
      .then(() => self.skipWaiting()),
  );
});

// Older copies go once this one is in charge.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
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

async function networkFirst(req) {
  const cache = await caches.open(CACHE);
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
  if (keepable(event.request)) event.respondWith(networkFirst(event.request));
});
