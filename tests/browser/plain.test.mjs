// plain.test.mjs — every page in words for people, and every page on a
// narrow phone.  Each page is visited with ten weeks of realistic data and
// with an empty database, on a 320 px phone, a 390 px phone and a desktop,
// light and dark.  It fails when a page shows command-line text ("haven log",
// "--keep"), a raw id, a literal "null" or "undefined", a plural left to the
// reader ("draft(s)"), or when it needs a horizontal scroll.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHaven, launch } from './harness.mjs';
import { seed } from './seed.mjs';

let full, empty, browser;
let resultId = null;

before(async () => {
  [full, empty] = await Promise.all([startHaven(), startHaven()]);
  browser = await launch();
  seed(full);
  const results = JSON.parse(full.cli('assess', '--json')).results || [];
  resultId = results.find((r) => r.complete)?.id || null;
});

after(async () => {
  await browser?.close();
  await full?.stop();
  await empty?.stop();
});

// haven's commands, as `haven help` lists them.
const commands = [
  'pause',
  'breathe',
  'ground',
  'relax',
  'scan',
  'tipp',
  'soothe',
  'reassure',
  'chat',
  'log',
  'checkin',
  'journal',
  'thought',
  'thoughts',
  'check',
  'coach',
  'say',
  'kind',
  'evidence',
  'insights',
  'practices',
  'assess',
  'serve',
  'export',
  'import',
  'backup',
  'restore',
  'merge',
  'vault',
  'doctor',
  'config',
  'help',
  'version',
];

const rules = [
  ['command-line text', new RegExp(`\\bhaven (${commands.join('|')})\\b`)],
  ['an option', /--/],
  ['a literal null', /\bnull\b/i],
  ['a literal undefined', /\bundefined\b/i],
  ['NaN', /\bNaN\b/],
  ['a raw id', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}\b|\b(result|id) [0-9a-f]{8}\b/],
  ['a plural left to the reader', /\w\(s\)/],
  ['an ISO week', /\b\d{4}-W\d{2}\b/],
];

// Pages whose words belong to other work in progress: checked, but a
// failure there is reported as to-do rather than failing the suite.  None
// now: the journal's last command-line hint went.
const KNOWN_FAILURES = new Set([]);

const pages = () => [
  ['today', '#/today'],
  ['checkin', '#/checkin'],
  ['journal', '#/journal'],
  ['practices', '#/practices'],
  ['breathe', '#/practices/breathe-478'],
  ['ground', '#/practices/ground'],
  ['pause', '#/practices/pause'],
  ['waiting', '#/waiting'],
  ['thought', '#/thought'],
  ['check', '#/check'],
  ['coach', '#/coach'],
  ['say', '#/say'],
  ['assess', '#/assess'],
  ['assess-take', '#/assess/take/guide'],
  ['assess-result', () => `#/assess/result/${resultId}`],
  ['insights', '#/insights'],
  ['settings', '#/settings'],
  ['help', '#/help'],
  ['learn', '#/learn'],
  ['learn-chapter', '#/learn/protest'],
  ['plan', '#/plan'],
  ['moments', '#/moments'],
  ['timeline', '#/timeline'],
  ['steps', '#/steps'],
];

const looks = [
  ['320 px', { width: 320, height: 700 }, 'light'],
  ['390 px dark', { width: 390, height: 844 }, 'dark'],
  ['390 px', { width: 390, height: 844 }, 'light'],
  ['1280 px dark', { width: 1280, height: 800 }, 'dark'],
];

// Everything a person can read or hear on the page.
async function readable(page) {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of document.querySelectorAll('[alt], [aria-label], [title], [placeholder]')) {
      for (const a of ['alt', 'aria-label', 'title', 'placeholder'])
        if (el.getAttribute(a)) parts.push(el.getAttribute(a));
    }
    for (const t of document.querySelectorAll('svg title, svg desc, svg text'))
      parts.push(t.textContent);
    return parts.join('\n');
  });
}

function problems(text) {
  const found = [];
  for (const [what, re] of rules) {
    const m = text.match(re);
    if (m) {
      const i = m.index;
      found.push(`${what}: “…${text.slice(Math.max(0, i - 30), i + 40).replace(/\s+/g, ' ')}…”`);
    }
  }
  return found;
}

