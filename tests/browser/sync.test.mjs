// sync.test.mjs — sync on the Settings page, on a phone: before a folder
// is named, the way to name one and no switch; once named (by the CLI, as
// `haven sync init` may ask for a passphrase), the folder, this device and
// when it last synced as `haven sync --json` says, every other device with
// the files of it applied here; the switch for sync.auto saved as soon as
// it is flipped and seen by `haven config get`, and the CLI's switch seen
// by the page; and axe at 390x844 in light and dark.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHaven, launch, openApp, HAVEN, phoneCheck } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const WORDS = JSON.parse(readFileSync(join(here, '../../data/sync.json'), 'utf8')).web;
const phone = { width: 390, height: 844 };

let haven, browser, dir, folder;

// The other device: a database of its own sharing the folder.
const other = (...args) =>
  execFileSync(HAVEN, args, {
    env: { ...process.env, HAVEN_DB: join(dir, 'other.db') },
    encoding: 'utf8',
  });

before(async () => {
  haven = await startHaven();
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'haven-sync-'));
  folder = join(dir, 'folder');
  mkdirSync(folder, { mode: 0o700 });
});

after(async () => {
  await browser?.close();
  await haven?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function settings(colorScheme = 'light', extra = {}) {
  const app = await openApp(browser, haven, phone, { colorScheme, ...extra });
  await app.page.goto(`${haven.origin}/#/settings`);
  await app.page.waitForSelector('#sync h2');
  return app;
}

test('before a folder is named, the card says how to name one and has no switch', async () => {
  const { context, page, errors } = await settings();
  assert.equal(await page.textContent('#sync h2'), WORDS.title);
  assert.equal(await page.textContent('#sync p:first-of-type'), WORDS.not_set_up);
  // The command to type is the command line's side of the action the words name.
  const init = JSON.parse(readFileSync(join(here, '../../data/actions.json'), 'utf8')).actions[
    WORDS.not_set_up_action.do
  ];
  assert.equal(await page.textContent('#sync code'), `haven ${init.command}`);
  assert.equal(await page.textContent('#sync code'), 'haven sync init FOLDER');
  assert.equal(await page.$('#sync-auto'), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('once named, the card shows the folder, this device, the last sync and the others', async () => {
  haven.cli('sync', 'init', folder);
  {
    // Alone in the folder: how the other computer joins, the command filled in.
    const { context, page } = await settings();
    await page.waitForSelector('#sync-auto');
    assert.equal(
      await page.textContent('#sync-devices-none'),
      WORDS.others_none.replace('{init_command}', 'haven sync init FOLDER'),
    );
    await context.close();
  }
  other('sync', 'init', folder);
  other('log', '-i', '3', 'written on the other device');
  const theirs = JSON.parse(other('--json', 'sync')).device;
  const { context, page, errors } = await settings();
  await page.waitForSelector('#sync-auto');
  assert.equal(await page.textContent('#sync-folder'), folder);
  assert.equal(await page.textContent('#sync-last'), WORDS.never);
  assert.equal(await page.textContent('#sync-devices li code'), theirs);
  assert.match(
    await page.textContent('#sync-devices li'),
    new RegExp(WORDS.other_applied.many.replace('{n}', '0')),
  );
  const mine = JSON.parse(haven.cli('--json', 'sync')).device;
  await page.reload();
  await page.waitForSelector('#sync-auto');
  assert.equal(await page.textContent('#sync-device'), mine);
  assert.notEqual(await page.textContent('#sync-last'), WORDS.never);
  assert.match(await page.textContent('#sync-devices li'), new RegExp(WORDS.other_applied.one));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the switch saves sync.auto as it is flipped, and shows the CLI’s', async () => {
  const { context, page, errors } = await settings();
  const box = await page.waitForSelector('#sync-auto');
  assert.equal(await box.isChecked(), false);
  await box.click();
  await page.waitForFunction(
    (w) => document.querySelector('#sync-status').textContent === w,
    WORDS.auto_on,
  );
  assert.equal(haven.cli('config', 'get', 'sync.auto').trim(), 'on');
  assert.equal(await box.isChecked(), true);
  await box.click();
  await page.waitForFunction(
    (w) => document.querySelector('#sync-status').textContent === w,
    WORDS.auto_off.replace('{sync_command}', 'haven sync'),
  );
  assert.match(
    await page.textContent('#sync-auto-hint'),
    /run haven sync in a terminal\.$/,
    'the hint names the command of the action the words name, filled in',
  );
  assert.equal(haven.cli('config', 'get', 'sync.auto').trim(), 'off');
  haven.cli('config', 'set', 'sync.auto', 'on');
  await page.reload();
  assert.equal(await (await page.waitForSelector('#sync-auto')).isChecked(), true);
  assert.equal(await page.getAttribute('#sync-auto', 'aria-describedby'), 'sync-auto-hint');
  assert.deepEqual(errors, []);
  await context.close();
});

test('axe finds nothing serious on sync in Settings at 390x844, light and dark', async () => {
  await phoneCheck(browser, haven, {
    hash: '#/settings',
    ready: '#sync-auto',
    name: 'settings-sync',
    shot: '#sync',
  });
});
