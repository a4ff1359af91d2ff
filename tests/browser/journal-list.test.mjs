// journal-list.test.mjs — the journal's list a page at a time: the first
// page comes with the page, more as the person scrolls to its end, none
// twice and none missed; each entry shows its thought, feelings and what
// was done, and opens for editing.  And the door: a page opened without
// the token says, in the app's own look, how to open haven again.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHaven, launch, openApp, axeFindings } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DOOR = JSON.parse(readFileSync(join(here, '../../data/serve.json'), 'utf8')).door;
const ENTRIES = 45; // two full pages of 20 and a part one
const phone = { width: 390, height: 844 };

let haven, browser;

before(async () => {
  haven = await startHaven();
  browser = await launch();
  // Through import, in one go: a record per line as `haven export` writes it.
  const lines = [];
  for (let i = 0; i < ENTRIES; i++) {
    const at = new Date(Date.UTC(2026, 0, 1, 8, 0, 0) + i * 3600e3).toISOString();
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    lines.push(
      JSON.stringify({
        id,
        kind: 'trigger',
        created: at,
        updated: at,
        version: 1,
        deleted: false,
        body: { intensity: 1 + (i % 10), what: `moment number ${i}` },
      }),
    );
  }
  const file = join(mkdtempSync(join(tmpdir(), 'haven-list-')), 'journal.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  haven.cli('import', file);
  rmSync(dirname(file), { recursive: true });
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

const shown = (page) =>
  page.$$eval('.entries li > p:first-of-type', (ps) => ps.map((p) => p.textContent));
// The journal's own first page in place: the page it was opened from (Today)
// has an entries list too, which a bare '.entries li' would find first.
const firstPage = (page) =>
  page.waitForFunction(
    () => document.querySelectorAll('.entries li > p:first-of-type').length >= 20,
  );

test('the list loads a page, then more as the person scrolls to its end', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  const asked = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/journal')) asked.push(new URL(r.url()).search);
  });
  await page.goto(haven.origin + '/#/journal');
  await firstPage(page);
  assert.equal((await shown(page)).length, 20, 'the first page');
  assert.ok(await page.isVisible('button.more'), 'with a way to more');
  for (const want of [40, ENTRIES]) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction((n) => document.querySelectorAll('.entries li').length >= n, want);
  }
  const texts = await shown(page);
  assert.equal(texts.length, ENTRIES);
  assert.equal(new Set(texts).size, ENTRIES, 'none twice');
  assert.equal(texts[0], `moment number ${ENTRIES - 1}`, 'newest first');
  assert.equal(texts[ENTRIES - 1], 'moment number 0', 'down to the oldest');
  assert.ok(await page.isHidden('button.more'), 'and at the end, no more to ask for');
  assert.ok(
    asked.some((q) => q.includes('before=')),
    `pages asked by their key: ${asked.join(' ')}`,
  );
  assert.ok(
    asked.every((q) => q.includes('limit=')),
    'a page at a time',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Show more" loads the next page where scrolling cannot (no IntersectionObserver)', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    delete window.IntersectionObserver;
  });
  const page = await context.newPage();
  await page.goto(haven.url);
  await page.waitForSelector('main h1');
  await page.goto(haven.origin + '/#/journal');
  await firstPage(page);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(300);
  assert.equal((await shown(page)).length, 20, 'scrolling alone brings nothing here');
  await page.click('button.more');
  await page.waitForFunction(() => document.querySelectorAll('.entries li').length >= 40);
  await context.close();
});

test('an entry shows its thought, feelings and what was done, and opens for editing', async () => {
  haven.cli(
    'log',
    '-i',
    '6',
    '--thought',
    'they are pulling away',
    '--emotion',
    'fear',
    '--did',
    'extra-texts',
    '--response',
    'called my sister',
    '--recovered',
    '1',
    'no reply since lunch',
  );
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(haven.origin + '/#/journal');
  const item = page.locator('.entries li', { hasText: 'no reply since lunch' });
  await item.waitFor();
  const details = await item.locator('dl.entry-details').textContent();
  assert.match(details, /Thought\s*they are pulling away/);
  assert.match(details, /Feelings\s*\S/);
  assert.match(details, /What you did.*called my sister/);
  assert.doesNotMatch(await item.textContent(), /null|undefined/);
  assert.match(await item.textContent(), /Eased after 1 minute(?!s)/, 'one minute, singular');
  await item.locator('button', { hasText: 'Edit' }).click();
  await page.waitForSelector('form[aria-label="Edit entry"]');
  assert.equal(await page.inputValue('#f-thoughts'), 'they are pulling away');
  assert.deepEqual(errors, []);
  await context.close();
});

test("a page opened without the token says how to open haven again, in the app's look", async () => {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: phone, colorScheme, bypassCSP: true });
    const page = await context.newPage();
    const response = await page.goto(haven.origin + '/');
    assert.equal(response.status(), 403);
    assert.equal(await page.textContent('h1'), DOOR.title);
    assert.match(await page.textContent('main'), /haven serve/);
    const card = await page.$eval('.card', (el) => getComputedStyle(el).borderTopLeftRadius);
    assert.equal(card, '10px', "drawn with haven's stylesheet");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= phone.width, `no sideways scroll (${width})`);
    const found = await axeFindings(page);
    assert.deepEqual(found, [], `axe (${colorScheme})`);
    await context.close();
  }
});
