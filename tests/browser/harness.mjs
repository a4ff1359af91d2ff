// harness.mjs — what every browser test needs: a haven server on a fresh
// database, Debian's Chromium driven by playwright-core, the CLI to check
// what landed in the database, axe-core, and screenshots as artefacts.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const HAVEN = process.env.HAVEN || join(here, '../../build/haven');
export const ARTIFACTS = join(here, '../artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

// A data file's JSON (data/NAME), for the words a page should show.
export const dataJson = (name) => JSON.parse(readFileSync(join(here, '../../data', name), 'utf8'));

// One server on a fresh database and one browser for a test file: started
// before its tests, stopped after them, and handed to set once started.
export function useHaven(set) {
  let haven, browser;
  before(async () => {
    haven = await startHaven();
    browser = await launch();
    set(haven, browser);
  });
  after(async () => {
    await browser?.close();
    await haven?.stop();
  });
}

export async function startHaven() {
  const dir = mkdtempSync(join(tmpdir(), 'haven-browser-'));
  const env = { ...process.env, HAVEN_DB: join(dir, 'haven.db'), NO_COLOR: '1' };
  const proc = spawn(HAVEN, ['serve', '--no-open', '--port', '0', '--json'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The address is printed once the server listens.  Waiting for it is
  // bounded: a server that hangs fails its file rather than the whole run.
  const exited = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  const line = await within(
    START_MS,
    new Promise((resolve, reject) => {
      createInterface({ input: proc.stdout }).once('line', resolve);
      exited.then(({ code, signal }) =>
        reject(new Error(`haven serve exited with ${code ?? signal}`)),
      );
    }),
    () => proc.kill('SIGKILL'),
    'haven serve gave no address',
  );
  const { url, port } = JSON.parse(line);
  const cli = (...args) => execFileSync(HAVEN, args, { env, encoding: 'utf8' });
  // Stopping checks the server's own exit: under the sanitizers a leak or
  // an error found while serving makes it non-zero.  A server that does not
  // stop within STOP_MS is killed and fails; one already gone is not waited
  // for again.
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    const { code, signal } = await within(
      STOP_MS,
      exited,
      () => proc.kill('SIGKILL'),
      'haven serve did not stop on SIGTERM',
    );
    rmSync(dir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`haven serve ended with ${code ?? signal}`);
  };
  return { url, port, origin: `http://127.0.0.1:${port}`, cli, stop, env };
}

const START_MS = 60_000;
const STOP_MS = 30_000;

// promise, or after ms: giveUp() and an error saying what did not happen.
async function within(ms, promise, giveUp, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => {
      giveUp();
      reject(new Error(`${what} within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// A page that has traded the token for the session cookie.
export async function openApp(browser, haven, viewport = { width: 1280, height: 900 }, extra = {}) {
  const context = await browser.newContext({ viewport, ...extra });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(haven.url);
  await page.waitForSelector('main h1');
  return { context, page, errors };
}

// Serious and critical axe findings on the page as it is now, one line
// each: the rule, its help and where.  within is what is read (a
// selector; the whole document when not given).  axe goes in as an inline
// script, so the page's context is opened with bypassCSP.
export async function axeFindings(page, within) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(
    async (sel) =>
      (await window.axe.run(sel ?? document, { resultTypes: ['violations'] })).violations,
    within,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

// The same on a page of its own at hash (CSP bypassed in this context only).
export async function axeProblems(browser, haven, hash, viewport) {
  const { context, page } = await openApp(browser, haven, viewport, { bypassCSP: true });
  await page.goto(haven.origin + '/' + hash);
  await page.waitForSelector('main h1');
  const found = await axeFindings(page);
  await context.close();
  return found;
}

// Whether the page is wider than its window, so it scrolls sideways.
export async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

// A page held to the bar on a phone (390x844), light and dark: opened at
// hash, ready awaited, then prepare(page) when given; no serious axe
// finding, no sideways scroll, and a screenshot among the artefacts,
// NAME-phone-light.png and NAME-phone-dark.png, of shot (a selector) or
// of the whole page.
export async function phoneCheck(browser, haven, { hash, ready, name, prepare, shot }) {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    const phone = { width: 390, height: 844 };
    const { context, page } = await openApp(browser, haven, phone, {
      colorScheme,
      bypassCSP: true,
    });
    await page.goto(`${haven.origin}/${hash}`);
    await page.waitForSelector(ready);
    if (prepare) await prepare(page);
    assert.deepEqual(await axeFindings(page), [], `axe ${hash} (${colorScheme})`);
    assert.equal(
      await scrollsSideways(page),
      false,
      `${hash} (${colorScheme}): no sideways scroll`,
    );
    const path = join(ARTIFACTS, `${name}-phone-${colorScheme}.png`);
    if (shot) await page.locator(shot).screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
    await context.close();
  }
}

export async function screenshots(browser, haven, name, hash) {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [size, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ]) {
    const { context, page } = await openApp(browser, haven, viewport);
    await page.goto(haven.origin + '/' + hash);
    await page.waitForSelector('main h1');
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${size}.png`), fullPage: true });
    await context.close();
  }
}
