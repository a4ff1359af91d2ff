// charts.test.mjs — the charts haven draws, as a person sees them on the
// Insights page: legible in the dark (every label's colour measured against
// the card behind it, and axe's own check), drawn for a phone rather than
// shrunk, dated by real days, decimals where the numbers have them, and
// each with its numbers in a table behind a disclosure.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHaven, launch } from './harness.mjs';
import { seed } from './seed.mjs';

const AXE = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'),
  'utf8',
);
let haven, browser;

before(async () => {
  haven = await startHaven();
  browser = await launch();
  seed(haven);
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

const looks = [
  ['phone, dark', { width: 390, height: 844 }, 'dark'],
  ['phone, light', { width: 390, height: 844 }, 'light'],
  ['desktop, dark', { width: 1280, height: 800 }, 'dark'],
  ['desktop, light', { width: 1280, height: 800 }, 'light'],
];

async function insights(viewport, scheme, extra = {}) {
  const context = await browser.newContext({ viewport, colorScheme: scheme, ...extra });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(haven.url);
  await page.waitForSelector('main h1');
  await page.goto(haven.origin + '/#/insights');
  await page.waitForSelector('svg.chart');
  await page.waitForLoadState('networkidle');
  return { context, page, errors };
}

// Each chart label: its drawn size in CSS pixels and its contrast against
// the card it sits on (WCAG's formula, on the computed fill colour).
async function labels(page) {
  return page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    return [...document.querySelectorAll('svg.chart text')].map((t) => {
      const svg = t.ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      const bg = rgb(getComputedStyle(svg.closest('.card')).backgroundColor);
      const fg = rgb(getComputedStyle(t).fill);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return { text: t.textContent, size, contrast: (a + 0.05) / (b + 0.05) };
    });
  });
}

