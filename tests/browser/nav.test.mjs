// nav.test.mjs — the navigation on a phone: the places used most in a bar
// fixed at the bottom, the rest behind "More", which opens upwards, moves
// focus into itself, closes on a choice, on Escape and on a tap outside,
// and marks itself as where the person is when the page shown sits behind
// it.  Nothing pokes out at 320 px, the bar never hides the page's last
// line, it steps aside for the crisis card, and it is axe-clean open and
// closed, light and dark.  On a desktop every place shows at the top.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, axeFindings, useHaven } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

const visible = (page) =>
  page.$$eval('nav a', (as) => as.filter((a) => a.offsetParent).map((a) => a.textContent));

test('on a phone: a bar at the bottom with the places used most, the rest behind More', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  const bar = await page.locator('nav[aria-label="Main"]').boundingBox();
  assert.equal(Math.round(bar.y + bar.height), PHONE.height, 'the bar sits on the bottom edge');
  assert.ok(bar.height < 80, `one row: ${bar.height} px`);
  const marked = await page.$$eval('nav li[data-bar] a', (as) => as.map((a) => a.textContent));
  assert.ok(marked.length >= 4 && marked.length <= 5, `${marked.length} places in the bar`);
  assert.deepEqual(await visible(page), marked);
  const more = page.locator('nav button.nav-more');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');

  await more.click();
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  const all = await page.$$eval('nav a', (as) => as.map((a) => a.textContent));
  assert.deepEqual((await visible(page)).sort(), [...all].sort(), 'every place, once open');
  const focused = await page.evaluate(() => document.activeElement.closest('li'));
  assert.ok(focused !== null, 'focus moves into the sheet');
  assert.equal(
    await page.evaluate(() => document.activeElement.closest('li').hasAttribute('data-bar')),
    false,
  );
  // Every place in the open sheet is above the bar's row and on the screen.
  for (const box of await page.$$eval('nav a', (as) =>
    as.map((a) => JSON.parse(JSON.stringify(a.getBoundingClientRect()))),
  ))
    assert.ok(box.top >= 0 && box.bottom <= PHONE.height && box.height >= 40, JSON.stringify(box));

  // The bar keeps its one row below the sheet, each place on one line.
  const row = await page.$$eval('nav li[data-bar] a', (as) =>
    as.map((a) => {
      const r = a.getBoundingClientRect();
      return { top: Math.round(r.top), height: r.height, fits: a.scrollWidth <= a.clientWidth };
    }),
  );
  assert.equal(new Set(row.map((r) => r.top)).size, 1, JSON.stringify(row));
  for (const r of row) assert.ok(r.height < 64 && r.fits, JSON.stringify(r));
  assert.ok(row[0].top > bar.y - 10, 'still at the bottom');

  await page.click('nav a[href="#/settings"]');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Settings');
  assert.equal(await more.getAttribute('aria-expanded'), 'false', 'a choice closes it');
  assert.deepEqual(await visible(page), marked);
  assert.match(await more.getAttribute('class'), /\bcurrent\b/, 'More marks where you are');

  await page.click('nav a[href="#/journal"]');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Journal');
  assert.doesNotMatch(await more.getAttribute('class'), /\bcurrent\b/);
  assert.equal(await page.getAttribute('nav a[href="#/journal"]', 'aria-current'), 'page');

  await more.click();
  await page.keyboard.press('Escape');
  assert.equal(await more.getAttribute('aria-expanded'), 'false', 'Escape closes it');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'nav-more');
  await more.click();
  await page.mouse.click(200, 200);
  assert.equal(await more.getAttribute('aria-expanded'), 'false', 'a tap outside closes it');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the bar never hides the end of a page, nor pokes out at 320 px', async () => {
  for (const viewport of [PHONE, { width: 320, height: 640 }]) {
    const { context, page } = await openApp(browser, haven, viewport);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const last = await page.locator('footer.help-line a').boundingBox();
    const bar = await page.locator('nav[aria-label="Main"]').boundingBox();
    assert.ok(
      last.y + last.height <= bar.y,
      `the footer's link clears the bar at ${viewport.width}`,
    );
    const poking = await page.$$eval('nav li[data-bar] a, nav button.nav-more', (els) =>
      els
        .filter(
          (e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth,
        )
        .map((e) => e.textContent),
    );
    assert.deepEqual(poking, [], `at ${viewport.width} px`);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
      'no sideways scroll',
    );
    await context.close();
  }
});

test('with the crisis card shown, the bar floats over nothing', async () => {
  const { context, page } = await openApp(browser, haven, PHONE);
  await page.goto(haven.origin + '/#/check');
  await page.fill('#check-text', 'I want to kill myself');
  await page.click('form button[type=submit]');
  await page.waitForSelector('.crisis-notice');
  assert.equal(
    await page.$eval('nav[aria-label="Main"]', (n) => getComputedStyle(n).position),
    'static',
  );
  await context.close();
});

test('on a desktop every place shows at the top, and More is not there', async () => {
  const { context, page } = await openApp(browser, haven);
  const all = await page.$$eval('nav a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(await visible(page), all);
  assert.equal(await page.locator('nav button.nav-more').isVisible(), false);
  const nav = await page.locator('nav[aria-label="Main"]').boundingBox();
  assert.ok(nav.y < 200, 'at the top');
  // Between the name and the way to help, on as few rows as fit: a longer
  // list of pages does not push the page down by whole rows.
  const header = await page.locator('header.top').boundingBox();
  const help = await page.locator('a.help-now').boundingBox();
  assert.ok(header.height <= 100, `the top bar is ${header.height} px tall`);
  assert.ok(help.y < nav.y + 30, 'the way to help sits beside the nav, not under it');
  await context.close();
});

test('the bar, open and closed: axe-clean, light and dark; screenshots', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await openApp(browser, haven, PHONE, {
      bypassCSP: true,
      colorScheme: scheme,
    });
    for (const open of [false, true]) {
      if (open) await page.click('nav button.nav-more');
      const bad = await axeFindings(page);
      assert.deepEqual(bad, [], `${scheme}, ${open ? 'open' : 'closed'}`);
      await page.screenshot({ path: `/tmp/nav-${scheme}-${open ? 'open' : 'closed'}.png` });
    }
    await context.close();
  }
});
