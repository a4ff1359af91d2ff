// crisis.test.mjs — help you can tap: after crisis words are saved the card
// is at the top, focused on the emergency number, its lines are tel:, sms:
// and https links, nothing floats over it; the region chosen in Settings
// changes its numbers (and the CLI sees the choice); the Help page lists
// the same links; and a way to help is in view on every page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, axeFindings, useHaven } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

// Save a journal entry in crisis words, as a person would; the card.
async function writeCrisis(page, words = 'I want to kill myself') {
  await page.goto(haven.origin + '/#/journal');
  await page.waitForSelector('form[aria-label="New entry"]');
  await page.check('input[name=intensity][value="9"]');
  await page.click('form[aria-label="New entry"] .step-next');
  await page.fill('#f-thoughts', words);
  await page.click('form[aria-label="New entry"] button[type=submit]');
  const card = page.locator('.crisis-notice');
  await card.waitFor();
  return card;
}

const hrefs = (card) =>
  card.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

// Everything that floats or pops up (the toast, dialogs, anything fixed or
// sticky) and every visible "Saved"-style status line: none may overlap the
// card's box or sit above it.
function intruders(page, selector = '.crisis-notice') {
  return page.evaluate((selector) => {
    const cardEl = document.querySelector(selector);
    const card = cardEl.getBoundingClientRect();
    const found = [];
    for (const el of document.querySelectorAll('body *')) {
      if (cardEl.contains(el) || el.contains(cardEl)) continue;
      const cs = getComputedStyle(el);
      const floating =
        cs.position === 'fixed' ||
        cs.position === 'sticky' ||
        el.matches(
          '#toast, dialog[open], [role=dialog], [role=alertdialog], [popover], [role=status]',
        );
      if (!floating || cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0')
        continue;
      if (!el.textContent.trim() && !el.matches('dialog[open], [role=dialog], [role=alertdialog]'))
        continue;
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) continue;
      const overlaps =
        b.left < card.right && b.right > card.left && b.top < card.bottom && b.bottom > card.top;
      const above = b.bottom <= card.top && el.closest('main');
      if (overlaps || above)
        found.push(
          `${el.tagName.toLowerCase()}#${el.id} "${el.textContent.trim().slice(0, 40)}" ${overlaps ? 'over' : 'above'} the card`,
        );
    }
    return found;
  }, selector);
}

// Look at every part of the card in turn, half a screen at a time.
async function intrudersAnywhere(page, selector = '.crisis-notice') {
  const found = [];
  const steps = await page.evaluate((selector) => {
    const b = document.querySelector(selector).getBoundingClientRect();
    return Math.ceil(b.height / (innerHeight / 2)) + 1;
  }, selector);
  for (let i = 0; i < steps; i++) {
    await page.evaluate(
      ([selector, i]) => {
        const top = document.querySelector(selector).getBoundingClientRect().top + scrollY;
        scrollTo(0, top + (i * innerHeight) / 2);
      },
      [selector, i],
    );
    found.push(...(await intruders(page, selector)));
  }
  return found;
}

async function expectCardFirst(page, card, firstTel) {
  assert.equal(await card.isVisible(), true, 'the card is shown');
  assert.equal(
    await page.evaluate(() =>
      document.querySelector('#main').firstElementChild.classList.contains('crisis-notice'),
    ),
    true,
    'the card is at the top of the page',
  );
  const focused = await page.evaluate(() => ({
    href: document.activeElement.getAttribute('href'),
    inCard: !!document.activeElement.closest('.crisis-notice'),
  }));
  assert.equal(focused.inCard, true, 'focus is in the card');
  assert.equal(focused.href, firstTel, 'the emergency number has the focus');
  const links = await hrefs(card);
  assert.equal(
    links.find((h) => h.startsWith('tel:')),
    firstTel,
    'the emergency number is the first link',
  );
}

