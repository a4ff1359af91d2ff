// waiting.test.mjs — "Waiting for a reply" in a real browser: a chat
// brought in through the page's file input, the reality check showing the
// library's own sentences (the same as `haven --json chat wait` at the same
// clock) for minutes or for the time the message was sent, an unusual quiet
// with its next steps, Instagram and iMessage exports through the same
// form, the pattern table, forgetting the chat, axe on desktop and phone,
// and screenshots of the page with a result.
//
// The server and the CLI share a fixed clock (HAVEN_NOW, set before the
// server starts), so "25 minutes ago" is the same instant for both.

process.env.HAVEN_NOW = '2026-01-07T16:00:00Z'; // a Wednesday afternoon
process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  openApp,
  axeProblems,
  screenshots,
  ARTIFACTS,
  axeFindings,
  useHaven,
  dataJson,
} from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '../fixtures/chat');
const DESKTOP = { width: 1280, height: 900 },
  PHONE = { width: 390, height: 844 };

let haven, browser;
useHaven((h, b) => ([haven, browser] = [h, b]));

// Four months of weekday chats as WhatsApp exports them: Alex writes at
// 15:00 and Sam answers after 2 to 42 minutes; now and then a follow-up
// before the answer or a message after midnight; in the evening Alex
// answers Sam within minutes and Sam says good night.
function history() {
  const pad = (n) => String(n).padStart(2, '0');
  const at = (d, h, m) =>
    `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${pad(h)}:${pad(m)}`;
  const lines = [];
  let k = 0;
  for (
    const d = new Date(Date.UTC(2025, 8, 1));
    d < new Date(Date.UTC(2026, 0, 7));
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    k++;
    const wait = ((k * 7) % 41) + 2;
    if (k % 9 === 0) lines.push(`${at(d, 0, 40)} - Alex: are you awake?`);
    lines.push(`${at(d, 15, 0)} - Alex: are you free later?`);
    if (wait > 20 && k % 2) lines.push(`${at(d, 15, 18)} - Alex: no rush`);
    lines.push(`${at(d, 15, wait)} - Sam: yes, after six`);
    lines.push(`${at(d, 19, 0)} - Sam: home now`);
    lines.push(`${at(d, 19, 4 + (k % 9))} - Alex: good to hear`);
    lines.push(`${at(d, 19, 30)} - Sam: good night`);
  }
  return lines.join('\n') + '\n';
}

const cliJson = (...args) => JSON.parse(haven.cli('--json', ...args));

async function importFile(page, file, me) {
  await page.setInputFiles('#chat-file', file);
  if (me) await page.fill('#chat-me', me);
  await page.click('form[aria-label="Import a chat"] button[type=submit]');
}

// The result's paragraphs but the line that repeats the question.
const sentencesShown = (page) =>
  page.$$eval('section[aria-labelledby=wait-result] p:not(#wait-asked)', (ps) =>
    ps.map((p) => p.textContent),
  );
const offerLinks = (page) =>
  page.$$eval('section[aria-labelledby=wait-result] p:last-child a', (as) =>
    as.map((a) => a.getAttribute('href')),
  );

// Serious and critical axe findings on the page as it stands now.
async function axeNow(page) {
  return axeFindings(page);
}

test('with no chat: what the page is for, an import form, and a refusal that imports nothing', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/waiting');
  await page.waitForSelector('form[aria-label="Import a chat"]');
  assert.equal(await page.textContent('main h1'), 'Waiting for a reply');
  assert.equal(await page.getAttribute('nav a[href="#/waiting"]', 'aria-current'), 'page');
  const words = dataJson('chat-web.json');
  assert.match(
    await page.textContent('main'),
    new RegExp(words.start.kept.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );
  // No file chosen: the page says so and sends nothing.
  await page.click('form[aria-label="Import a chat"] button[type=submit]');
  assert.equal(
    await page.textContent('form[aria-label="Import a chat"] .error'),
    words.import.choose,
  );
  // Not a chat: the library's message, and nothing imported.
  await importFile(page, {
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('shopping list\nmilk\nbread\n'),
  });
  await page.waitForFunction(
    () => document.querySelector('form[aria-label="Import a chat"] .error')?.textContent.length > 0,
  );
  assert.match(
    await page.textContent('form[aria-label="Import a chat"] .error'),
    /^notes\.txt does not look like a chat export/,
  );
  // Two senders and no way to tell which is you: the page says which field answers that.
  await importFile(page, join(FIXTURES, 'wa-ymd.txt'));
  await page.waitForFunction(() =>
    document
      .querySelector('form[aria-label="Import a chat"] .error')
      ?.textContent.includes('Alex, Sam'),
  );
  assert.ok(
    (await page.textContent('form[aria-label="Import a chat"] .error')).endsWith(
      words.import.need_me,
    ),
  );
  assert.equal(await page.evaluate(() => document.activeElement.id), 'chat-me');
  assert.deepEqual(cliJson('chat'), []);
  assert.deepEqual(
    errors.filter((e) => !/status of 400/.test(e)),
    [],
    'only the refused uploads',
  );
  await context.close();
  for (const viewport of [DESKTOP, PHONE]) {
    assert.deepEqual(
      await axeProblems(browser, haven, '#/waiting', viewport),
      [],
      `no chat, at ${viewport.width}px`,
    );
  }
  await screenshots(browser, haven, 'waiting-start', '#/waiting');
});