for (const [look, viewport, scheme] of looks) {
  test(`insights charts, ${look}: labels readable and large enough`, async () => {
    const { context, page, errors } = await insights(viewport, scheme);
    // Every chart of the page drawn (each comes by its own request): on a
    // busy machine the first may be in place well before the last.
    await page
      .waitForFunction(() => document.querySelectorAll('svg.chart text').length > 30, null, {
        timeout: 20000,
      })
      .catch(() => {});
    const all = await labels(page);
    assert.ok(all.length > 30, `labels found: ${all.length}`);
    const faint = all
      .filter((l) => l.contrast < 4.5)
      .map((l) => `${l.text} ${l.contrast.toFixed(2)}`);
    assert.deepEqual(faint, [], 'every chart label has 4.5:1 contrast with its card');
    const small = all.filter((l) => l.size < 12).map((l) => `${l.text} ${l.size.toFixed(1)} px`);
    assert.deepEqual(small, [], 'no chart label under 12 px');
    // Drawn for the width it is shown at: no chart is scaled down.
    const scales = await page.$$eval('svg.chart', (s) =>
      s.map((x) => x.getBoundingClientRect().width / x.viewBox.baseVal.width),
    );
    assert.ok(
      scales.every((k) => k > 0.97),
      `scales: ${scales}`,
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('axe finds nothing serious on the insights page in dark mode, phone and desktop', async () => {
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    const { context, page } = await insights(viewport, 'dark', { bypassCSP: true });
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(
      async () => await window.axe.run(document, { resultTypes: ['violations'] }),
    );
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
    assert.deepEqual(bad, [], `at ${viewport.width}px`);
    // axe reads a role="img" chart as one picture and leaves its text out
    // of its own contrast rule: the tests above measure that text instead.
    await context.close();
  }
});

test('the weekly chart shows real dates, a scale clear of the data, and decimals where values have them', async () => {
  const { context, page } = await insights({ width: 390, height: 844 }, 'light');
  const weekly = page.locator('section[aria-labelledby=by-week] svg.chart');
  const text = await weekly.evaluate((s) =>
    [...s.querySelectorAll('text')].map((t) => t.textContent),
  );
  assert.ok(!text.some((t) => /\d{4}-W\d{2}/.test(t)), 'no ISO week labels');
  assert.ok(
    text.some((t) => /^\d{1,2} [A-Z][a-z]{2}$/.test(t)),
    `dates such as "28 Sep": ${text}`,
  );
  // No scale label sits on a data point.
  const overlaps = await page.$$eval('svg.chart', (svgs) =>
    svgs.flatMap((s) => {
      const dots = [...s.querySelectorAll('circle')].map((c) => c.getBoundingClientRect());
      return [...s.querySelectorAll('text.soft')].flatMap((t) => {
        const r = t.getBoundingClientRect();
        return dots
          .filter(
            (d) => d.left < r.right && r.left < d.right && d.top < r.bottom && r.top < d.bottom,
          )
          .map(() => t.textContent);
      });
    }),
  );
  assert.deepEqual(overlaps, [], 'scale labels clear of the points');
  // The practice bars keep their tenths: "3.0", not "3".
  const bars = await page.$$eval(
    'section[aria-labelledby=practice-effects] svg.chart text.soft',
    (ts) => ts.map((t) => t.textContent),
  );
  assert.ok(bars.length && bars.every((b) => /^\d+\.\d$/.test(b)), `practice values: ${bars}`);
  const intensity = await weekly.evaluate((s) =>
    [...s.querySelectorAll('circle title')]
      .map((t) => t.textContent)
      .filter((t) => /of 10/.test(t)),
  );
  assert.ok(
    intensity.some((t) => /\d\.\d of 10/.test(t)),
    `mean intensity keeps its decimal: ${intensity.slice(0, 3)}`,
  );
  // Recovery time has its trend drawn under the weekly dots.
  assert.equal(
    await weekly.evaluate((s) => s.querySelectorAll('polyline.smooth').length),
    1,
    'a smoothed recovery line',
  );
  await context.close();
});

test('every chart has its numbers in a table behind a disclosure', async () => {
  const { context, page } = await insights({ width: 390, height: 844 }, 'light');
  const figures = await page.$$eval('figure.chart-figure', (fs) =>
    fs.map((f) => ({
      chart: !!f.querySelector('svg.chart'),
      rows: f.querySelectorAll('details table tbody tr').length,
    })),
  );
  assert.ok(figures.length >= 5, `charts: ${figures.length}`);
  assert.ok(
    figures.every((f) => f.chart && f.rows > 0),
    JSON.stringify(figures),
  );
  await page.click('section[aria-labelledby=by-week] summary');
  const cli = JSON.parse(haven.cli('insights', '--json'));
  const last = cli.weeks.at(-2);
  const row = await page.locator('section[aria-labelledby=by-week] tbody tr').nth(-2).innerText();
  assert.match(row, new RegExp(`\\b${last.entries}\\b`));
  // The trend that shows change: protest against soothing, week by week.
  assert.match(
    await page.textContent('section[aria-labelledby=what-you-did]'),
    /In your first weeks, \d+ %/,
  );
  await context.close();
});

// A chart the server could not draw says so in the shell's own words
// (index.html), and the disclosure of its numbers is named in them too:
// dom.js holds no sentence of its own.
test('a chart that cannot be drawn says so in the words of index.html', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(haven.url);
  await page.waitForSelector('main h1');
  await page.route('**/api/charts/**', (r) => r.fulfill({ status: 500, body: 'no' }));
  await page.goto(haven.origin + '/#/insights');
  await page.waitForSelector('figure.chart-figure .error');
  const words = await page.evaluate(() =>
    ['chart-failed-words', 'chart-numbers-words'].map((id) =>
      document.getElementById(id).content.textContent.trim(),
    ),
  );
  assert.ok(
    words.every((w) => w.length > 5),
    JSON.stringify(words),
  );
  const failed = await page.$$eval('figure.chart-figure .error', (es) =>
    es.map((e) => e.textContent),
  );
  assert.ok(failed.length >= 5, `charts: ${failed.length}`);
  assert.deepEqual(new Set(failed), new Set([words[0]]));
  const summaries = await page.$$eval('figure.chart-figure summary', (es) =>
    es.map((e) => e.textContent),
  );
  assert.deepEqual(new Set(summaries), new Set([words[1]]));
  await context.close();
});
