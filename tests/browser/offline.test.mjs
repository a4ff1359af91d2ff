// offline.test.mjs — haven as an installable app that opens without haven
// running: the manifest is served (to a browser without the cookie too,
// as browsers fetch it) in the words of data/serve.json and allowed by the
// Content-Security-Policy; the service worker keeps the app's own files,
// so with haven stopped the shell still opens and says, in words, why
// nothing saved can be shown, and the Help page still shows the crisis
// lines of the person's region; and nothing the person wrote, nor the
// token, is ever in that copy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHaven, openApp, useHaven, dataJson } from './harness.mjs';

const SERVE = dataJson('serve.json');
const PHONE = { width: 390, height: 844 };
let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

test('the manifest: served without the cookie, from data/serve.json, allowed by the CSP', async () => {
  const r = await fetch(haven.origin + '/manifest.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/manifest\+json/);
  assert.match(r.headers.get('content-security-policy'), /manifest-src 'self'/);
  const m = await r.json();
  assert.deepEqual(m, SERVE.manifest);
  assert.equal(m.start_url, '/');
  assert.ok(m.icons.length >= 1);
  const icon = await fetch(haven.origin + m.icons[0].src);
  assert.equal(icon.status, 200, 'its icon is there, without the cookie too');
  // Nothing else opens without the cookie.
  assert.equal((await fetch(haven.origin + '/app.js')).status, 403);
  assert.equal((await fetch(haven.origin + '/sw.js')).status, 403);

  const { context, page, errors } = await openApp(browser, haven, PHONE);
  assert.equal(await page.getAttribute('link[rel=manifest]', 'href'), '/manifest.json');
  const seen = await page.evaluate(async () => {
    const r = await fetch(document.querySelector('link[rel=manifest]').href);
    return r.ok;
  });
  assert.ok(seen);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with haven stopped, the shell still opens and says why nothing saved shows', async () => {
  const own = await startHaven();
  let stopped = false;
  try {
    own.cli('log', '-i', '6', '--thought', 'a private thought', 'a private moment');
    const { context, page, errors } = await openApp(browser, own, PHONE, { colorScheme: 'dark' });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // Controlled from the next load on; the journal's page is fetched once.
    await page.reload();
    await page.waitForSelector('main h1');
    assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'controlled');
    await page.goto(own.origin + '/#/journal');
    await page.waitForSelector('form[aria-label="New entry"]');
    await page.waitForSelector('.entries li');

    const kept = await page.evaluate(async () => {
      const urls = [];
      for (const k of await caches.keys())
        for (const r of await (await caches.open(k)).keys()) urls.push(r.url);
      return urls;
    });
    assert.ok(
      kept.some((u) => u.endsWith('/pages/journal.js')),
      kept.join(' '),
    );
    assert.ok(
      kept.some((u) => new URL(u).pathname === '/'),
      'the shell itself',
    );
    for (const u of kept) {
      // The crisis lines are the one reply kept (the test below).
      if (new URL(u).pathname !== '/api/help')
        assert.doesNotMatch(u, /\/api\//, 'no other reply of the API is kept');
      assert.doesNotMatch(u, /token=/, 'the token is never kept');
    }
    const bodies = await page.evaluate(async () => {
      const out = [];
      for (const k of await caches.keys())
        for (const r of await (await caches.open(k)).matchAll()) out.push(await r.text());
      return out.join('\n');
    });
    assert.doesNotMatch(bodies, /a private (thought|moment)/, 'nothing written is in the copy');

    await own.stop();
    stopped = true;
    await page.reload();
    await page.waitForSelector('main .error');
    const offline = await page.evaluate(() =>
      document.getElementById('offline-words').content.textContent.trim(),
    );
    assert.equal(await page.textContent('main .error'), offline);
    assert.equal(await page.isVisible('nav[aria-label="Main"]'), true, 'the shell, with its nav');
    assert.equal(await page.isVisible('a.help-now'), true, 'and the way to help');
    await page.screenshot({ path: '/tmp/offline-dark.png' });
    assert.deepEqual(
      errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)),
      [],
    );
    await context.close();
  } finally {
    if (!stopped) await own.stop();
  }
});

// Offline, help is still there: the Help page shows the emergency number
// and the crisis lines of the person's own region, from the one reply of
// the API the service worker keeps, and the link to help in the shell
// leads to it from a page that could not load.
test('offline, the Help page still shows the region’s emergency number and lines', async () => {
  const own = await startHaven();
  try {
    own.cli('config', 'set', 'region', 'UK');
    const { context, page, errors } = await openApp(browser, own, PHONE, { colorScheme: 'dark' });
    const lines = await page.evaluate(async () => (await fetch('/api/help')).json());
    assert.equal(lines.resources.region, 'UK');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForSelector('main h1');
    assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'controlled');
    const kept = await page.evaluate(async () => {
      const urls = [];
      for (const k of await caches.keys())
        for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    assert.deepEqual(
      kept.filter((u) => u.startsWith('/api/')),
      ['/api/help'],
      'the crisis lines, and no other reply of the API',
    );

    await context.setOffline(true);
    await page.goto(own.origin + '/#/journal');
    await page.waitForSelector('main .error');
    await page.click('a.help-now');
    await page.waitForSelector('#help-directory a[href^="tel:"]');
    const calls = await page.$$eval('#help-directory a[href^="tel:"]', (as) =>
      as.map((a) => a.getAttribute('href')),
    );
    const dial = (n) => 'tel:' + String(n).replace(/[^0-9+]/g, '');
    assert.equal(calls[0], dial(lines.resources.emergency_call), 'the emergency number first');
    for (const l of lines.resources.lines.filter((x) => x.call))
      assert.ok(calls.includes(dial(l.call)), `${l.name} can be called`);
    assert.match(await page.textContent('#help-directory'), new RegExp(lines.resources.name));
    assert.equal(await page.locator('#help-region').count(), 0, 'no other country offline');
    await page.screenshot({ path: '/tmp/offline-help-dark.png', fullPage: true });
    assert.deepEqual(
      errors.filter(
        (e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e),
      ),
      [],
    );
    await context.close();
  } finally {
    await own.stop();
  }
});