test("import through the file input, then the reality check for 25 minutes: the library's sentences", async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/waiting');
  await page.waitForSelector('#chat-file');
  // The file's name tells haven who the contact is, as on the command line.
  await importFile(page, {
    name: 'WhatsApp Chat with Sam.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(history()),
  });
  await page.waitForSelector('form[aria-labelledby=wait-title]');
  const [chat] = cliJson('chat');
  assert.equal(chat.contact, 'Sam');
  assert.equal(chat.me, 'Alex');
  assert.equal(
    await page.textContent('#waiting-status'),
    `Read ${chat.messages} messages with Sam; ${chat.messages} were new.`,
  );
  assert.equal(
    await page.evaluate(() => document.activeElement.id),
    'waiting-status',
    'focus on what happened',
  );

  await page.fill('#wait-minutes', '25');
  await page.click('form[aria-labelledby=wait-title] button[type=submit]');
  await page.waitForSelector('#wait-result');
  const cli = cliJson('chat', 'wait', 'Sam', '--for', '25m');
  assert.equal(cli.enough, true, 'the history is long enough for figures');
  const shown = await sentencesShown(page);
  assert.deepEqual(
    shown.slice(0, -1),
    cli.sentences,
    'every sentence, as the library says it, in order',
  );
  assert.equal(
    await page.textContent('#wait-asked'),
    'For 25 minutes.',
    'the silence, as asked about',
  );
  assert.equal(
    await page.textContent('section[aria-labelledby=wait-result] p strong'),
    cli.sentences[0],
    'the first one stands out',
  );
  assert.match(cli.sentences[0], /^Sam took longer than 25 minutes to answer \d+ % of the time\.$/);
  assert.equal(
    await page.evaluate(() => document.activeElement.id),
    'wait-result',
    'focus moves to the result',
  );
  // The offer, with its commands as links to the practices.
  const links = await page.$$eval('section[aria-labelledby=wait-result] p:last-child a', (as) =>
    as.map((a) => a.getAttribute('href')),
  );
  assert.deepEqual(links, ['#/practices/pause', '#/practices/breathe-478']);
  assert.doesNotMatch(shown.at(-1), /`|haven /, 'no command-line words in the offer');

  // A quick button asks at once, for its own number of minutes.
  await page.getByRole('button', { name: '1 hour', exact: true }).click();
  await page.waitForFunction(
    (first) =>
      document.querySelector('section[aria-labelledby=wait-result] p strong')?.textContent ===
      first,
    cliJson('chat', 'wait', 'Sam', '--for', '60m').sentences[0],
  );
  assert.equal(await page.inputValue('#wait-minutes'), '60');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the time it was sent: "since 15:35"; an unusual quiet says so gently and offers next steps', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/waiting');
  await page.waitForSelector('#wait-since');
  const ask = async (time, line) => {
    await page.fill('#wait-since', time);
    await page.click('form[aria-labelledby=wait-title] button[type=submit]');
    await page.waitForFunction(
      (want) => document.getElementById('wait-asked')?.textContent === want,
      line,
    );
  };

  // 25 minutes: ordinary for Sam, who answers at 15:00 within 2 to 42.
  await ask('15:35', 'Since 15:35: 25 minutes.');
  let cli = cliJson('chat', 'wait', 'Sam', '--since', '15:35');
  assert.equal(cli.unusual, false);
  assert.deepEqual((await sentencesShown(page)).slice(0, -1), cli.sentences);
  assert.equal(await page.locator('#wait-next').count(), 0, 'no next steps for an ordinary quiet');
  assert.deepEqual(await offerLinks(page), ['#/practices/pause', '#/practices/breathe-478']);

  // An hour: no reply of Sam's took so long.  The page says what the
  // library says, with the coach among the next steps, and no verdict.
  await ask('15:00', 'Since 15:00: 1 hour.');
  cli = cliJson('chat', 'wait', 'Sam', '--since', '15:00');
  assert.equal(cli.unusual, true);
  const shown = await sentencesShown(page);
  assert.deepEqual(shown.slice(0, -1), cli.sentences);
  assert.match(shown[1], /^This quiet has lasted longer than almost all of Sam's replies took\./);
  assert.match(shown[1], /the time alone cannot tell you why/);
  assert.equal(await page.textContent('#wait-next'), 'A next step');
  assert.deepEqual(await offerLinks(page), [
    '#/practices/pause',
    '#/coach',
    '#/practices/breathe-478',
  ]);
  assert.doesNotMatch(shown.at(-1), /`|haven |DRAFT/, 'no command-line words in the offer');
  await page.click('section[aria-labelledby=wait-result] a[href="#/coach"]');
  await page.waitForSelector('#draft');
  await page.goBack();
  await page.waitForSelector('#wait-since');

  // A time still ahead of the clock (16:00) was yesterday's.
  await ask('17:30', 'Since 17:30: 23 hours.');
  cli = cliJson('chat', 'wait', 'Sam', '--since', 'yesterday 17:30');
  assert.deepEqual((await sentencesShown(page)).slice(0, -1), cli.sentences);

  // Minutes and a time are one question or the other.
  await page.fill('#wait-minutes', '5');
  assert.equal(await page.inputValue('#wait-since'), '');
  await page.fill('#wait-since', '15:50');
  assert.equal(await page.inputValue('#wait-minutes'), '');
  assert.deepEqual(
    errors.filter((e) => !/status of 400/.test(e)),
    [],
    'only the answer that asked for yesterday',
  );
  await context.close();
});

