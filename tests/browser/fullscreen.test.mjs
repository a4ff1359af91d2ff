// fullscreen.test.mjs — breathing and the pause fill the screen in one tap:
// on a phone the run starts as its page opens with Stop and "Fill the
// screen" on the first screen; full, the guide is large and alone, the
// page behind is out of reach, the way out and the way to help are at the
// top; Escape, the button and the run's end all leave it; the choice is
// remembered for the next practice; reduced motion keeps its text count;
// and it is axe-clean, light and dark.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, axeFindings, useHaven } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const card = 'section[aria-label="Practice in progress"]';
let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

async function open(page, technique) {
  await page.goto(haven.origin + '/#/practices/' + technique);
  await page.waitForSelector(`${card} .run-phase:not(:empty)`);
}

const isFull = (page) => page.$eval(card, (c) => c.classList.contains('full'));

test('on a phone the run starts at once, with Stop and Fill the screen on the first screen', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  for (const technique of ['breathe-box', 'pause']) {
    await open(page, technique);
    for (const name of ['Stop', 'Fill the screen']) {
      const box = await page.locator(`${card} button`, { hasText: name }).boundingBox();
      assert.ok(box && box.y + box.height <= PHONE.height - 60, `${technique}: ${name} in view`);
    }
    assert.equal(await isFull(page), false, 'not full until asked');
  }
  // Grounding has no guide to enlarge: no such button.
  await page.goto(haven.origin + '/#/practices/ground');
  await page.waitForSelector('#run-next');
  assert.equal(await page.locator(`${card} .full-enter`).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('full, the guide fills the screen, moves, and the page behind is out of reach', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  await open(page, 'breathe-box');
  await page.click(`${card} .full-enter`);
  assert.equal(await isFull(page), true);
  const box = await page.locator(card).boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [
    0,
    0,
    PHONE.width,
    PHONE.height,
  ]);
  const circle = await page.locator(`${card} svg.breath`).boundingBox();
  assert.ok(circle.width >= 0.75 * PHONE.width, `a large guide: ${circle.width} px`);
  for (const sel of ['.full-leave', '.full-help']) {
    const b = await page.locator(`${card} ${sel}`).boundingBox();
    assert.ok(b.y >= 0 && b.y < 80 && b.height >= 24, `${sel} at the top`);
  }
  assert.equal(await page.getAttribute(`${card} .full-help`, 'href'), '#/help');
  assert.ok(await page.evaluate(() => document.querySelector('header.top').inert));
  assert.equal(
    await page.evaluate(() => document.activeElement.textContent),
    'Stop',
    'focus on the way to stop',
  );
  const r0 = await page.getAttribute(`${card} circle.dot`, 'r');
  await page.waitForTimeout(700);
  assert.notEqual(await page.getAttribute(`${card} circle.dot`, 'r'), r0, 'the guide moves');

  await page.keyboard.press('Escape');
  assert.equal(await isFull(page), false, 'Escape leaves');
  assert.equal(await page.evaluate(() => document.querySelector('header.top').inert), false);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Fill the screen');
  await page.click(`${card} .full-enter`);
  await page.click(`${card} .full-leave`);
  assert.equal(await isFull(page), false, 'the button leaves');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the choice is remembered, and the run ending leaves full screen', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  await open(page, 'breathe-478');
  await page.click(`${card} .full-enter`);
  await open(page, 'breathe-coherent');
  assert.equal(await isFull(page), true, 'the next one starts full');
  await page.click(`${card} button:text-is("Stop")`);
  await page.waitForSelector('form[aria-label="After the practice"]');
  assert.equal(await page.evaluate(() => document.body.classList.contains('has-full')), false);
  assert.equal(await page.evaluate(() => document.querySelector('header.top').inert), false);
  // Left by the person: the next one starts in the page again.
  await open(page, 'breathe-box');
  assert.equal(await isFull(page), true);
  await page.click(`${card} .full-leave`);
  await open(page, 'breathe-three');
  assert.equal(await isFull(page), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with reduced motion, full screen shows the count as text', async () => {
  const { context, page } = await openApp(browser, haven, PHONE, { reducedMotion: 'reduce' });
  await open(page, 'breathe-box');
  await page.click(`${card} .full-enter`);
  assert.equal(await page.locator(`${card} svg.breath`).count(), 0);
  assert.match(await page.textContent(`${card} .run-count`), /^\d+$/);
  await context.close();
});

test('full screen: axe-clean, light and dark; screenshots', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await openApp(browser, haven, PHONE, {
      bypassCSP: true,
      colorScheme: scheme,
    });
    await open(page, 'breathe-box');
    await page.click(`${card} .full-enter`);
    const bad = await axeFindings(page);
    assert.deepEqual(bad, [], scheme);
    await page.screenshot({ path: `/tmp/full-${scheme}.png` });
    await context.close();
  }
});
