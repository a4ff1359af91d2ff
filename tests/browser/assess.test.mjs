// assess.test.mjs — the self-assessment in a real browser: taken one
// question per screen, resumed after the tab was closed, and a result that
// says what it is not; the result is checked through the CLI.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, axeProblems, screenshots, useHaven } from './harness.mjs';

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

const exported = () =>
  haven
    .cli('export')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

// Answer what is on screen: items from answerFor(id), open questions skipped.
// Stops when the result page shows or after `limit` screens.
async function answerScreens(page, answerFor, limit = 100) {
  for (let n = 0; n < limit; n++) {
    await page.waitForSelector('section.question, .reflection-note');
    if (await page.locator('.reflection-note').count()) return n;
    const head = await page.textContent('#q-head');
    if (/^Question/.test(head)) {
      const [, k] = head.match(/^Question (\d+)/);
      // One tap answers and moves on to the next screen.  A click, not
      // check(): check() looks again after it clicked and, the question
      // having moved on, would tick the same answer on the next one too.
      await page.click(`input[name=answer][value="${answerFor(Number(k))}"]`);
    } else {
      await page.click('section.question >> role=button[name="Skip these open questions"]');
    }
    // Wait for the next screen (or the result) to replace this one.
    await page.waitForFunction(
      (prev) =>
        document.querySelector('#q-head')?.textContent !== prev ||
        document.querySelector('.reflection-note'),
      head,
    );
  }
  return limit;
}

// Questions 1-12 are part A (higher: more anxious), 13-28 part D (higher: more secure).
const answerFor = (k) => (k <= 12 ? 4 : 2);