// Wider than the screen: the page scrolls sideways, or an element pokes out
// of it.  A table may be wider when it sits in its own scrolling box.
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width)
      out.push(`page is ${document.documentElement.scrollWidth} px wide`);
    for (const el of document.querySelectorAll('main *, header *, footer *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1) continue;
      let p = el.parentElement,
        clipped = false;
      for (; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (
          /auto|scroll|hidden/.test(s.overflowX) &&
          p.getBoundingClientRect().right <= width + 1
        ) {
          clipped = true;
          break;
        }
      }
      if (!clipped)
        out.push(
          `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className?.baseVal ?? el.className} ends at ${Math.round(r.right)} px`,
        );
    }
    return out.slice(0, 5);
  });
}

async function visit(browser, haven, viewport, scheme, hash) {
  const context = await browser.newContext({ viewport, colorScheme: scheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(haven.url);
  await page.waitForSelector('main h1');
  await page.goto(haven.origin + '/' + hash);
  await page.waitForSelector('main h1');
  await page.waitForLoadState('networkidle');
  return { context, page, errors };
}

for (const [db, get] of [
  ['ten weeks of data', () => full],
  ['an empty database', () => empty],
]) {
  for (const [name, hash] of pages()) {
    if (name === 'assess-result' && db !== 'ten weeks of data') continue;
    test(
      `${name} with ${db}: plain words, and no sideways scroll`,
      { todo: KNOWN_FAILURES.has(name) ? 'the page is being reworked elsewhere' : false },
      async () => {
        const where = typeof hash === 'function' ? hash() : hash;
        const found = [];
        for (const [look, viewport, scheme] of looks) {
          const { context, page, errors } = await visit(browser, get(), viewport, scheme, where);
          for (const p of problems(await readable(page))) found.push(`${look}: ${p}`);
          for (const p of await overflow(page)) found.push(`${look}: ${p}`);
          for (const e of errors) found.push(`${look}: page error ${e}`);
          await context.close();
          if (look !== '320 px' && found.length) break; // the words are the same at every size
        }
        assert.deepEqual([...new Set(found)], []);
      },
    );
  }
}

// A pop-up (the toast) is short, covers neither the crisis card, the way
// to help nor a primary button, and ends when the person moves on.
async function toastCheck(page) {
  await page.waitForFunction(() => document.getElementById('toast').textContent.length > 0);
  return page.evaluate(() => {
    const t = document.getElementById('toast');
    const r = t.getBoundingClientRect();
    const lineHeight = parseFloat(getComputedStyle(t).lineHeight) || 24;
    const covered = [
      ...document.querySelectorAll(
        '.crisis, .help-now, main button:not(.quiet), main .button:not(.quiet)',
      ),
    ]
      .filter((b) => {
        const q = b.getBoundingClientRect();
        return (
          q.width && r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom
        );
      })
      .map((b) => b.textContent.trim().slice(0, 30));
    return { text: t.textContent, lines: Math.round((r.height - 16) / lineHeight), covered };
  });
}

for (const viewport of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`pop-ups at ${viewport.width} px: short, covering nothing that matters, gone on the next page`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(empty.url);
    await page.waitForSelector('main h1');
    await page.goto(empty.origin + '/#/coach');
    await page.fill('#draft', 'Why are you ignoring me??');
    await page.click('#hold');
    let t = await toastCheck(page);
    assert.ok(t.text.length <= 60, `short: “${t.text}”`);
    assert.ok(t.lines <= 1, `one line: “${t.text}” took ${t.lines}`);
    assert.deepEqual(t.covered, []);
    // On a phone, Say sits behind "More" in the bar at the bottom.
    if (await page.locator('nav button.nav-more').isVisible())
      await page.click('nav button.nav-more');
    await page.click('nav >> text=Say');
    await page.waitForSelector('#say-break');
    assert.equal(await page.textContent('#toast'), '', 'a new page ends it');
    // With the crisis card on the page, the toast never covers it.
    await page.fill('#say-break-text', "I don't want to be here anymore");
    await page.click('#say-break button[type=submit]');
    await page.waitForSelector('.crisis-notice');
    t = await toastCheck(page);
    assert.deepEqual(t.covered, []);
    await context.close();
  });
}
