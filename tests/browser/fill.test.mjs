// fill.test.mjs — the web app's one "{slot}" filler (fillIn in web/dom.js)
// fills as the C one does (src/core/template.h): every use of a slot, null
// as nothing, and a slot not given left as written so a wording mistake
// in data/ shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, useHaven } from './harness.mjs';

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

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