test('take the guide one question per screen; the result is a reflection, saved as the CLI sees it', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/assess');
  await page.click('a[href="#/assess/take/guide"]');
  await page.click('form[aria-label="Begin"] button[type=submit]');
  await page.waitForSelector('section.question');
  assert.equal(
    await page.evaluate(() => document.activeElement.id),
    'q-head',
    'focus on the question',
  );
  await answerScreens(page, answerFor);
  assert.match(page.url(), /#\/assess\/result\/[0-9a-f-]{36}$/);
  const text = await page.textContent('main');
  assert.match(text, /reflection, not a diagnosis/);
  assert.doesNotMatch(
    text,
    /\btype:|your type|attachment style is|you are (an? )?(anxious|avoidant|secure)\b/i,
    'never a type label',
  );
  assert.match(text, /Higher means more anxious tendencies/);
  assert.match(text, /Higher means more secure/);
  // Flagged areas point to practices that exist in the web app: each
  // action's page as data/actions.json gives it.
  assert.ok(
    (await page
      .locator('section[aria-labelledby=helps] a[href="#/practices/breathe-478"]')
      .count()) > 0,
  );
  await page.waitForLoadState('networkidle');
  const width = await page.$eval('figure.history svg.chart', (s) => s.clientWidth);
  assert.ok(width > 0, 'the history chart drawn by haven is in the page');

  const hist = JSON.parse(haven.cli('assess', 'history', 'guide', '--json'));
  assert.equal(hist.results, 1);
  const latest = Object.fromEntries(hist.series.map((s) => [s.subscale, s.latest]));
  assert.deepEqual(latest, {
    feelings: 4,
    conflict: 4,
    actions: 4,
    trust: 2,
    steadying: 2,
    support: 2,
    kindness: 2,
  });
  const rec = exported().find((r) => r.kind === 'assessment');
  assert.equal(rec.body.complete, true);
  assert.equal(Object.keys(rec.body.answers).length, 28);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an assessment is resumed after the tab was closed, here or in the CLI', async () => {
  let { context, page } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/assess/take/guide');
  await page.click('form[aria-label="Begin"] button[type=submit]');
  await page.waitForSelector('section.question');
  // One tap answers and moves on: no Next to press.
  for (let k = 1; k <= 3; k++) {
    await page.click('input[name=answer][value="3"]'); // a click: see answerScreens
    await page.waitForFunction(
      (n) => document.querySelector('#q-head')?.textContent.startsWith(`Question ${n} `),
      k + 1,
    );
  }
  // From the keyboard, arrows move through the answers without leaving the
  // question; choosing is saving all the same.
  await page.focus('input[name=answer][value="1"]');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction(
    () => document.querySelector('.saved-status')?.textContent === 'Saved.',
  );
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  assert.match(
    await page.textContent('#q-head'),
    /^Question 4 of 28/,
    'the keyboard stays on the question',
  );
  assert.equal(await page.isChecked('input[name=answer][value="5"]'), true);
  await context.close(); // the tab is gone

  const open = exported()
    .filter((r) => r.kind === 'assessment' && !r.body.complete)
    .at(-1);
  assert.deepEqual(open.body.answers, { a1: 3, a2: 3, a3: 3, a4: 5 });

  ({ context, page } = await openApp(browser, haven));
  await page.goto(haven.origin + '/#/assess');
  await page.click('text=Continue');
  await page.waitForSelector('section.question');
  assert.match(await page.textContent('#q-head'), /^Question 4 of 28/, 'back where it stopped');
  assert.equal(await page.isChecked('input[name=answer][value="5"]'), true, 'with its answer');
  await page.click('section.question >> role=button[name="Next"]');
  await page.waitForFunction(() =>
    document.querySelector('#q-head')?.textContent.startsWith('Question 5 '),
  );
  await page.click('input[name=answer][value="1"]');
  await page.waitForFunction(
    () => document.querySelector('.saved-status')?.textContent === 'Saved.',
  );
  await page.waitForLoadState('networkidle');
  await context.close();

  // The same unfinished result carries on in the CLI.
  const rest = ['a6', 'a7', 'a8', 'a9', 'a10', 'a11', 'a12']
    .map((id) => `${id}=2`)
    .concat(Array.from({ length: 16 }, (_, i) => `d${i + 1}=4`))
    .join(',');
  const shown = JSON.parse(haven.cli('--json', 'assess', 'resume', '--answers', rest));
  assert.equal(shown.id, open.id);
  const feelings = shown.subscales.find((s) => s.id === 'feelings');
  assert.equal(feelings.score, (3 + 3 + 3 + 5) / 4);
  assert.equal(JSON.parse(haven.cli('assess', 'history', 'guide', '--json')).results, 2);
});

test("an answer off the scale is refused with the CLI's message", async () => {
  const { context, page } = await openApp(browser, haven);
  const r = await page.evaluate(async () => {
    const { post, patch } = await import('/api.js');
    const rec = await post('assess/results', { instrument: 'guide' });
    try {
      await patch('assess/results/' + rec.id, { answers: { a1: 9 } });
      return 'accepted';
    } catch (e) {
      return e.message;
    }
  });
  assert.equal(r, 'the answer to item a1 must be a whole number from 1 to 5');
  await context.close();
});

test('self-assessment pages pass axe, and the history shows on Insights', async () => {
  const id = exported().find((x) => x.kind === 'assessment' && x.body.complete).id;
  for (const hash of ['#/assess', '#/assess/take/guide', `#/assess/result/${id}`, '#/insights']) {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      assert.deepEqual(
        await axeProblems(browser, haven, hash, viewport),
        [],
        `${hash} at ${viewport.width}px`,
      );
    }
  }
  const { context, page } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/insights');
  await page.waitForSelector('section[aria-labelledby=assess-over-time] svg.chart', {
    state: 'attached',
  });
  await page.waitForLoadState('networkidle');
  const w = await page.$eval(
    'section[aria-labelledby=assess-over-time] svg.chart',
    (s) => s.clientWidth,
  );
  assert.ok(w > 0);
  await context.close();
  await screenshots(browser, haven, 'assess-result', `#/assess/result/${id}`);
});
