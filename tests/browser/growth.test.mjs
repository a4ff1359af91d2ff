// growth.test.mjs — the Plan page and the Good moments page (issue 18,
// items 4 to 6) on a phone: the plan written through the form is what
// `haven plan --json` then holds, the practices the person's own ratings
// favour are marked, a refused plan shows the library's message and keeps
// nothing, the crisis lines are always at the end; the Today page offers
// the plan after hard days; a good moment kept on the page is in `haven
// evidence`; a milestone is celebrated once; axe at 390x844, light and dark.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openApp, useHaven, dataJson, phoneCheck } from './harness.mjs';

const GROWTH = dataJson('growth.json');
const EVIDENCE = dataJson('evidence.json');
const phone = { width: 390, height: 844 };

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

test('the plan is written on its page and is what the CLI then shows', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/plan`);
  await page.waitForSelector('#plan-view');
  assert.equal(await page.textContent('main h1'), GROWTH.plan.title);
  assert.match(await page.textContent('#plan-view'), new RegExp(GROWTH.plan.crisis));
  await page.fill('#plan-signs-text', 'I check my phone every few minutes\n\n  I stop eating ');
  await page.check('#plan-p-ground');
  await page.fill('#plan-people-text', 'Sam, a call after 6');
  await page.fill('#plan-say-text', 'This passes.');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#plan-status p');
  const cli = JSON.parse(haven.cli('--json', 'plan')).plan.body;
  assert.deepEqual(cli, {
    signs: ['I check my phone every few minutes', 'I stop eating'],
    practices: ['ground'],
    people: ['Sam, a call after 6'],
    say: 'This passes.',
  });
  const shown = await page.$$eval('#plan-view .plan-part li', (ls) => ls.map((l) => l.textContent));
  assert.ok(shown.includes('I stop eating'));
  assert.ok(shown.includes('grounding') || shown.some((s) => /ground/i.test(s)));
  // Emptying every part is refused by the library, and nothing changes.
  await page.fill('#plan-signs-text', '');
  await page.uncheck('#plan-p-ground');
  await page.fill('#plan-people-text', '');
  await page.fill('#plan-say-text', '');
  await page.click('form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#plan-error').textContent !== '');
  assert.match(await page.textContent('#plan-error'), /at least one/);
  assert.deepEqual(JSON.parse(haven.cli('--json', 'plan')).plan.body.practices, ['ground']);
  // The refusal is a 400 the page answered: nothing else went wrong.
  assert.deepEqual(
    errors.filter((e) => !/status of 400/.test(e)),
    [],
  );
  await context.close();
});

test('the practices that eased distress most are marked from the person’s own ratings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'haven-growth-'));
  const file = join(dir, 'practices.jsonl');
  const rec = (b, a, day) =>
    JSON.stringify({
      id: randomUUID(),
      kind: 'practice',
      created: `2026-01-0${day}T10:00:00.000Z`,
      updated: `2026-01-0${day}T10:00:00.000Z`,
      version: 1,
      deleted: false,
      body: {
        actual_seconds: 60,
        completed: true,
        distress_after: a,
        distress_before: b,
        planned_seconds: 60,
        technique: 'breathe-box',
      },
    });
  writeFileSync(file, [rec(8, 3, 1), rec(9, 4, 2), rec(7, 2, 3)].join('\n') + '\n');
  haven.cli('import', file);
  rmSync(dir, { recursive: true, force: true });
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/plan`);
  await page.waitForSelector('#plan-view');
  const marked = await page.textContent('label[for="plan-p-breathe-box"]');
  assert.match(marked, new RegExp(GROWTH.plan.web.proposed_tag));
  assert.match(marked, /5\.0/);
  assert.doesNotMatch(await page.textContent('label[for="plan-p-relax"]'), /\(/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('after hard days the Today page offers the plan', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  assert.equal(await page.$('#plan-offer'), null);
  for (const i of ['8', '9', '7']) haven.cli('log', '-i', i, 'no answer again');
  await page.reload();
  await page.waitForSelector('#plan-offer a[href="#/plan"]');
  assert.equal(await page.textContent('#plan-offer p'), GROWTH.plan.web.hot);
  await page.click('#plan-offer a');
  await page.waitForSelector('#plan-view');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a good moment kept on its page is in the evidence list, beside the times people stayed', async () => {
  haven.cli('evidence', 'add', 'Sam stayed', '--type', 'stayed');
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/moments`);
  await page.waitForSelector('#moments-list');
  assert.equal(await page.textContent('main h1'), EVIDENCE.web.title);
  await page.fill('#moment-text', 'A slow Sunday with Ana');
  await page.selectOption('#moment-type', 'calm');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#moment-status p');
  const cli = JSON.parse(haven.cli('--json', 'evidence'));
  assert.equal(cli.length, 2);
  assert.ok(cli.some((r) => r.body.text === 'A slow Sunday with Ana' && r.body.type === 'calm'));
  const tags = await page.$$eval('#moments-list .tag', (ts) => ts.map((t) => t.textContent));
  assert.ok(tags.includes(EVIDENCE.types.calm));
  assert.ok(tags.includes(EVIDENCE.types.stayed));
  // An empty moment is refused with the library's message.
  await page.click('form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#moment-error').textContent !== '');
  assert.equal(JSON.parse(haven.cli('--json', 'evidence')).length, 2);
  assert.deepEqual(
    errors.filter((e) => !/status of 400/.test(e)),
    [],
  );
  await context.close();
});

test('a milestone is celebrated once, then listed', async () => {
  haven.cli('log', '-i', '8', '--response', 'called twice', '--protest', 'no reply');
  haven.cli('log', '-i', '5', '--did', 'breathed', 'late again');
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/moments`);
  await page.waitForSelector('.milestones li.new');
  const first = GROWTH.milestones['first-soothing'];
  assert.equal(await page.textContent('.milestones li.new h3'), first.title);
  assert.match(await page.textContent('.milestones li.new'), new RegExp(GROWTH.web.milestone_new));
  await page.waitForLoadState('networkidle');
  await page.reload();
  await page.waitForSelector('.milestones li');
  assert.equal(await page.$('.milestones li.new'), null);
  assert.equal(await page.textContent('.milestones li h3'), first.title);
  assert.equal(await page.$eval('#habit-checkin, #habit-practice', () => 1).catch(() => 0), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('axe finds nothing serious on Plan and Good moments at 390x844, light and dark', async () => {
  for (const [hash, ready] of [
    ['#/plan', '#plan-view'],
    ['#/moments', '#moments-list'],
    ['#/today', '#plan-offer'],
  ])
    await phoneCheck(browser, haven, { hash, ready, name: `growth-${hash.slice(2)}` });
});