test('the pattern table is your own side, month by month, newest first', async () => {
  const { context, page } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/waiting');
  await page.waitForSelector('table[aria-labelledby=pattern-title]');
  const p = cliJson('chat', 'patterns', 'Sam');
  const headers = await page.$$eval('table[aria-labelledby=pattern-title] thead th', (ths) =>
    ths.map((t) => [t.textContent, t.getAttribute('scope')]),
  );
  assert.equal(headers.length, 6);
  assert.ok(headers.every(([, scope]) => scope === 'col'));
  const rows = await page.$$eval('table[aria-labelledby=pattern-title] tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent)),
  );
  assert.equal(rows.length, p.months.length);
  const newest = p.months.at(-1);
  assert.equal(rows[0][0], 'January 2026');
  assert.deepEqual(rows[0].slice(1, 5), [
    String(newest.messages),
    `${newest.followup_percent} %`,
    String(newest.longest_followup_run),
    String(newest.night_messages),
  ]);
  assert.equal(rows.at(-1)[0], 'September 2025');
  assert.ok(
    p.months.some((m) => m.night_messages > 0) && p.months.some((m) => m.followups > 0),
    'the history has both',
  );
  assert.equal(await page.textContent('section[aria-labelledby=pattern-title] p.note'), p.note);
  assert.doesNotMatch(
    await page.textContent('section[aria-labelledby=pattern-title]'),
    /Sam's|their reply/i,
    "never the other person's times",
  );
  await context.close();
});

test('the page with a result passes axe, and screenshots are kept', async () => {
  for (const viewport of [DESKTOP, PHONE]) {
    assert.deepEqual(
      await axeProblems(browser, haven, '#/waiting', viewport),
      [],
      `with a chat, at ${viewport.width}px`,
    );
    const { context, page } = await openApp(browser, haven, viewport, { bypassCSP: true });
    await page.goto(haven.origin + '/#/waiting');
    await page.waitForSelector('#wait-minutes');
    await page.getByRole('button', { name: '20 minutes', exact: true }).click();
    await page.waitForSelector('#wait-result');
    await page.screenshot({
      path: join(ARTIFACTS, `waiting-result-${viewport === DESKTOP ? 'desktop' : 'phone'}.png`),
      fullPage: true,
    });
    await page.click('details summary');
    assert.deepEqual(
      await axeNow(page),
      [],
      `the result and the open import form, at ${viewport.width}px`,
    );
    await context.close();
  }
  await screenshots(browser, haven, 'waiting', '#/waiting');
});

