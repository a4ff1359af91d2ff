// check.test.mjs — the Check page (the web side of `haven check`): a
// thought's findings are the CLI's, each shown with its exact words marked
// in the thought, what the habit is, its example and its question; a plain
// thought says nothing stood out; crisis words bring the help card and no
// patterns; an empty thought is refused in words; and the page is
// axe-clean on a phone, light and dark.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, axeProblems, screenshots, axeFindings, useHaven } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

async function check(page, thought) {
  await page.goto(haven.origin + '/#/check');
  await page.waitForSelector('#check-text');
  await page.fill('#check-text', thought);
  await page.click('form button[type=submit]');
  await page.waitForSelector('#check-result');
}

test('each pattern found is shown with its words, what it is, an example and a question', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  const thought = "If they don't text back, they must be losing interest. I always ruin everything";
  await check(page, thought);
  const cli = JSON.parse(haven.cli('check', '--json', thought)).findings;
  assert.ok(cli.length >= 2, 'the thought holds patterns');
  const kinds = [...new Set(cli.map((f) => f.kind))];
  const shown = await page.$$eval('#check-findings > li', (ls) => ls.map((l) => l.dataset.kind));
  assert.deepEqual(shown, kinds);
  for (const kind of kinds) {
    const ex = JSON.parse(haven.cli('check', '--json', '--explain', kind));
    const item = page.locator(`#check-findings li[data-kind="${kind}"]`);
    const text = await item.textContent();
    for (const part of [ex.label, ex.what, ex.example, ex.ask])
      assert.ok(text.includes(part), `${kind}: "${part}" in "${text}"`);
    const quoted = await item.locator('q').allTextContents();
    assert.deepEqual(
      quoted,
      cli.filter((f) => f.kind === kind).map((f) => f.match),
    );
    for (const f of cli.filter((x) => x.kind === kind))
      assert.ok(text.includes(f.why), `${kind}: the reason "${f.why}"`);
  }
  // Every found phrase is inside a marked stretch of the thought, and the
  // thought reads as written.
  assert.equal(await page.textContent('#check-marked'), thought);
  const marks = (
    await page.$$eval('#check-marked mark', (ms) => ms.map((m) => m.textContent))
  ).join('|');
  for (const f of cli) assert.ok(marks.includes(f.match), `"${f.match}" is marked in ${marks}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a plain thought: nothing stood out, and no pattern is listed', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  const thought = 'I am going for a walk after dinner.';
  assert.equal(JSON.parse(haven.cli('check', '--json', thought)).findings.length, 0);
  await check(page, thought);
  assert.equal(await page.locator('#check-findings').count(), 0);
  assert.equal(await page.locator('#check-result h2').textContent(), 'Nothing stood out');
  assert.deepEqual(errors, []);
  await context.close();
});

test('crisis words bring the help card first, and no patterns', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  await check(page, "I want to kill myself, I'm worthless");
  await page.waitForSelector('.crisis-notice');
  assert.equal(await page.locator('#check-findings').count(), 0, 'no patterns to weigh');
  const first = await page.evaluate(
    () => document.querySelector('main').firstElementChild.className,
  );
  assert.match(first, /crisis-notice/);
  assert.match(
    await page.evaluate(() => document.activeElement.getAttribute('href') || ''),
    /^tel:/,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('an empty thought is refused in words, and nothing is sent', async () => {
  const { context, page } = await openApp(browser, haven, PHONE);
  await page.goto(haven.origin + '/#/check');
  await page.waitForSelector('#check-text');
  let sent = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/check')) sent++;
  });
  await page.fill('#check-text', '   ');
  await page.click('form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#check-error').textContent.length > 0);
  assert.equal(sent, 0);
  assert.equal(await page.locator('#check-result').count(), 0);
  await context.close();
});

test('the Check page: accessible on a phone and a desktop, light and dark, with findings shown', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
      const { context, page } = await openApp(browser, haven, viewport, {
        bypassCSP: true,
        colorScheme: scheme,
      });
      await check(page, 'They always leave me. I am such a failure.');
      const bad = await axeFindings(page);
      assert.deepEqual(bad, [], `${scheme} at ${viewport.width}px`);
      if (viewport === PHONE)
        await page.screenshot({ path: `/tmp/check-${scheme}-phone.png`, fullPage: true });
      await context.close();
    }
  }
  assert.deepEqual(await axeProblems(browser, haven, '#/check', PHONE), []);
  await screenshots(browser, haven, 'check', '#/check');
});
