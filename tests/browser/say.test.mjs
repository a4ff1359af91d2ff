// say.test.mjs — the Say page (the web side of `haven say`) and the
// patterns explained on the thought-check page, in a real browser: a version
// kept from the page is listed there and seen by the CLI, the coach links to
// the script it names, and a pattern found in a thought is explained under
// it in the words `haven check --explain` uses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, axeProblems, screenshots, useHaven } from './harness.mjs';

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

test('the Say page: the four scripts, and a version kept and listed', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.click('nav a[href="#/say"]');
  await page.waitForSelector('#say-break-title');
  const titles = await page.$$eval('section.card h2', (hs) => hs.map((x) => x.textContent));
  const cli = ['break', 'no', 'repair', 'ask'].map((n) =>
    JSON.parse(haven.cli('say', '--json', n)),
  );
  assert.deepEqual(
    titles,
    cli.map((s) => s.title),
  );
  const phrases = await page.$$eval('#say-no .phrases li', (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(phrases, cli[1].phrases);
  assert.match(
    await page.textContent('#say-repair'),
    new RegExp(cli[2].when.slice(0, 20).replace(/[.?]/g, '\\$&')),
  );

  const mine = 'Can we stop for twenty minutes? I will come back to this at nine.';
  await page.fill('#say-break-text', mine);
  await page.click('#say-break button[type=submit]');
  await page.waitForFunction(
    (t) => document.querySelector('#say-break-yours')?.textContent.includes(t),
    mine,
  );
  const kept = JSON.parse(haven.cli('say', '--json', 'break'));
  assert.equal(kept.yours.length, 1);
  assert.equal(kept.yours[0].body.text, mine);
  assert.equal(kept.yours[0].kind, 'script');
  assert.equal(
    JSON.parse(haven.cli('say', '--json', 'no')).yours.length,
    0,
    'kept under its own script only',
  );
  // Opened again on one script, the kept version is still there.
  await page.goto(haven.origin + '/#/say/break');
  await page.waitForFunction(
    (t) => document.querySelector('#say-break-yours')?.textContent.includes(t),
    mine,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('the coach links to the script it names', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/coach');
  const draft = 'Do you still love me?';
  const cli = JSON.parse(haven.cli('coach', '--json', draft));
  const named = cli.findings.find((f) => f.script);
  assert.ok(named, 'the coach names a script for this draft');
  await page.fill('#draft', draft);
  await page.click('text=Read it with me');
  await page.waitForSelector('#coach-result');
  const links = await page.$$eval('#coach-result a.say-link', (as) =>
    as.map((a) => a.getAttribute('href')),
  );
  assert.ok(links.includes(`#/say/${named.script}`), `links: ${links}`);
  assert.ok(
    !(await page.textContent('#coach-result')).includes('haven say'),
    'no command-line text',
  );
  await page.locator('#coach-result a.say-link').first().click();
  await page.waitForSelector(`#say-${named.script}-title`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a pattern found in a thought is explained under it', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/thought');
  await page.waitForSelector('form[aria-label="Thought record"]');
  await page.click('text=Next');
  const thought = "I'm such an idiot, they always leave me";
  await page.fill('#t-thought', thought);
  await page.click('text=Next');
  await page.click('text=Next');
  await page.waitForSelector('#pattern-explained li');
  const found = JSON.parse(haven.cli('check', '--json', thought)).findings.map((f) => f.kind);
  const shown = await page.$$eval('#pattern-explained li', (ls) => ls.map((l) => l.dataset.kind));
  assert.deepEqual(shown.sort(), [...new Set(found)].sort());
  for (const kind of shown) {
    const ex = JSON.parse(haven.cli('check', '--json', '--explain', kind));
    const text = await page.textContent(`#pattern-explained li[data-kind="${kind}"]`);
    for (const part of [ex.label, ex.what, ex.example, ex.ask])
      assert.ok(text.includes(part), `${kind}: "${part}" in "${text}"`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Say page: accessible, and screenshots', async () => {
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    assert.deepEqual(
      await axeProblems(browser, haven, '#/say', viewport),
      [],
      `#/say at ${viewport.width}px`,
    );
  }
  await screenshots(browser, haven, 'say', '#/say');
});