test('the card is focused on the emergency number, with links to call, text and chat', async () => {
  haven.cli('config', 'set', 'region', 'US');
  const { context, page, errors } = await openApp(browser, haven);
  const card = await writeCrisis(page);
  await expectCardFirst(page, card, 'tel:911');
  const links = await hrefs(card);
  assert.ok(links.includes('tel:988'), `988 to call: ${links}`);
  assert.ok(links.includes('sms:988'), `988 to text: ${links}`);
  assert.ok(links.includes('sms:741741?body=HOME'), `Crisis Text Line with its word: ${links}`);
  assert.ok(links.includes('tel:18007997233'), `the domestic violence hotline: ${links}`);
  assert.ok(
    links.some((h) => h.startsWith('https://988lifeline.org')),
    `988's chat: ${links}`,
  );
  assert.ok(links.includes('https://findahelpline.com'), `the international directory: ${links}`);
  for (const h of links.filter((x) => /^(tel|sms):/.test(x)))
    assert.match(h, /^(tel|sms):\+?[0-9]+(\?body=[A-Z]+)?$/);
  assert.match(await card.textContent(), /You do not have to hold this alone/);
  const saved = JSON.parse(haven.cli('journal', '--json'));
  assert.ok(
    saved.some((r) => r.body.thoughts === 'I want to kill myself'),
    'the entry is still saved',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('an entry refused for its length still shows the card when its words are crisis words', async () => {
  haven.cli('config', 'set', 'region', 'US');
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/journal');
  await page.waitForSelector('form[aria-label="New entry"]');
  await page.check('input[name=intensity][value="9"]');
  await page.click('form[aria-label="New entry"] .step-next');
  // Over the 20,000 bytes a field may hold: haven refuses it, and says why.
  await page.fill('#f-thoughts', 'I want to kill myself. ' + 'I keep thinking. '.repeat(1300));
  await page.click('form[aria-label="New entry"] button[type=submit]');
  const card = page.locator('.crisis-notice');
  await card.waitFor();
  await expectCardFirst(page, card, 'tel:911');
  assert.deepEqual(await intruders(page), []);
  // The refusal itself is the one thing the console reports.
  assert.deepEqual(
    errors.filter((e) => !/status of 400/.test(e)),
    [],
  );
  await context.close();
});

test('an export brought in through Settings with crisis words shows the card, focused', async () => {
  haven.cli('config', 'set', 'region', 'US');
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/settings');
  await page.waitForSelector('#import-file');
  const line = JSON.stringify({
    id: '7c0c7c3e-5a0e-4b8e-9a55-1f6f6a1e2b3c',
    kind: 'trigger',
    created: '2026-01-01T10:00:00.000Z',
    updated: '2026-01-01T10:00:00.000Z',
    version: 1,
    deleted: false,
    body: { intensity: 8, what: 'I took all my pills tonight' },
  });
  await page.setInputFiles('#import-file', {
    name: 'export.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(line + '\n'),
  });
  await page.click('section:has(#import-file) .actions button');
  const card = page.locator('.crisis-notice');
  await card.waitFor();
  await expectCardFirst(page, card, 'tel:911');
  assert.deepEqual(await intruders(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('no toast, pop-up or "Saved" covers the card or sits above it, on phone and desktop', async () => {
  haven.cli('config', 'set', 'region', 'UK');
  for (const viewport of [PHONE, DESKTOP]) {
    const { context, page } = await openApp(browser, haven, viewport);
    await writeCrisis(page, "I don't want to be here anymore");
    // The toast is raised just before the card: look at once and a moment later.
    assert.deepEqual(await intruders(page), [], `at ${viewport.width}px, at once`);
    await page.waitForTimeout(600);
    assert.deepEqual(await intruders(page), [], `at ${viewport.width}px, a moment later`);
    assert.deepEqual(await intrudersAnywhere(page), [], `at ${viewport.width}px, scrolled through`);
    await context.close();
  }
});

test('an undo toast raised while the card is shown stays below it', async () => {
  haven.cli('log', '-i', '3', 'an ordinary moment');
  const { context, page } = await openApp(browser, haven, PHONE);
  await writeCrisis(page, 'I want to end my life');
  const item = page.locator('.entries li', { hasText: 'an ordinary moment' });
  await item.getByRole('button', { name: 'Delete this entry' }).click();
  await page.waitForSelector('#toast button');
  assert.deepEqual(await intrudersAnywhere(page), []);
  // It still works: the entry comes back.
  await page.click('#toast button');
  await page.waitForFunction(() =>
    document.querySelector('.entries')?.textContent.includes('an ordinary moment'),
  );
  await context.close();
});

test('going to the Help page from the card, the "Saved" toast ends and nothing covers its lines', async () => {
  haven.cli('config', 'set', 'region', 'UK');
  const { context, page } = await openApp(browser, haven, PHONE);
  await writeCrisis(page);
  await page.click('a.help-now');
  await page.waitForSelector('#help-directory a');
  assert.equal(
    await page.locator('#toast').textContent(),
    '',
    'a pop-up ends with the page it was said on',
  );
  assert.deepEqual(await intrudersAnywhere(page, 'section.crisis'), []);
  await context.close();
});

test('the region chosen in Settings changes the numbers on the card, and the CLI sees it', async () => {
  haven.cli('config', 'unset', 'region');
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  await page.goto(haven.origin + '/#/settings');
  await page.waitForSelector('#region');
  await page.selectOption('#region', 'UK');
  await page.click('#region-save');
  await page.waitForFunction(() =>
    document.querySelector('#region-status').textContent.includes('Saved'),
  );
  assert.match(await page.textContent('#region-status'), /United Kingdom/);
  assert.equal(haven.cli('config', 'get', 'region').trim(), 'UK');
  let card = await writeCrisis(page);
  await expectCardFirst(page, card, 'tel:999');
  let links = await hrefs(card);
  assert.ok(links.includes('tel:116123'), `Samaritans: ${links}`);
  assert.ok(links.includes('sms:85258?body=SHOUT'), `Shout: ${links}`);
  assert.ok(links.includes('tel:08082000247'), `the domestic abuse helpline: ${links}`);

  await page.goto(haven.origin + '/#/settings');
  await page.waitForSelector('#region');
  assert.equal(await page.inputValue('#region'), 'UK', 'the chooser shows the saved region');
  await page.selectOption('#region', 'DE');
  await page.click('#region-save');
  await page.waitForFunction(() =>
    document.querySelector('#region-status').textContent.includes('Germany'),
  );
  card = await writeCrisis(page);
  await expectCardFirst(page, card, 'tel:112');
  links = await hrefs(card);
  assert.ok(links.includes('tel:08001110111'), `TelefonSeelsorge: ${links}`);
  assert.ok(!links.includes('tel:116123'), 'the UK lines are gone');

  await page.goto(haven.origin + '/#/settings');
  await page.waitForSelector('#region');
  await page.selectOption('#region', { label: 'Somewhere else: show the international directory' });
  await page.click('#region-save');
  await page.waitForFunction(() =>
    document.querySelector('#region-status').textContent.includes('international'),
  );
  card = await writeCrisis(page);
  links = await hrefs(card);
  assert.ok(links.includes('https://findahelpline.com'), `the directory: ${links}`);
  assert.ok(!links.includes('tel:08001110111'), 'the German lines are gone');
  assert.match(await card.textContent(), /choose it in Settings/);

  haven.cli('config', 'set', 'region', 'AU');
  await page.goto(haven.origin + '/#/settings');
  await page.waitForSelector('#region');
  assert.equal(await page.inputValue('#region'), 'AU', 'the chooser shows what the CLI set');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the Help page lists the same links, for the person's region and any other", async () => {
  haven.cli('config', 'set', 'region', 'UK');
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  await page.goto(haven.origin + '/#/help');
  await page.waitForSelector('#help-directory a');
  let links = await page
    .locator('#help-directory a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(links[0], 'tel:999', 'the emergency number first');
  assert.ok(links.includes('tel:116123'), `Samaritans: ${links}`);
  assert.ok(links.includes('sms:85258?body=SHOUT'), `Shout: ${links}`);
  await page.selectOption('#help-region', 'IE');
  await page.waitForFunction(() =>
    document.querySelector('#help-directory').textContent.includes('Ireland'),
  );
  links = await page
    .locator('#help-directory a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(links[0], 'tel:112');
  assert.ok(links.includes('sms:50808?body=HELLO'), `Text 50808: ${links}`);
  assert.equal(haven.cli('config', 'get', 'region').trim(), 'UK', 'looking changes nothing');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the way to help is in view at the top of every page, on phone and desktop', async () => {
  const pages = [
    '#/today',
    '#/journal',
    '#/practices',
    '#/waiting',
    '#/thought',
    '#/coach',
    '#/assess',
    '#/insights',
    '#/settings',
    '#/help',
  ];
  for (const viewport of [PHONE, DESKTOP]) {
    const { context, page } = await openApp(browser, haven, viewport);
    for (const hash of pages) {
      await page.goto(haven.origin + '/' + hash);
      await page.waitForSelector('main h1');
      const link = page.locator('a.help-now');
      assert.equal(await link.isVisible(), true, `${hash} at ${viewport.width}px`);
      const box = await link.boundingBox();
      assert.ok(
        box.y >= 0 && box.y + box.height <= viewport.height,
        `${hash} at ${viewport.width}px: in view without scrolling`,
      );
      assert.ok(box.height >= 24 && box.width >= 24, `${hash}: big enough to tap`);
    }
    await page.locator('a.help-now').click();
    await page.waitForFunction(
      () => document.querySelector('main h1')?.textContent === 'Where to find help',
    );
    await context.close();
  }
});

test('the card has no serious accessibility problems', async () => {
  haven.cli('config', 'set', 'region', 'US');
  for (const viewport of [PHONE, DESKTOP]) {
    const { context, page } = await openApp(browser, haven, viewport, { bypassCSP: true });
    await writeCrisis(page);
    const problems = await axeFindings(page);
    assert.deepEqual(problems, [], `at ${viewport.width}px`);
    await context.close();
  }
});
