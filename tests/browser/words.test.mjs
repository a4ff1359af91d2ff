// words.test.mjs — the thought record and the message coach in a real
// browser, each checked afterwards through the CLI.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, axeProblems, screenshots, useHaven } from './harness.mjs';

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

test('complete a thought record step by step', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/thought');
  await page.waitForSelector('form[aria-label="Thought record"]');
  await page.fill('#t-situation', 'He has not answered since this morning');
  await page.click('text=Next');
  await page.fill('#t-thought', "I know he thinks I'm too needy and he will leave");
  await page.click('text=Next');
  await page.fill('.emotion-name', 'anxious');
  await page.locator('.emotion-value').first().fill('80');
  assert.equal(
    await page.locator('.emotion-number').first().textContent(),
    '80',
    'the slider shows its number',
  );
  await page.click('text=Next');
  // haven proposes the patterns it noticed in the thought
  await page.waitForFunction(
    () => document.querySelectorAll('input[name=patterns]:checked').length > 0,
  );
  const proposed = await page.$$eval('input[name=patterns]:checked', (xs) =>
    xs.map((x) => x.value),
  );
  // Every pattern can be looked up, proposed or not.
  await page.click('text=What each pattern means');
  const meanings = await page.$$eval('.pattern-meanings dd', (ds) => ds.map((d) => d.textContent));
  assert.equal(meanings.length, await page.locator('input[name=patterns]').count());
  assert.ok(
    meanings.every((m) => m.length > 10),
    'each with its meaning',
  );
  assert.ok(proposed.length >= 1, `proposed: ${proposed}`);
  await page.click('text=Next');
  await page.fill('#t-evidence_for', 'No reply for six hours');
  await page.click('text=Next');
  await page.fill('#t-evidence_against', 'He said he had a long meeting today');
  await page.click('text=Next');
  await page.fill('#t-friend', 'A quiet day is not a goodbye');
  await page.click('text=Next');
  await page.fill('#t-balanced', 'He is busy; I can ask how his day went tonight');
  await page.click('text=Next');
  await page.locator('[data-step=rerate] .emotion-value').first().fill('40');
  await page.click('text=Save the record');
  await page.waitForSelector('#thought-list');
  await page.waitForFunction(() =>
    document.querySelector('#main').textContent.includes('too needy'),
  );
  const summary = JSON.parse(haven.cli('thoughts', '--json'));
  const rec = summary.records[0];
  assert.equal(rec.body.thought, "I know he thinks I'm too needy and he will leave");
  assert.equal(rec.body.balanced, 'He is busy; I can ask how his day went tonight');
  assert.deepEqual(rec.body.emotions, [{ name: 'anxious', before: 80, after: 40 }]);
  assert.deepEqual(rec.body.patterns.sort(), proposed.sort());
  assert.deepEqual(errors, []);
  await context.close();
});

test('coach a draft: findings marked in the text, a rewrite one click away', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: haven.origin });
  await page.goto(haven.origin + '/#/coach');
  const draft = 'You never text me first. Do you even care about me?';
  await page.fill('#draft', draft);
  await page.click('text=Read it with me');
  await page.waitForSelector('#coach-result');
  const marks = await page.$$eval('#coach-result mark', (ms) => ms.map((m) => m.textContent));
  const cli = JSON.parse(haven.cli('coach', '--json', draft));
  assert.equal(marks.length, cli.findings.length);
  assert.deepEqual(
    marks,
    [...cli.findings].sort((a, b) => a.start - b.start).map((f) => f.match),
  );
  const copy = page.locator('.suggestions button').first();
  await copy.click();
  await page.waitForFunction(() =>
    /Copied|Selected/.test(document.querySelector('.suggestions button').textContent),
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('hold a draft and find it among held drafts', async () => {
  const { context, page } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/coach');
  await page.fill('#draft', 'Why are you ignoring me??');
  await page.click('text=Hold it for 20 minutes');
  await page.waitForFunction(() => document.querySelector('#draft').value === '');
  // One draft resting is said in the singular, from the page's words.
  await page.waitForFunction(() =>
    document.querySelector('#main').textContent.includes('1 draft is still resting.'),
  );
  const exported = haven
    .cli('export')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const held = exported.filter((r) => r.kind === 'held-draft');
  assert.equal(held.length, 1);
  assert.equal(held[0].body.draft, 'Why are you ignoring me??');
  assert.equal(held[0].body.status, 'held');
  await context.close();
});

test('thought and coach pages: accessible, and screenshots', async () => {
  for (const hash of ['#/thought', '#/coach']) {
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
    await screenshots(browser, haven, hash.slice(2), hash);
  }
});
