// plane.test.mjs — both dimensions of an ECR-style instrument on the
// assessment page (issue 18, item 8), at phone width: a result's page
// draws where anxiety and avoidance sat at each take as a chart, with the
// axes in plain words, the move since the take before said in words, and
// the same numbers in a table that match `haven assess history --json`;
// no type is named; axe finds nothing serious, light and dark, and nothing
// scrolls sideways.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHaven, launch, openApp, phoneCheck } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const WORDS = JSON.parse(readFileSync(join(here, '../../data/assess.json'), 'utf8')).plane;
const ECR = join(here, '../fixtures/instruments/ecr-r.json');
const phone = { width: 390, height: 844 };
const answers = (f) => Array.from({ length: 36 }, (_, i) => `${i + 1}=${f(i + 1)}`).join(',');

let haven, browser, latest;

before(async () => {
  haven = await startHaven();
  browser = await launch();
  haven.cli('assess', 'add', ECR);
  haven.cli(
    'assess',
    'take',
    'test-ecr-r',
    '--answers',
    answers((i) => (i % 7) + 1),
    '--at',
    '2025-11-02',
  );
  latest = JSON.parse(
    haven.cli(
      '--json',
      'assess',
      'take',
      'test-ecr-r',
      '--answers',
      answers((i) => ((i * 3) % 7) + 1),
      '--at',
      '2025-12-02',
    ),
  ).id;
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

test('a result of an ECR-style instrument shows both dimensions together', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/assess/result/${latest}`);
  await page.waitForSelector('figure.plane svg');
  const fig = await page.textContent('figure.plane');
  assert.match(fig, new RegExp(WORDS.title));
  assert.ok(fig.includes(WORDS.axes), 'the axes explained in plain words');
  assert.ok(fig.includes('Worry about closeness down by 0.22; keeping your distance up by 0.33.'));
  const svg = await page.textContent('figure.plane svg');
  assert.ok(
    svg.includes(WORDS.anxiety) && svg.includes(WORDS.avoidance),
    'plain words on the axes',
  );
  assert.equal(await page.locator('figure.plane svg .dot').count(), 2);
  const plane = JSON.parse(haven.cli('--json', 'assess', 'history', 'test-ecr-r')).plane[0];
  const rows = await page.$$eval('figure.plane tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].slice(1).map((td) => td.textContent)),
  );
  assert.deepEqual(
    rows,
    plane.points.map((p) => [p.anxiety.toFixed(2), p.avoidance.toFixed(2)]),
  );
  const text = (await page.textContent('main')).toLowerCase();
  for (const type of ['preoccupied', 'dismissive', 'fearful'])
    assert.ok(!text.includes(type), type);
  assert.deepEqual(errors, []);
  await context.close();
});

test('axe finds nothing serious on the plane at 390x844, light and dark', async () => {
  await phoneCheck(browser, haven, {
    hash: `#/assess/result/${latest}`,
    ready: 'figure.plane svg',
    name: 'plane',
    shot: 'figure.plane',
  });
});