test('two chats: a picker, and each chat its own figures', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/waiting');
  await page.waitForSelector('details summary');
  await page.click('details summary');
  const other = readFileSync(join(FIXTURES, 'wa-android-dmy-24h.txt'), 'utf8').replaceAll(
    'Sam',
    'Robin Vale',
  );
  await importFile(
    page,
    { name: 'chat.txt', mimeType: 'text/plain', buffer: Buffer.from(other) },
    'Alex',
  );
  await page.waitForSelector('#wait-contact');
  assert.equal(
    await page.textContent('#waiting-status'),
    'Read 5 messages with Robin Vale; 5 were new.',
  );
  assert.equal(
    await page.inputValue('#wait-contact'),
    'Robin Vale',
    'the chat just imported is chosen',
  );
  await page.fill('#wait-minutes', '25');
  await page.click('form[aria-labelledby=wait-title] button[type=submit]');
  await page.waitForSelector('#wait-result');
  assert.equal(
    await page.textContent('section[aria-labelledby=wait-result] p strong'),
    cliJson('chat', 'wait', 'Robin Vale', '--for', '25m').sentences[0],
    "too little history, in the library's words",
  );
  await page.selectOption('#wait-contact', 'Sam');
  await page.waitForFunction(
    () => document.querySelector('section[aria-labelledby=wait-result]').hidden,
  );
  await page.waitForFunction(
    (n) => document.querySelectorAll('table[aria-labelledby=pattern-title] tbody tr').length === n,
    cliJson('chat', 'patterns', 'Sam').months.length,
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('forget asks once more, then removes the chat; a zip comes in by its name', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/waiting');
  await page.waitForSelector('#wait-contact');
  await page.selectOption('#wait-contact', 'Sam');
  await page.waitForFunction(() =>
    document
      .querySelector('section[aria-labelledby=chat-title]')
      ?.textContent.includes('imported once'),
  );
  const sam = cliJson('chat').find((c) => c.contact === 'Sam');
  const forget = page.getByRole('button', { name: 'Forget this chat' });
  await forget.click();
  assert.equal(
    await page.textContent('section[aria-labelledby=chat-title] button'),
    'Really forget Sam?',
  );
  assert.deepEqual(
    cliJson('chat')
      .map((c) => c.contact)
      .sort(),
    ['Robin Vale', 'Sam'],
    'nothing removed yet',
  );
  await page.getByRole('button', { name: 'Really forget Sam?' }).click();
  await page.waitForFunction(() =>
    document
      .getElementById('waiting-status')
      .textContent.startsWith('The chat with Sam is forgotten'),
  );
  assert.equal(
    await page.textContent('#waiting-status'),
    `The chat with Sam is forgotten: ${sam.messages} messages removed.`,
  );
  assert.deepEqual(
    cliJson('chat').map((c) => c.contact),
    ['Robin Vale'],
  );
  // One chat left: no picker, and forgetting it brings back the start.
  assert.equal(await page.locator('#wait-contact').count(), 0);
  await page.getByRole('button', { name: 'Forget this chat' }).click();
  await page.getByRole('button', { name: 'Really forget Robin Vale?' }).click();
  await page.waitForSelector('#chat-start');
  assert.deepEqual(cliJson('chat'), []);

  await importFile(page, join(FIXTURES, 'WhatsApp Chat - Sam.zip'));
  await page.waitForSelector('form[aria-labelledby=wait-title]');
  assert.equal(await page.textContent('#waiting-status'), 'Read 5 messages with Sam; 5 were new.');
  assert.deepEqual(
    cliJson('chat').map((c) => [c.contact, c.me, c.messages]),
    [['Sam', 'Alex', 5]],
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('Instagram and iMessage exports come in through the same form, found by their contents', async () => {
  const { context, page, errors } = await openApp(browser, haven);
  await page.goto(haven.origin + '/#/waiting');
  await page.waitForSelector('details summary');
  for (const [file, name, n] of [
    ['meta-instagram.json', 'Sam Taylor', 4],
    ['imessage-sam.txt', 'Sam Taylor', 8],
  ]) {
    await page.click('details summary');
    await importFile(page, join(FIXTURES, file));
    await page.waitForFunction(
      (want) => document.getElementById('waiting-status').textContent.startsWith(want),
      `Read ${n} messages with ${name}`,
    );
  }
  const chat = cliJson('chat').find((c) => c.contact === 'Sam Taylor');
  assert.equal(chat.source, 'imessage', 'the last import says where the chat came from');
  assert.equal(chat.messages, 12);
  assert.deepEqual(errors, []);
  await context.close();
});
