// insights-checkins.test.mjs — Insights shows the check-ins and what went
// with what: the check-ins by week as lines (one per scale the person
// used, each with its numbers in a table), and for each outcome a chart of
// the factors' differences and likely ranges, the clear ones said in
// words, all matching `haven insights --json` and drawn by haven's chart
// module like every other chart; text in the theme's colour;
// with no check-ins, a sentence instead; axe-clean on a phone, light and
// dark.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHaven, launch, openApp, axeFindings } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
let haven, empty, browser;

before(async () => {
  [haven, empty] = await Promise.all([startHaven(), startHaven()]);
  browser = await launch();
  // Five weeks of daily check-ins and moments: on short nights, more distress.
  for (let d = 1; d <= 35; d++) {
    const short = d % 2 === 0;
    haven.cli(
      'checkin',
      String(short ? 7 : 2),
      '--mood',
      String(short ? 3 : 7),
      '--anxiety',
      String(short ? 8 : 3),
      '--sleep',
      short ? String(5 + (d % 4) * 0.5) : String(8 + (d % 3) * 0.5),
      '--at',
      `${d} days ago`,
    );
    haven.cli('log', '-i', String(short ? 8 : 3), '--at', `${d} days ago`, `moment ${d}`);
  }
});

after(async () => {
  await browser?.close();
  await haven?.stop();
  await empty?.stop();
});

async function insights(page, h) {
  await page.goto(h.origin + '/#/insights');
  await page.waitForSelector('#checkins');
}

test('check-ins by week: a line for each scale used, and the numbers behind them', async () => {
  const { context, page, errors } = await openApp(browser, haven, PHONE, { colorScheme: 'dark' });
  await insights(page, haven);
  await page.waitForSelector('#checkins svg');
  // A line for each scale used, each in its own class (colour and dash),
  // and the legend naming them, in the chart haven drew.
  const used = await page.$$eval('#checkins svg circle', (cs) => [
    ...new Set(cs.map((c) => c.getAttribute('class'))),
  ]);
  assert.deepEqual(used, ['series-dot s0', 'series-dot s1', 'series-dot s2']);
  const text = await page.$$eval('#checkins svg text', (ts) => ts.map((t) => t.textContent));
  for (const name of ['distress', 'mood', 'anxiety']) assert.ok(text.includes(name), name);
  assert.ok(!text.includes('sleep quality'), 'no line for a scale never used');
  assert.ok(
    text.some((t) => /^\d{1,2} [A-Z][a-z]{2}$/.test(t)),
    `real dates on the time axis: ${text}`,
  );
  const rows = await page.$$eval('#checkins tbody tr', (rs) =>
    rs.map((r) => [...r.cells].map((c) => c.textContent)),
  );
  assert.ok(rows.length >= 5 && rows.length <= 7, `${rows.length} weeks`);
  const total = rows.reduce((n, r) => n + Number(r[1]), 0);
  assert.equal(total, 35, 'every check-in counted once');
  for (const r of rows) for (const v of r.slice(2, 5)) assert.match(v, /^\d+\.\d$/);
  // Text in the theme's own colour: light on the dark background.
  const fill = await page.$eval('#checkins svg text', (t) => getComputedStyle(t).fill);
  const ink = await page.evaluate(() => getComputedStyle(document.body).color);
  assert.notEqual(fill, 'rgb(0, 0, 0)');
  assert.ok(fill === ink || /^rgb\((1[5-9]\d|2\d\d)/.test(fill), `${fill} on dark`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('what went with what: a chart for each outcome, matching haven insights', async () => {
  const rel = JSON.parse(haven.cli('insights', '--json')).relations;
  const enough = rel.items.filter((i) => i.enough);
  assert.ok(enough.length > 0, 'the seed gives relations');
  const outcomes = [...new Set(enough.map((i) => i.outcome))];
  const { context, page, errors } = await openApp(browser, haven, PHONE);
  await insights(page, haven);
  await page.waitForSelector('#relations svg');
  assert.equal(await page.textContent('#relations h2'), rel.title);
  assert.equal(await page.locator('#relations figure').count(), outcomes.length);
  const first = enough.filter((i) => i.outcome === outcomes[0]).slice(0, 6);
  const dots = await page.locator('#relations figure').first().locator('svg circle').count();
  assert.equal(dots, first.length);
  // Each factor's difference and range from haven insights, as the tooltip
  // of its dot, with one decimal and its sign.
  const tips = await page
    .locator('#relations figure')
    .first()
    .locator('svg circle title')
    .allTextContents();
  const sign = (v) => (Math.abs(v) < 0.05 ? '0' : (v > 0 ? '+' : '−') + Math.abs(v).toFixed(1));
  assert.deepEqual(
    tips.map((t) => t.slice(t.lastIndexOf(': ') + 2)),
    first.map((i) => `${sign(i.difference)} (${sign(i.low)} … ${sign(i.high)})`),
  );
  const sentences = await page.$$eval('#relations .relation-sentences li', (ls) =>
    ls.map((l) => l.textContent),
  );
  assert.deepEqual(
    sentences,
    enough.filter((i) => i.clear).map((i) => i.sentence),
  );
  assert.ok(sentences.length > 0, 'short nights went clearly with more distress');
  assert.deepEqual(errors, []);
  await context.close();
});

test('with no check-ins, a sentence instead of an empty chart', async () => {
  const { context, page, errors } = await openApp(browser, empty, PHONE);
  await insights(page, empty);
  assert.equal(await page.locator('#checkins svg').count(), 0);
  assert.match(await page.textContent('#checkins'), /No check-ins yet/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Insights with check-ins and relations: axe-clean on a phone, light and dark; screenshots', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await openApp(browser, haven, PHONE, {
      bypassCSP: true,
      colorScheme: scheme,
    });
    await insights(page, haven);
    await page.waitForSelector('#relations svg');
    const bad = await axeFindings(page);
    assert.deepEqual(bad, [], scheme);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
    await page.locator('#checkins').screenshot({ path: `/tmp/ins-checkins-${scheme}.png` });
    await page.locator('#relations').screenshot({ path: `/tmp/ins-relations-${scheme}.png` });
    await context.close();
  }
});
