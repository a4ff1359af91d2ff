// card-report.test.mjs — the Card and Report pages (the web side of `haven
// card` and `haven report`) on a phone: the card empty until the person
// adds to it, an idea from the journal reaching the card only when taken,
// an item taken off again, what the page saved being what the CLI reads;
// the card printed with the navigation, controls and help line hidden and
// the card itself shown; the Report page's download links following the
// dates and parts chosen, hidden with none chosen, and giving a real PDF
// and HTML file; the report shown in the page and printed alone; and axe
// at 390x844 in light and dark on both pages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHaven, launch, openApp, ARTIFACTS } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const AXE = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const CARD = JSON.parse(readFileSync(join(here, '../../data/card.json'), 'utf8'));
const REPORT = JSON.parse(readFileSync(join(here, '../../data/report.json'), 'utf8'));
const phone = { width: 390, height: 844 };

let haven, browser;

before(async () => {
  haven = await startHaven();
  browser = await launch();
  haven.cli(
    'log',
    '-i',
    '7',
    '-k',
    'partner-distance',
    '--did',
    'extra-texts',
    'no reply all evening',
  );
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

const cliCard = () => JSON.parse(haven.cli('--json', 'card'));

test('the card holds only what the person adds or takes', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  assert.equal(await page.locator('nav a[href="#/card"]').count(), 1, 'in the navigation');
  await page.goto(`${haven.origin}/#/card`);
  await page.waitForSelector('#card-alarm');
  assert.equal(await page.textContent('main h1'), CARD.web.heading);
  assert.deepEqual(cliCard().alarm, [], 'nothing on the card before the person acts');
  assert.equal(await page.locator('#card-preview .card-part').count(), 0);
  // An idea from the journal, taken.
  const idea = page.locator('#card-ideas li', { hasText: 'no reply all evening' });
  await idea.locator('button').click();
  await page.waitForSelector('#card-alarm .card-items li');
  assert.deepEqual(cliCard().alarm, ['no reply all evening']);
  // Own words.
  await page.fill('#card-new-ask', 'A short text if you will be late');
  await page.click('#card-ask button[type=submit]');
  await page.waitForSelector('#card-ask .card-items li');
  assert.deepEqual(cliCard().ask, ['A short text if you will be late']);
  // The partner's view: both voices, only the parts that hold something.
  const preview = await page.textContent('#card-preview');
  assert.ok(preview.includes(CARD.sections[0].mine));
  assert.ok(preview.includes(CARD.sections[0].yours));
  assert.ok(!preview.includes(CARD.sections[1].mine), 'an empty part is left off');
  // Taken off again.
  await page.click('#card-ask .card-items button');
  await page.waitForSelector('#card-ask p.note');
  assert.deepEqual(cliCard().ask, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('printed, the card is all there is: no navigation, controls or help line', async () => {
  const { context, page } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/card`);
  await page.waitForSelector('#card-preview');
  await page.emulateMedia({ media: 'print' });
  for (const sel of [
    'nav',
    'header.top',
    'footer.help-line',
    '.card-edit',
    '#card-ideas',
    '#card-print',
  ]) {
    assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} hidden in print`);
  }
  assert.equal(await page.isVisible('#card-preview'), true, 'the card is printed');
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.isVisible('nav'), true, 'the navigation is back on screen');
  const pdf = await page.evaluate(async () => {
    const r = await fetch('/api/card/file?format=pdf');
    return { type: r.headers.get('Content-Type'), head: (await r.text()).slice(0, 5) };
  });
  assert.deepEqual(pdf, { type: 'application/pdf', head: '%PDF-' });
  await context.close();
});

test('the report page offers the chosen parts and dates as PDF and HTML', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  assert.equal(await page.locator('nav a[href="#/report"]').count(), 1, 'in the navigation');
  await page.goto(`${haven.origin}/#/report`);
  await page.waitForSelector('#report-sections input');
  assert.equal(await page.textContent('main h1'), REPORT.web.heading);
  const ids = await page.$$eval('#report-sections input', (l) => l.map((i) => i.value));
  assert.deepEqual(
    ids,
    REPORT.sections.map((s) => s.id),
  );
  for (const id of ids.slice(1)) await page.uncheck(`#report-${id}`);
  const href = await page.getAttribute('#report-pdf', 'href');
  assert.match(href, /sections=triggers&format=pdf$/);
  const got = await page.evaluate(async (h) => {
    const pdf = await fetch(h);
    const html = await fetch(h.replace('format=pdf', 'format=html'));
    return {
      pdf: (await pdf.text()).slice(0, 5),
      disposition: pdf.headers.get('Content-Disposition'),
      html: await html.text(),
    };
  }, href);
  assert.equal(got.pdf, '%PDF-');
  assert.match(got.disposition, /attachment/);
  assert.ok(got.html.includes(REPORT.sections[0].title));
  assert.ok(!got.html.includes(REPORT.sections[1].title), 'a part not chosen is left out');
  // Shown in the page, the same report; printed, only the report is left.
  await page.click('#report-show');
  await page.waitForSelector('#report-view figure svg');
  const viewText = await page.textContent('#report-view');
  assert.ok(viewText.includes(REPORT.sections[0].title));
  assert.ok(!viewText.includes(REPORT.sections[1].title));
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['nav', '#report-form', '#report-print', 'footer.help-line']) {
    assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} hidden in print`);
  }
  assert.equal(await page.isVisible('#report-view'), true, 'the report is printed');
  await page.emulateMedia({ media: 'screen' });
  await page.uncheck('#report-triggers');
  assert.equal(await page.isVisible('#report-view'), false, 'a changed choice hides the old view');
  assert.equal(await page.isVisible('#report-pdf'), false, 'no part: no download');
  assert.equal(await page.textContent('#report-problem'), REPORT.web.none_chosen);
  assert.deepEqual(errors, []);
  // A period that ends before it starts is refused by the server, not drawn.
  const bad = await page.evaluate(async () => {
    const r = await fetch('/api/report/file?from=2026-02-01&to=2026-01-01');
    return r.status;
  });
  assert.equal(bad, 400);
  await context.close();
});

test('axe finds nothing serious on Card and Report at 390x844, light and dark', async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    for (const [hash, ready] of [
      ['#/card', '#card-preview'],
      ['#/report', '#report-sections input'],
    ]) {
      const { context, page } = await openApp(browser, haven, phone, {
        colorScheme,
        bypassCSP: true,
      });
      await page.goto(haven.origin + '/' + hash);
      await page.waitForSelector(ready);
      if (hash === '#/report') {
        await page.click('#report-show');
        await page.waitForSelector('#report-view h2');
      }
      await page.addScriptTag({ content: AXE });
      const found = await page.evaluate(async () =>
        (await window.axe.run(document, { resultTypes: ['violations'] })).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`),
      );
      assert.deepEqual(found, [], `axe ${hash} (${colorScheme})`);
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      );
      assert.equal(wide, false, `${hash} (${colorScheme}): no sideways scroll`);
      await page.screenshot({
        path: join(ARTIFACTS, `${hash.slice(2)}-phone-${colorScheme}.png`),
        fullPage: true,
      });
      await context.close();
    }
  }
});
