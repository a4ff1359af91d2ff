// app.test.mjs — the web app in a real browser: each test acts as a person
// would, then checks the database through the CLI.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHaven, launch, openApp, axeProblems, screenshots } from './harness.mjs';

let haven, browser;

before(async () => {
  haven = await startHaven();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

test('without the token the app is refused', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(haven.origin + '/');
  assert.equal(response.status(), 403);
  await context.close();
});

// A page whose access went away (the cookie gone: another browser
// profile, cookies cleared) says so in the shell's words, index.html's,
// since the API answers nothing without access; and nothing is written.
test('a page that has lost its access says so in the words of index.html', async () => {
  const { context, page } = await openApp(browser, haven);
  const before = haven.cli('journal', '--json');
  await context.clearCookies();
  const said = await page.evaluate(async () => {
    const { post } = await import('/api.js');
    try {
      await post('journal', { intensity: 5, text: 'never kept' });
      return null;
    } catch (e) {
      return e.message;
    }
  });
  const words = await page.evaluate(() =>
    document.getElementById('lost-access-words').content.textContent.trim(),
  );
  assert.ok(words.length > 10, words);
  assert.equal(said, words);
  assert.equal(haven.cli('journal', '--json'), before, 'nothing was written');
  await context.close();
});

// A page whose words could not be fetched is still named, by the nav's
// name for it, and an answer without haven's message is said in the
// shell's words (index.html), its status in them.
test("a page that could not load is named by the nav and says why in the shell's words", async () => {
  const { context, page } = await openApp(browser, haven);
  await page.route('**/api/learn', (r) => r.fulfill({ status: 502, body: 'bad gateway' }));
  await page.goto(haven.origin + '/#/learn');
  await page.waitForSelector('main .error');
  const [name, template] = await page.evaluate(() => [
    document.querySelector('#nav a[href="#/learn"]').textContent.trim(),
    document.getElementById('no-answer-words').content.textContent.trim(),
  ]);
  assert.equal(await page.textContent('main h1'), name);
  assert.ok(template.includes('{status}'), template);
  assert.equal(await page.textContent('main .error'), template.replace('{status}', '502'));
  await context.close();
});

// Tick a chip, opening "Show all" first when it is not among the few shown.
async function choose(page, name, value) {
  const input = page.locator(`input[name=${name}][value="${value}"]`);
  const label = page.locator(`label:has(input[name=${name}][value="${value}"])`);
  if (!(await label.isVisible())) await page.click(`#f-${name} .show-all`);
  await input.check();
}

test('log a trigger through the journal form', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.click('nav >> text=Journal');
  await page.waitForSelector('form[aria-label="New entry"]');
  // The entry comes in steps: the moment and how strong, then the rest.
  await page.fill('#f-what', 'No reply since lunch');
  await page.check('input[name=intensity][value="7"]');
  await page.click('form[aria-label="New entry"] .step-next');
  await page.fill('#f-thoughts', "they're pulling away");
  await page.fill('#f-body', 'tight chest');
  await page.click('form[aria-label="New entry"] .step-next');
  await choose(page, 'emotions', 'fear');
  await page.click('form[aria-label="New entry"] .step-next');
  await choose(page, 'triggers', 'partner-distance');
  await page.click('form[aria-label="New entry"] .step-next');
  await choose(page, 'responses', 'extra-texts');
  await page.click('form[aria-label="New entry"] .step-next');
  await page.fill('#f-recovered', '45');
  await page.click('form[aria-label="New entry"] button[type=submit]');
  await page.waitForSelector('.entries li');
  assert.match(await page.textContent('.entries'), /No reply since lunch/);
  const saved = JSON.parse(haven.cli('journal', '--json'));
  assert.equal(saved.length, 1);
  const b = saved[0].body;
  assert.equal(b.what, 'No reply since lunch');
  assert.equal(b.intensity, 7);
  assert.deepEqual(b.triggers, ['partner-distance']);
  assert.deepEqual(b.emotions, ['fear']);
  assert.deepEqual(b.responses, ['extra-texts']);
  assert.equal(b.recovered_minutes, 45);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a journal entry can be deleted and the deletion undone', async () => {
  haven.cli('log', '-i', '3', 'to be deleted');
  const { context, page } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/journal');
  const item = page.locator('.entries li', { hasText: 'to be deleted' });
  await item.getByRole('button', { name: 'Delete this entry' }).click();
  await page.waitForSelector('#toast button');
  let live = JSON.parse(haven.cli('journal', '--json'));
  assert.ok(!live.some((r) => r.body.what === 'to be deleted'));
  await page.click('#toast button');
  await page.waitForFunction(() =>
    document.querySelector('.entries')?.textContent.includes('to be deleted'),
  );
  live = JSON.parse(haven.cli('journal', '--json'));
  assert.ok(live.some((r) => r.body.what === 'to be deleted'));
  await context.close();
});

