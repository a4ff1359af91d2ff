// fill.test.mjs — the web app's one "{slot}" filler (fillIn in web/dom.js)
// fills as the C one does (src/core/template.h): every use of a slot, null
// as nothing, and a slot not given left as written so a wording mistake
// in data/ shows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHaven, launch, openApp } from './harness.mjs';

let haven, browser;

before(async () => {
  haven = await startHaven();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await haven?.stop();
});

test('fillIn fills every slot given and leaves the rest as written', async () => {
  const { context, page } = await openApp(browser, haven);
  const got = await page.evaluate(async () => {
    const { fillIn } = await import('/dom.js');
    return [
      fillIn('{n} of {n} {unit}', { n: 3, unit: 'days' }),
      fillIn('Hello {name}', { name: null }),
      fillIn('{missing} and {n}', { n: 0 }),
      fillIn('a { b } {', { b: 'x' }),
      fillIn('{toString}', {}),
      fillIn(undefined, { n: 1 }),
    ];
  });
  assert.deepEqual(got, [
    '3 of 3 days',
    'Hello ',
    '{missing} and 0',
    'a { b } {',
    '{toString}',
    '',
  ]);
  await context.close();
});
