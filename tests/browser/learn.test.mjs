// learn.test.mjs — the Learn page (the web side of `haven learn`) on a
// phone: reached from the navigation, every chapter listed with its title
// and summary as the CLI lists them, the chapter the person's last week
// points to offered first (the protest chapter after a week of protest
// responses), each chapter shown whole with its
// practice as a link to a page that opens (never as a command), an
// unknown chapter answered with a way back, and axe at 390x844 in light
// and dark.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, useHaven, dataJson, phoneCheck } from './harness.mjs';

const WORDS = dataJson('learn.json').web;
const phone = { width: 390, height: 844 };

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

test('the navigation leads to Learn, which lists every chapter as the CLI does', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  // On a phone, Learn is one of the places behind More.
  await page.click('nav button.nav-more');
  await page.click('nav a[href="#/learn"]');
  await page.waitForSelector('.learn-index li');
  assert.equal(await page.textContent('main h1'), WORDS.title);
  const cli = JSON.parse(haven.cli('--json', 'learn')).chapters;
  const shown = await page.$$eval('.learn-index li', (ls) =>
    ls.map((l) => ({
      id: l.id.replace(/^learn-/, ''),
      title: l.querySelector('a').textContent,
      href: l.querySelector('a').getAttribute('href'),
      summary: l.querySelector('p').textContent,
    })),
  );
  assert.deepEqual(
    shown,
    cli.map((c) => ({ id: c.id, title: c.title, href: `#/learn/${c.id}`, summary: c.summary })),
  );
  assert.equal(await page.getAttribute('nav a[href="#/learn"]', 'aria-current'), 'page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the chapter the last week points to comes first, as the CLI suggests it', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/learn`);
  await page.waitForSelector('#learn-suggested a');
  const before = JSON.parse(haven.cli('--json', 'learn')).suggested;
  assert.equal(await page.getAttribute('#learn-suggested a', 'href'), `#/learn/${before.id}`);
  assert.equal(await page.textContent('#learn-suggested .note'), before.why);
  for (let i = 0; i < 3; i++)
    haven.cli('log', '-i', '7', '--response', 'called again and again', '--protest', 'no answer');
  const after = JSON.parse(haven.cli('--json', 'learn')).suggested;
  assert.equal(after.id, 'protest');
  await page.reload();
  await page.waitForSelector('#learn-suggested a[href="#/learn/protest"]');
  assert.equal(await page.textContent('#learn-suggested a'), after.title);
  assert.equal(await page.textContent('#learn-suggested .note'), after.why);
  await page.click('#learn-suggested a');
  await page.waitForSelector('#learn-chapter[data-id="protest"]');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every chapter is shown whole, ending with its practice as a link that opens', async () => {
  const { context, page, errors } = await openApp(browser, haven, phone);
  const list = JSON.parse(haven.cli('--json', 'learn')).chapters;
  for (const { id } of list) {
    const c = JSON.parse(haven.cli('--json', 'learn', id));
    await page.goto(`${haven.origin}/#/learn/${id}`);
    await page.waitForSelector(`#learn-chapter[data-id="${id}"]`);
    assert.equal(await page.textContent('main h1'), c.title);
    const paragraphs = await page.$$eval('#learn-chapter > p', (ps) =>
      ps.map((p) => p.textContent),
    );
    assert.deepEqual(paragraphs, c.body, `${id}: every paragraph`);
    const link = page.locator('#learn-practice a');
    assert.equal(await link.textContent(), c.practice.label);
    assert.equal(await link.getAttribute('href'), c.practice.route);
    const more = await page.$$eval('#learn-chapter section:last-of-type li', (ls) =>
      ls.map((l) => l.textContent),
    );
    assert.deepEqual(more, c.read_more, `${id}: read more`);
    // Words for people, never a command line.
    const text = await page.textContent('main');
    for (const cmd of [`haven ${c.practice.command}`, 'haven learn'])
      assert.ok(!text.includes(cmd), `${id}: no command-line text ("${cmd}")`);
    // The practice's page opens (a page of the app, not the home screen).
    await link.click();
    const name = c.practice.route.slice(2).split('/')[0];
    await page.waitForFunction(
      (n) => location.hash.startsWith(`#/${n}`) && document.querySelector('main h1'),
      name,
    );
    await page.waitForSelector('main h1');
    assert.ok(
      !(await page.textContent('main')).includes('There is no practice called'),
      `${id}: ${c.practice.route} opens`,
    );
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown chapter says so and offers the way back', async () => {
  const { context, page } = await openApp(browser, haven, phone);
  await page.goto(`${haven.origin}/#/learn/shyness`);
  await page.waitForSelector('main .error');
  assert.equal(await page.textContent('main .error'), WORDS.not_found);
  await page.click(`text=${WORDS.back}`);
  await page.waitForSelector('.learn-index li');
  await context.close();
});

test('axe finds nothing serious on Learn at 390x844, light and dark', async () => {
  for (const [hash, ready, name] of [
    ['#/learn', '.learn-index li', 'learn'],
    ['#/learn/alarm', '#learn-practice', 'learn-chapter'],
  ])
    await phoneCheck(browser, haven, { hash, ready, name });
});
