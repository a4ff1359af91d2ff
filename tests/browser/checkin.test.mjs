// checkin.test.mjs — the daily check-in page (issue 18) in a real browser
// on a phone: reached from Today by its link, one field per factor from
// the data with the last answer beside it, the person's own yes/no
// factors (and adding one), saving what was filled in as the CLI sees it,
// a value out of range refused with the library's words and nothing
// saved, and axe at 390x844 in light and dark.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHaven, launch, openApp, ARTIFACTS, axeFindings } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const WORDS = JSON.parse(readFileSync(join(here, '../../data/checkin.json'), 'utf8'));
const phone = { width: 390, height: 844 };

let haven, browser;
const checkins = () => JSON.parse(haven.cli('--json', 'checkin', '--list'));

before(async () => {
  haven = await startHaven();
  browser = await launch();
  haven.cli('checkin', '--mood', '6', '--sleep', '7.5', '--caffeine', '2');
  haven.cli('checkin', 'factor', 'add', 'therapy day');
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

async function checkinPage(extra = {}) {
  const opened = await openApp(browser, haven, phone, extra);
  await opened.page.goto(haven.origin + '/#/checkin');
  await opened.page.waitForSelector('#factor-mood');
  return opened;
}

test('Today links to the check-in page', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.click(`a[href="#/checkin"]`);
  await page.waitForSelector('#factor-mood');
  assert.equal(await page.textContent('main h1'), WORDS.page_title);
  assert.deepEqual(errors, []);
  await context.close();
});

test('one field per factor, each with its question and the last answer', async () => {
  const { context, page, errors } = await checkinPage();
  for (const f of WORDS.factors) {
    assert.equal(await page.textContent(`label[for="factor-${f.id}"]`), f.question);
    assert.equal(await page.getAttribute(`#factor-${f.id}`, 'max'), String(f.max));
  }
  assert.equal(await page.textContent('#factor-sleep-last'), `${WORDS.last_time} 7.5`);
  assert.equal(await page.textContent('#factor-mood-last'), `${WORDS.last_time} 6`);
  assert.equal(await page.$('#factor-alcohol-last'), null, 'no answer yet: nothing shown');
  assert.equal(
    await page.inputValue('#factor-mood'),
    '',
    'the last answer is shown, not filled in',
  );
  assert.ok(await page.isVisible('text=therapy day'));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= phone.width, `no sideways scroll (${width})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('saving what was filled in', async () => {
  const before = checkins().length;
  const { context, page, errors } = await checkinPage();
  await page.fill('#factor-mood', '7');
  await page.fill('#factor-sleep', '8.25');
  await page.fill('#factor-safe_people', '1.5');
  await page.check('input[data-name="therapy day"]');
  await page.fill('#checkin-note', 'a good talk');
  await page.click('form[aria-label="Daily check-in"] button[type=submit]');
  await page.waitForSelector(`#checkin-status >> text=${WORDS.saved}`);
  const list = checkins();
  assert.equal(list.length, before + 1);
  assert.deepEqual(list[0].body.factors, { mood: 7, sleep: 8.25, safe_people: 1.5 });
  assert.deepEqual(list[0].body.own, { 'therapy day': true });
  assert.equal(list[0].body.note, 'a good talk');
  assert.equal(await page.inputValue('#factor-mood'), '', 'the form is ready for the next one');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a value out of range is refused with its words, and nothing is saved', async () => {
  const before = checkins().length;
  const { context, page } = await checkinPage();
  await page.fill('#factor-mood', '11');
  await page.click('form[aria-label="Daily check-in"] button[type=submit]');
  await page.waitForFunction(() => document.getElementById('checkin-error').textContent !== '');
  assert.match(
    await page.textContent('#checkin-error'),
    /mood must be a whole number from 0 to 10/,
  );
  await page.fill('#factor-mood', '');
  await page.fill('#factor-sleep', '30');
  await page.click('form[aria-label="Daily check-in"] button[type=submit]');
  await page.waitForFunction(() =>
    /sleep/.test(document.getElementById('checkin-error').textContent),
  );
  assert.match(
    await page.textContent('#checkin-error'),
    /sleep must be a number of hours from 0 to 24/,
  );
  await page.fill('#factor-sleep', '');
  await page.click('form[aria-label="Daily check-in"] button[type=submit]');
  await page.waitForFunction(
    (w) => document.getElementById('checkin-error').textContent === w,
    WORDS.nothing_given,
  );
  assert.equal(checkins().length, before);
  await context.close();
});

test("a factor of one's own, added on the page, can be ticked at once", async () => {
  const { context, page, errors } = await checkinPage();
  await page.fill('#own-new', 'saw my ex');
  await page.click(`form[aria-label="${WORDS.own_add_label}"] button[type=submit]`);
  await page.waitForSelector('input[data-name="saw my ex"]');
  await page.fill('#own-new', 'Saw my ex');
  await page.click(`form[aria-label="${WORDS.own_add_label}"] button[type=submit]`);
  await page.waitForFunction(() => document.getElementById('own-error').textContent !== '');
  assert.match(await page.textContent('#own-error'), /already have a factor/);
  const own = JSON.parse(haven.cli('--json', 'checkin', 'factor', 'list')).map((f) => f.name);
  assert.deepEqual(own, ['saw my ex', 'therapy day']);
  // The refused second one is a 400 the page answered: nothing else.
  assert.deepEqual(
    errors.filter((e) => !/status of 400/.test(e)),
    [],
  );
  await context.close();
});

test('axe finds nothing serious on the check-in page at 390x844, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await checkinPage({ colorScheme, bypassCSP: true });
    await page.fill('#factor-mood', '11');
    await page.click('form[aria-label="Daily check-in"] button[type=submit]');
    await page.waitForFunction(() => document.getElementById('checkin-error').textContent !== '');
    const found = await axeFindings(page);
    assert.deepEqual(found, [], `axe (${colorScheme})`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: join(ARTIFACTS, `checkin-phone-${colorScheme}.png`),
      fullPage: true,
    });
    await context.close();
  }
});
