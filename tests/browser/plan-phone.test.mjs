// plan-phone.test.mjs — on the Plan page at 390×844 the emergency call
// ("Call 112") is on the first screen, whole, and clear of the bottom
// navigation bar: with a full plan, with the note that the last days ran
// hot above it, in light and dark, in a region that calls 112 and in one
// whose number differs.  The plan itself still follows, crisis lines and
// all, at its end.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHaven, launch, openApp } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
let haven, browser;

before(async () => {
  haven = await startHaven();
  browser = await launch();
  // A plan with every part full, as long as a person may write it.
  const long = (n) => `an early sign of a hard patch, number ${n}, written out at some length`;
  const args = ['plan', 'edit'];
  for (let i = 1; i <= 8; i++) args.push('--sign', long(i));
  for (const p of ['breathe-box', 'ground', 'pause']) args.push('--practice', p);
  for (let i = 1; i <= 5; i++) args.push('--person', `a friend to call, number ${i}, after six`);
  args.push('--say', 'This feeling is strong, and it passes. I have come through this before.');
  haven.cli(...args);
  haven.cli('config', 'set', 'region', 'DE'); // 112, whatever this computer's locale says
  // A few hard days, so the page opens with its note that the days ran hot.
  for (let d = 0; d < 3; d++)
    haven.cli('log', '-i', '9', '--at', `${d} days ago`, `a hard moment ${d}`);
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

// The emergency call's box, the bar's top and the screen's height, on the
// first screen (nothing scrolled).
async function firstScreen(page) {
  await page.goto(`${haven.origin}/#/plan`);
  await page.waitForSelector('#plan-view');
  await page.evaluate(() => window.scrollTo(0, 0));
  return page.evaluate(() => {
    const call = document.querySelector('main .call-emergency');
    const bar = document.querySelector('nav[aria-label="Main"]').getBoundingClientRect();
    const r = call ? call.getBoundingClientRect() : null;
    return {
      text: call ? call.textContent.trim() : null,
      top: r && r.top,
      bottom: r && r.bottom,
      height: r && r.height,
      bar: bar.top,
      screen: window.innerHeight,
      scrolled: window.scrollY,
    };
  });
}

for (const scheme of ['light', 'dark']) {
  test(`the emergency call is on the first screen, clear of the bar (${scheme})`, async () => {
    const { context, page, errors } = await openApp(browser, haven, PHONE, {
      colorScheme: scheme,
    });
    const s = await firstScreen(page);
    assert.match(s.text, /112/);
    assert.equal(s.scrolled, 0);
    assert.ok(s.height > 0, 'drawn');
    assert.ok(s.top >= 0, `top ${s.top}`);
    assert.ok(s.bottom <= s.screen, `ends at ${s.bottom}, the screen at ${s.screen}`);
    assert.ok(s.bar < s.screen, `the bar is at the bottom (${s.bar})`);
    assert.ok(s.bottom <= s.bar, `ends at ${s.bottom}, the bar starts at ${s.bar}`);
    // The page still ends with the whole directory of lines.
    const last = await page.$eval(
      '#plan-view > :last-child',
      (el) => el.id || el.getAttribute('aria-labelledby'),
    );
    assert.equal(last, 'plan-crisis');
    assert.ok(await page.$('#plan-hot'), 'the note that the days ran hot is shown');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a region with its own number: that number, on the first screen', async () => {
  haven.cli('config', 'set', 'region', 'US');
  try {
    const { context, page, errors } = await openApp(browser, haven, PHONE);
    const s = await firstScreen(page);
    assert.match(s.text, /911/);
    assert.ok(s.top >= 0 && s.bottom <= s.bar, `${s.top}–${s.bottom}, the bar at ${s.bar}`);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    haven.cli('config', 'set', 'region', 'DE');
  }
});
