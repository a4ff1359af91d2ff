// screenshots.test.mjs — the Insights page's charts as a person sees them,
// compared pixel by pixel with stored references (tests/browser/reference/),
// on a phone and a desktop, light and dark, so a regression such as labels
// drawn in a colour that vanishes on the dark card fails here even when
// every element is still in the page.  The journal behind them is ten
// seeded weeks ending at a fixed moment, in UTC, so every run draws the
// same charts.
//
// After a change that alters a chart on purpose, look at the new pictures
// and keep them as the references:
//   UPDATE_REFERENCES=1 node --test screenshots.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { startHaven, launch, ARTIFACTS } from './harness.mjs';
import { seed } from './seed.mjs';

const NOW = '2026-10-01T12:00:00Z';
process.env.HAVEN_NOW = NOW;
process.env.TZ = 'UTC';

const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), 'reference');
const UPDATE = process.env.UPDATE_REFERENCES === '1';
// A pixel differs when pixelmatch's colour distance passes THRESHOLD; a
// picture fails when more than TOLERANCE of its pixels differ (anti-aliasing
// and sub-pixel text placement move a few).
const THRESHOLD = 0.1;
const TOLERANCE = 0.005;

let haven, browser;

before(async () => {
  haven = await startHaven();
  browser = await launch();
  seed(haven, Date.parse(NOW));
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

async function insights(viewport, scheme) {
  const context = await browser.newContext({
    viewport,
    colorScheme: scheme,
    timezoneId: 'UTC',
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await page.goto(haven.url);
  await page.waitForSelector('main h1');
  await page.goto(haven.origin + '/#/insights');
  await page.waitForSelector('svg.chart');
  await page.waitForLoadState('networkidle');
  return { context, page };
}

// The pictures of every chart haven draws on the page, in order.
async function charts(page) {
  // The phone's navigation bar is fixed to the bottom of the screen and
  // would sit over whichever chart is scrolled under it.
  await page.evaluate(() =>
    document.querySelectorAll('nav').forEach((n) => n.style.setProperty('display', 'none')),
  );
  const figures = page.locator('figure.chart-figure:has(svg.chart)');
  const n = await figures.count();
  const shots = [];
  for (let i = 0; i < n; i++) shots.push(PNG.sync.read(await figures.nth(i).screenshot()));
  return shots;
}

// The share of pixels that differ; a different size differs whole.
function difference(a, b, diffOut) {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const diff = new PNG({ width: a.width, height: a.height });
  const n = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: THRESHOLD });
  if (n && diffOut) writeFileSync(diffOut, PNG.sync.write(diff));
  return n / (a.width * a.height);
}

const looks = [
  ['phone-light', { width: 390, height: 844 }, 'light'],
  ['phone-dark', { width: 390, height: 844 }, 'dark'],
  ['desktop-light', { width: 1280, height: 800 }, 'light'],
  ['desktop-dark', { width: 1280, height: 800 }, 'dark'],
];

for (const [name, viewport, scheme] of looks) {
  test(`insights charts, ${name}, match their references`, async () => {
    const { context, page } = await insights(viewport, scheme);
    const shots = await charts(page);
    await context.close();
    assert.ok(shots.length >= 3, `the page draws its charts (found ${shots.length})`);
    mkdirSync(REFERENCE, { recursive: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [i, shot] of shots.entries()) {
      const file = join(REFERENCE, `insights-${name}-${i + 1}.png`);
      if (UPDATE) {
        writeFileSync(file, PNG.sync.write(shot));
        continue;
      }
      assert.ok(
        existsSync(file),
        `${file} is missing: look at the page, then UPDATE_REFERENCES=1 keeps the pictures`,
      );
      const got = join(ARTIFACTS, `insights-${name}-${i + 1}.png`);
      writeFileSync(got, PNG.sync.write(shot));
      const share = difference(shot, PNG.sync.read(readFileSync(file)), got + '.diff.png');
      assert.ok(
        share <= TOLERANCE,
        `chart ${i + 1} (${name}) differs from its reference in ${(share * 100).toFixed(2)} % ` +
          `of its pixels (at most ${TOLERANCE * 100} %); see ${got} and its .diff.png`,
      );
    }
  });
}

// The comparison can fail: the dark page with its chart labels drawn in the
// card's own colour (the regression this file exists for) does not match.
test('labels that vanish into the dark card fail the comparison', async (t) => {
  if (UPDATE) return t.skip('references are being written');
  const { context, page } = await insights({ width: 390, height: 844 }, 'dark');
  await page.evaluate(() =>
    document.querySelectorAll('svg.chart text').forEach((t) => {
      t.style.setProperty(
        'fill',
        getComputedStyle(t.closest('.card')).backgroundColor,
        'important',
      );
    }),
  );
  const shots = await charts(page);
  await context.close();
  const worst = Math.max(
    ...shots.map((shot, i) =>
      difference(
        shot,
        PNG.sync.read(readFileSync(join(REFERENCE, `insights-phone-dark-${i + 1}.png`))),
      ),
    ),
  );
  assert.ok(worst > TOLERANCE, `vanished labels must differ (differed ${worst})`);
});
