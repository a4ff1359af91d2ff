// journal-entry.test.mjs — the journal entry in steps, on a phone: the
// common case (what happened, how strong, the thought, a feeling) saved in
// at most six taps; Enter in a one-line field goes to the next step and
// never submits; Save without a strength says so on the step that asks
// for it; a chosen chip is filled and carries a check mark; the most used
// words come first and "Show all" opens the rest with a search; editing
// walks the same steps; and the steps are axe-clean, light and dark.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, axeFindings, useHaven } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const form = 'form[aria-label="New entry"]';
let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

const entries = () => JSON.parse(haven.cli('journal', '--json'));

async function journal(page) {
  await page.goto(haven.origin + '/#/journal');
  await page.waitForSelector(form);
}

test('the common case in at most six taps, each on the screen', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  await journal(page);
  let taps = 0;
  const tap = async (sel) => {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= PHONE.height, `${sel} is on the screen`);
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    assert.ok(
      await page
        .locator(sel)
        .evaluate((el, [x, y]) => el.contains(document.elementFromPoint(x, y)), [x, y]),
      `${sel} is not covered`,
    );
    await page.mouse.click(x, y);
    taps++;
  };
  await tap('#f-what');
  await page.keyboard.type('They went quiet after the call');
  await tap('label:has(input[name=intensity][value="6"])');
  await tap(`${form} .step-next`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-thoughts');
  await page.keyboard.type('I said something wrong');
  await tap(`${form} .step-next`);
  const first = `${form} [data-step=feelings] .chips label.few >> nth=0`;
  const feeling = await page.locator(first).locator('input').getAttribute('value');
  await tap(first);
  await tap(`${form} button[type=submit]`);
  await page.waitForFunction(() => document.getElementById('toast').textContent.length > 0);
  assert.ok(taps <= 6, `${taps} taps`);
  const b = entries().find((r) => r.body.what === 'They went quiet after the call').body;
  assert.equal(b.intensity, 6);
  assert.equal(b.thoughts, 'I said something wrong');
  assert.deepEqual(b.emotions, [feeling]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Enter goes to the next step and never submits; Save without a strength says so', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  const before = entries().length;
  await journal(page);
  await page.click(`${form} .step-next`);
  await page.fill('#f-body', 'tight chest');
  await page.locator('#f-body').press('Enter');
  assert.equal(await page.isVisible('[data-step=feelings]'), true, 'Enter went on');
  await page.fill('#f-own-emotions', 'hollow');
  await page.locator('#f-own-emotions').press('Enter');
  assert.equal(await page.isVisible('[data-step=triggers]'), true);
  assert.equal(entries().length, before, 'nothing was submitted');
  // A textarea keeps Enter for a new line.
  await page.click(`${form} .step-back`);
  await page.click(`${form} .step-back`);
  await page.fill('#f-thoughts', 'one');
  await page.locator('#f-thoughts').press('Enter');
  await page.keyboard.type('two');
  assert.equal(await page.inputValue('#f-thoughts'), 'one\ntwo');

  await page.click(`${form} button[type=submit]`);
  await page.waitForFunction(() => document.querySelector('#form-error').textContent.length > 0);
  assert.equal(await page.isVisible('[data-step=moment]'), true, 'back on the step that asks');
  assert.equal(
    await page.evaluate(() => document.activeElement.name),
    'intensity',
    'focus on the scale',
  );
  assert.equal(entries().length, before);
  await page.check('input[name=intensity][value="4"]');
  await page.click(`${form} button[type=submit]`);
  // Earlier tests left entries in the list, so wait for this one to be saved.
  let b;
  for (let i = 0; i < 100 && !b; i++) {
    b = entries().find((r) => r.body.body === 'tight chest')?.body;
    if (!b) await page.waitForTimeout(100);
  }
  assert.ok(b, 'the entry was saved');
  assert.deepEqual(b.emotions, ['hollow']);
  assert.equal(b.thoughts, 'one\ntwo');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a chosen chip is filled and checked; the most used come first; Show all searches', async () => {
  for (let i = 0; i < 3; i++)
    haven.cli('log', '-i', '5', '--emotion', 'resentful', '-k', 'partner-distance', 'seen');
  const { context, page } = await openApp(browser, haven, PHONE);
  await journal(page);
  await page.click(`${form} .step-next`);
  await page.click(`${form} .step-next`);
  const chip = page.locator('label:has(input[name=emotions][value=resentful])');
  assert.equal(await chip.isVisible(), true, 'a most used feeling is among the few');
  const look = () =>
    chip.evaluate((l) => {
      const s = getComputedStyle(l);
      return {
        bg: s.backgroundColor,
        mark: getComputedStyle(l.querySelector('span'), '::before').content,
      };
    });
  const plain = await look();
  await chip.click();
  const chosen = await look();
  assert.notEqual(chosen.bg, plain.bg, 'filled');
  assert.match(chosen.mark, /✓/, 'a check mark');
  assert.doesNotMatch(plain.mark, /✓/);

  const all = await page.$$eval('[data-step=feelings] .chips label', (ls) => ls.length);
  const shown = () =>
    page.$$eval(
      '[data-step=feelings] .chips label',
      (ls) => ls.filter((l) => l.offsetParent).length,
    );
  assert.ok((await shown()) <= 9 && (await shown()) < all, 'a few at first');
  await page.click('#f-emotions .show-all');
  assert.equal(await shown(), all, 'all once opened');
  await page.fill('#f-emotions-search', 'resen');
  assert.equal(await shown(), 1);
  await page.fill('#f-emotions-search', 'zzzz');
  assert.equal(await shown(), 0);
  assert.equal(
    await page.isVisible('[data-step=feelings] p.hint:text("Nothing here matches that.")'),
    true,
  );
  await page.locator('#f-emotions-search').press('Enter');
  assert.equal(await page.isVisible('[data-step=feelings]'), true, 'Enter in the search stays');
  await context.close();
});

