// timeline.test.mjs — the Timeline page (issue 18, item 3) on a phone: a
// moment added through the form is what `haven timeline --json` then
// holds, in the order of a life; an edit moves a moment from a date to an
// age and clears what it shaped; a refused moment shows the library's
// message and keeps nothing; removing asks once more in place; the prompts
// are the data file's; axe at 390x844, light and dark, with no sideways
// scroll.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, useHaven, dataJson, phoneCheck } from './harness.mjs';

const WORDS = dataJson('timeline.json');
const phone = { width: 390, height: 844 };

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

const cliEvents = () => JSON.parse(haven.cli('--json', 'timeline'));

test('moments added on the page are the CLI’s timeline, in the order of a life', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/timeline`);
  await page.waitForSelector('#timeline-empty');
  assert.equal(await page.textContent('main h1'), WORDS.web.title);
  await page.click('#timeline-prompts summary');
  assert.match(
    await page.textContent('#timeline-prompts'),
    new RegExp(WORDS.prompts[0].replace(/[?]/g, '\\?')),
  );

  await page.fill('#tl-what', 'Met Jo at university');
  await page.check('#tl-by-date');
  await page.fill('#tl-date', '2015-09');
  await page.selectOption('#tl-kind', 'relationship');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#timeline-list li');

  await page.fill('#tl-what', 'We moved and I lost my friends');
  await page.check('#tl-by-age');
  await page.fill('#tl-age', '8');
  await page.fill('#tl-shaped', 'I learned not to get attached');
  await page.click('form button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#timeline-list li').length === 2);
  assert.equal(await page.textContent('#tl-status'), WORDS.web.saved);

  const cli = cliEvents();
  assert.deepEqual(
    cli.map((r) => r.body),
    [
      { what: 'We moved and I lost my friends', age: 8, shaped: 'I learned not to get attached' },
      { what: 'Met Jo at university', date: '2015-09', kind: 'relationship' },
    ],
  );
  const shown = await page.$$eval('#timeline-list li', (ls) => ls.map((l) => l.dataset.id));
  assert.deepEqual(
    shown,
    cli.map((r) => r.id),
  );
  assert.match(await page.textContent('#timeline-list li:first-child'), /age 8/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an edit moves a moment from a date to an age; a refusal keeps nothing', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/timeline`);
  await page.waitForSelector('#timeline-list li');
  const jo = cliEvents().find((r) => r.body.date).id;
  await page.click(`#timeline-list li[data-id="${jo}"] button:has-text("${WORDS.web.edit}")`);
  assert.equal(await page.inputValue('#tl-what'), 'Met Jo at university');
  assert.equal(await page.isChecked('#tl-by-date'), true);
  await page.check('#tl-by-age');
  await page.fill('#tl-age', '19');
  await page.fill('#tl-shaped', 'I waited by the phone');
  await page.click('form button[type=submit]');
  await page.waitForFunction(
    (s) => document.querySelector('#tl-status').textContent === s,
    WORDS.web.changed,
  );
  let body = cliEvents().find((r) => r.id === jo).body;
  assert.deepEqual(body, {
    what: 'Met Jo at university',
    age: 19,
    kind: 'relationship',
    shaped: 'I waited by the phone',
  });

  // Clearing what it shaped, on an edit, removes it.
  await page.click(`#timeline-list li[data-id="${jo}"] button:has-text("${WORDS.web.edit}")`);
  await page.fill('#tl-shaped', '');
  await page.click('form button[type=submit]');
  await page.waitForFunction(
    (s) => document.querySelector('#tl-status').textContent === s,
    WORDS.web.changed,
  );
  assert.equal(cliEvents().find((r) => r.id === jo).body.shaped, undefined);

  // A day that does not exist: the library's message, nothing kept.
  const before = haven.cli('--json', 'timeline');
  await page.fill('#tl-what', 'Something');
  await page.check('#tl-by-date');
  await page.fill('#tl-date', '2023-02-29');
  await page.click('form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#tl-error').textContent !== '');
  assert.match(await page.textContent('#tl-error'), /YYYY-MM-DD/);
  assert.equal(haven.cli('--json', 'timeline'), before);
  assert.deepEqual(
    errors.filter((e) => !/status of 400/.test(e)),
    [],
  );
  await context.close();
});

test('removing asks once more in place, and Cancel keeps the moment', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/timeline`);
  await page.waitForSelector('#timeline-list li');
  const first = cliEvents()[0].id;
  const li = `#timeline-list li[data-id="${first}"]`;
  await page.click(`${li} button:has-text("${WORDS.web.remove}")`);
  assert.match(
    await page.textContent(li),
    new RegExp(WORDS.web.remove_confirm.replace(/[?]/g, '\\?')),
  );
  await page.click(`${li} button:has-text("${WORDS.web.cancel}")`);
  assert.equal(cliEvents().length, 2);
  await page.click(`${li} button:has-text("${WORDS.web.remove}")`);
  await page.click(
    `${li} .actions:not([hidden]) >> nth=1 >> button:has-text("${WORDS.web.remove}")`,
  );
  await page.waitForFunction(() => document.querySelectorAll('#timeline-list li').length === 1);
  assert.equal(await page.textContent('#tl-status'), WORDS.web.removed);
  assert.deepEqual(
    cliEvents()
      .map((r) => r.id)
      .includes(first),
    false,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('axe finds nothing serious on Timeline at 390x844, light and dark', async () => {
  await phoneCheck(browser, haven, {
    hash: '#/timeline',
    ready: '#timeline-list',
    name: 'timeline',
    prepare: (page) => page.click('#timeline-prompts summary'),
  });
});
