// bar.test.mjs — the phone's navigation bar never hides a primary button.
// At 390×844, on every page the navigation leads to, each primary button
// brought into view as the keyboard and the browser bring it (focus, a
// scroll to it) lands clear of the bar, and so does the last one at the
// page's end.  On Today, with the setback plan offered above everything,
// no primary button sits under the bar on the first screen, and Breathe
// and Pause are on it, one tap away.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHaven, launch, openApp } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const PRIMARY = 'main button:not(.quiet), main .button:not(.quiet)';
let haven, browser;

before(async () => {
  haven = await startHaven();
  browser = await launch();
  // A few hard days, so Today offers the setback plan above everything.
  for (let d = 0; d < 3; d++)
    haven.cli('log', '-i', '9', '--at', `${d} days ago`, `a hard moment ${d}`);
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

// Primary buttons that the bar covers in part or whole, as text and box.
function underBar(page) {
  return page.evaluate((sel) => {
    const bar = document.querySelector('nav[aria-label="Main"]').getBoundingClientRect();
    return [...document.querySelectorAll(sel)]
      .filter((b) => b.offsetParent)
      .map((b) => [b.textContent.trim(), b.getBoundingClientRect()])
      .filter(([, r]) => r.height && r.top < bar.bottom && r.bottom > bar.top)
      .map(([t, r]) => `${t} (${Math.round(r.top)}–${Math.round(r.bottom)}, bar ${bar.top})`);
  }, PRIMARY);
}

// A page may still grow after its first answers (a list filled in late):
// scroll to the end until its height holds still for a while.
function settleAtEnd(page) {
  return page.evaluate(async () => {
    const pause = () => new Promise((r) => setTimeout(r, 100));
    let last = -1;
    for (let tries = 0; tries < 50; tries++) {
      const height = document.documentElement.scrollHeight;
      window.scrollTo(0, height);
      await pause();
      if (height === last && height === document.documentElement.scrollHeight) return;
      last = height;
    }
  });
}

test('no primary button on any page lies under the bottom bar at 390×844', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  const hashes = await page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hashes.length >= 10, `${hashes.length} pages`);
  for (const hash of hashes) {
    await page.goto(haven.origin + '/' + hash);
    await page.waitForSelector('main h1');
    await page.waitForLoadState('networkidle');
    await settleAtEnd(page);
    for (const b of await page.$$(PRIMARY)) {
      if (!(await b.isVisible())) continue; // hidden, or gone since
      await page.evaluate(() => window.scrollTo(0, 0));
      await b.evaluate((el) => el.scrollIntoView({ block: 'end' }));
      const text = (await b.textContent()).trim();
      const covered = (await underBar(page)).filter((t) => t.startsWith(text));
      assert.deepEqual(covered, [], `${hash}: ${text}, scrolled to`);
    }
    await settleAtEnd(page);
    assert.deepEqual(await underBar(page), [], `${hash}, at the end`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('Today: Breathe and Pause are on the first screen, clear of the bar', async () => {
  const { context, page } = await openApp(browser, haven, PHONE);
  await page.waitForSelector('#plan-offer');
  assert.deepEqual(await underBar(page), [], 'first screen');
  const bar = await page.locator('nav[aria-label="Main"]').boundingBox();
  for (const name of ['Breathe', 'Pause']) {
    const box = await page.locator('main a.button', { hasText: name }).first().boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= bar.y, `${name}: ${JSON.stringify(box)}`);
  }
  await context.close();
});