test("bad input is refused with haven's message and nothing is saved", async () => {
  const before = JSON.parse(haven.cli('journal', '--json')).length;
  const { context, page } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/journal');
  await page.waitForSelector('form[aria-label="New entry"]');
  await page.fill('#f-what', 'no intensity chosen');
  // The browser's own check stops the form; remove it to reach the server's.
  await page.evaluate(() =>
    document.querySelectorAll('input[name=intensity]').forEach((i) => {
      i.required = false;
    }),
  );
  await page.click('form[aria-label="New entry"] button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#form-error')?.textContent.length > 0);
  assert.match(await page.textContent('#form-error'), /intensity is required/);
  assert.equal(JSON.parse(haven.cli('journal', '--json')).length, before);
  await context.close();
});

test('crisis words in an entry bring help to the top of the page', async () => {
  const { context, page } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/journal');
  await page.waitForSelector('form[aria-label="New entry"]');
  await page.check('input[name=intensity][value="9"]');
  await page.click('form[aria-label="New entry"] .step-next');
  await page.fill('#f-thoughts', "I don't want to be here anymore");
  await page.click('form[aria-label="New entry"] button[type=submit]');
  const card = page.locator('.crisis-notice');
  await card.waitFor();
  assert.match(await card.textContent(), /emergency/);
  assert.equal(await page.evaluate(() => !!document.activeElement.closest('.crisis-notice')), true);
  const saved = JSON.parse(haven.cli('journal', '--json'));
  assert.ok(
    saved.some((r) => r.body.thoughts === "I don't want to be here anymore"),
    'the entry is still saved',
  );
  await context.close();
});

test('insights show the charts drawn by haven', async () => {
  for (let i = 0; i < 4; i++)
    haven.cli(
      'log',
      '-i',
      String(4 + i),
      '-k',
      'work',
      '--recovered',
      String(50 - 10 * i),
      `entry ${i}`,
    );
  for (let i = 0; i < 3; i++)
    haven.cli('breathe', 'three', '--pace', '0.05', '--before', '7', '--after', '4');
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/insights');
  await page.waitForSelector('svg.chart', { state: 'attached' });
  await page.waitForLoadState('networkidle');
  const widths = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => s.clientWidth));
  assert.ok(widths.length >= 4 && widths.every((w) => w > 0), `charts drawn: ${widths}`);
  const practiceChart = await page.$eval(
    'section[aria-labelledby=practice-effects] svg.chart title',
    (t) => t.textContent,
  );
  assert.match(
    practiceChart,
    /eased your distress/,
    'the practice-effects chart is drawn once three practices are rated',
  );
  const cli = JSON.parse(haven.cli('insights', '--json'));
  assert.match(
    await page.textContent('main'),
    new RegExp(`protest-type only ${cli.responses.protest},`),
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('export downloads what the CLI exports', async () => {
  const { context, page } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/settings');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('text=Download export'),
  ]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(path, 'utf8'), haven.cli('export'));
  await context.close();
});

const pages = [
  ['today', '#/today'],
  ['journal', '#/journal'],
  ['practices', '#/practices'],
  ['breathe', '#/practices/breathe-box'],
  ['assess', '#/assess'],
  ['assess-take', '#/assess/take/guide'],
  ['insights', '#/insights'],
  ['settings', '#/settings'],
  ['help', '#/help'],
];

test('no serious or critical accessibility problems, on desktop and phone', async () => {
  for (const [name, hash] of pages) {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const problems = await axeProblems(browser, haven, hash, viewport);
      assert.deepEqual(problems, [], `${name} at ${viewport.width}px`);
    }
  }
});

test('the whole app works from the keyboard alone', async () => {
  const { context, page } = await openApp(browser, haven);
  await page.keyboard.press('Tab'); // the skip link
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // the third nav link: Journal
  await page.waitForSelector('form[aria-label="New entry"]');
  assert.equal(await page.textContent('main h1'), 'Journal');
  await context.close();
});

test('screenshots of every page at desktop and phone size', async () => {
  for (const [name, hash] of pages) await screenshots(browser, haven, name, hash);
});
