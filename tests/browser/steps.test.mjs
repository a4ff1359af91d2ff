// steps.test.mjs — the Small steps page (issue 18, item 7) on a phone: a
// ladder step added and a try rated through the forms are what `haven
// steps --json` then holds, with the ease worked out; an act of care is
// kept; the week's change is chosen once, a second choice is refused with
// haven's message, and looking back marks it; a refused rating keeps
// nothing; axe at 390x844, light and dark, with no sideways scroll.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, useHaven, dataJson, phoneCheck } from './harness.mjs';

const WORDS = dataJson('steps.json');
const phone = { width: 390, height: 844 };

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

const cli = () => JSON.parse(haven.cli('--json', 'steps'));

test('a step, a try and an act of care kept on the page are what the CLI holds', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/steps`);
  await page.waitForSelector('#ladder-empty');
  assert.equal(await page.textContent('main h1'), WORDS.web.title);
  await page.fill('#step-what', 'Phone in a drawer for an hour');
  await page.click('form[aria-labelledby=step-title] button[type=submit]');
  await page.waitForSelector('#ladder-list li');
  assert.equal(await page.textContent('#steps-status'), WORDS.web.saved);

  // A rating above 10 is refused and keeps nothing.
  await page.fill('#try-before', '11');
  await page.fill('#try-after', '3');
  await page.click('form[aria-labelledby=try-title] button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#try-error').textContent !== '');
  assert.match(await page.textContent('#try-error'), /0 to 10/);
  assert.equal(cli().ladder[0].tries, 0);

  await page.fill('#try-before', '7');
  await page.fill('#try-after', '3');
  await page.fill('#try-note', 'restless at first');
  await page.click('form[aria-labelledby=try-title] button[type=submit]');
  await page.waitForFunction(() =>
    /4\.0/.test(document.querySelector('#ladder-list li').textContent),
  );
  const step = cli().ladder[0];
  assert.equal(step.what, 'Phone in a drawer for an hour');
  assert.equal(step.tries, 1);
  assert.equal(step.mean_drop, 4);

  await page.fill('#care-what', 'Called Nan');
  await page.selectOption('#care-for', 'others');
  await page.click('form[aria-labelledby=care-title] button[type=submit]');
  await page.waitForSelector('#care-list li');
  assert.deepEqual(cli().care[0].body, { what: 'Called Nan', for: 'others' });
  assert.deepEqual(
    errors.filter((e) => !/status of 400/.test(e)),
    [],
  );
  await context.close();
});

test('the week’s change is chosen once and looked back on', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/steps`);
  await page.waitForSelector('#week-change');
  await page.fill('#week-change', 'One walk without my phone');
  await page.click('form[aria-labelledby=week-set-title] button[type=submit]');
  await page.waitForSelector('#week-now li');
  assert.equal(cli().week.body.change, 'One walk without my phone');
  // The page offers no second choice; the API refuses one all the same.
  assert.equal(await page.$('#week-change'), null);
  await page.selectOption('#week-kept', 'partly');
  await page.click('form[aria-labelledby=week-check-title] button[type=submit]');
  await page.waitForFunction(
    (s) => document.querySelector('#week-now').textContent.includes(s),
    WORDS.kept.partly,
  );
  assert.equal(cli().week.body.kept, 'partly');
  assert.deepEqual(errors, []);
  await context.close();
});

test('axe finds nothing serious on Small steps at 390x844, light and dark', async () => {
  await phoneCheck(browser, haven, { hash: '#/steps', ready: '#ladder-list', name: 'steps' });
});