test('editing walks the same steps with what was saved', async () => {
  haven.cli('log', '-i', '8', '--thought', 'they are leaving', 'a long silence');
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  await journal(page);
  const item = page.locator('.entries li', { hasText: 'a long silence' });
  await item.locator('button', { hasText: 'Edit' }).click();
  await page.waitForSelector('form[aria-label="Edit entry"]');
  assert.equal(
    await page.isChecked('form[aria-label="Edit entry"] input[name=intensity][value="8"]'),
    true,
  );
  await page.click('form[aria-label="Edit entry"] .step-next');
  assert.equal(
    await page.inputValue('form[aria-label="Edit entry"] #f-thoughts'),
    'they are leaving',
  );
  await page.fill('form[aria-label="Edit entry"] #f-thoughts', 'they might be busy');
  await page.click('form[aria-label="Edit entry"] button[type=submit]');
  await page.waitForSelector(form);
  const rec = entries().find((r) => r.body.what === 'a long silence');
  assert.equal(rec.body.thoughts, 'they might be busy');
  assert.equal(rec.body.intensity, 8);
  assert.deepEqual(errors, []);
  await context.close();
});

test('every step: axe-clean on a phone, light and dark, and no sideways scroll at 320 px', async () => {
  for (const [viewport, scheme] of [
    [PHONE, 'light'],
    [PHONE, 'dark'],
    [{ width: 320, height: 640 }, 'dark'],
  ]) {
    const { context, page } = await openApp(browser, haven, viewport, {
      bypassCSP: true,
      colorScheme: scheme,
    });
    await journal(page);
    for (let step = 0; step < 6; step++) {
      if (step) await page.click(`${form} .step-next`);
      if (step === 2) await page.click('#f-emotions .show-all');
      const bad = await axeFindings(page, 'form');
      assert.deepEqual(bad, [], `${scheme} ${viewport.width}px, step ${step + 1}`);
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
        `step ${step + 1} at ${viewport.width}px`,
      );
      if (viewport === PHONE && (step === 0 || step === 2))
        await page.screenshot({ path: `/tmp/journal-${scheme}-step${step + 1}.png` });
    }
    await context.close();
  }
});
