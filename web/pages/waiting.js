// waiting.js — "Waiting for a reply", the chat reality check in the
// browser: bring in an exported chat, ask whether the silence since your
// message is ordinary for this person, and look at your own side of the
// conversation month by month.
//
// Every figure and every sentence about a silence comes from the library,
// the same JSON as `haven --json chat wait Sam --for 25m`; the page lays it
// out, turns the actions the offer names into links to the practices,
// and adds no judgement about the other person.  Its own words are in
// data/chat-web.json.  The export is sent as the file's bytes, so the
// server reads exactly the file the person chose.

import { get, del, postBytes } from '../api.js';
import { h, errorBox, fillIn } from '../dom.js';
import { actionRoutes } from '../app.js';

let words = null; // data/chat-web.json
let route = null; // an action's page (app.js)
let chosen = null; // the contact being looked at
let status = null; // the page's status line, kept across refreshes
const MONTHS_SHOWN = 12; // newest months shown before "Show all"

// "5 messages", "1 message": the two forms in the data.
const count = (key, n, forms = words.count) => fillIn(forms[key][n === 1 ? 0 : 1], { n });

// Minutes as the library words them (hv_chat_duration): "25 minutes",
// "1 hour 10 minutes", "3 hours", "2 days"; short ("1 h 10 min") in the table.
function duration(minutes, forms = words.count) {
  const m = Math.round(minutes);
  if (m < 1) return words.less_than_a_minute;
  if (m < 60) return count('minute', m, forms);
  if (m < 6 * 60 && m % 60)
    return `${count('hour', Math.floor(m / 60), forms)} ${count('minute', m % 60, forms)}`;
  if (m < 48 * 60) return count('hour', Math.floor((m + 30) / 60), forms);
  return count('day', Math.floor((m + 720) / 1440), forms);
}

// "2024-01-05" and "2024-01" are local calendar dates, not instants.
function day(text) {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}
function monthName(text) {
  const [y, m] = text.split('-').map(Number);
  return new Date(y, m - 1, 1).toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
}

function say(text) {
  status.textContent = text;
}

// A labelled field with its hint inside the label, as on the other pages.
function field(id, label, hint, input) {
  return [h('label', { for: id }, label, hint ? h('span', { class: 'hint' }, hint) : null), input];
}

// --- bringing a chat in -------------------------------------------------------

function importForm(onImported) {
  const W = words.import;
  const file = h('input', { type: 'file', id: 'chat-file', accept: '.txt,.zip,.json' });
  const me = h('input', { type: 'text', id: 'chat-me', maxlength: '200', autocomplete: 'off' });
  const contact = h('input', {
    type: 'text',
    id: 'chat-with',
    maxlength: '200',
    autocomplete: 'off',
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit' }, W.button);
  const f = h(
    'form',
    { 'aria-label': W.label },
    field('chat-file', W.file, W.file_hint, file),
    field('chat-me', W.me, W.me_hint, me),
    field('chat-with', W.contact, W.contact_hint, contact),
    error,
    h('div', { class: 'actions' }, button),
  );
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const chat = file.files[0];
    if (!chat) {
      error.textContent = W.choose;
      return;
    }
    const q = new URLSearchParams({ name: chat.name });
    if (me.value.trim()) q.set('me', me.value.trim());
    if (contact.value.trim()) q.set('contact', contact.value.trim());
    button.disabled = true;
    say(W.busy);
    try {
      const r = await postBytes('chat/import?' + q, await chat.arrayBuffer());
      const n = r.skipped_lines.length;
      chosen = r.contacts[0] || chosen;
      await onImported(
        fillIn(W.done, {
          messages: count('message', r.messages),
          contacts: r.contacts.join(', '),
          new: count('new', r.added),
        }) +
          (n ? ' ' + fillIn(W.skipped, { lines: count('line', n), were: count('were', n) }) : ''),
      );
    } catch (e) {
      // The library names its command-line options (--me NAME); say which
      // field that is here, and go there.
      const need = /--me\b/.test(e.message)
        ? [W.need_me, me]
        : /--contact\b/.test(e.message)
          ? [W.need_contact, contact]
          : null;
      say('');
      error.textContent = need ? `${e.message} ${need[0]}` : e.message;
      button.disabled = false;
      need?.[1].focus();
    }
  });
  return f;
}

function startCard(onImported) {
  const W = words.start;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'chat-start' },
    h('h2', { id: 'chat-start' }, W.title),
    h('p', {}, W.how),
    h('p', {}, W.kept),
    h('p', { class: 'note' }, W.export),
    importForm(onImported),
  );
}

function importAgain(onImported) {
  const W = words.import;
  return h(
    'details',
    { class: 'card' },
    h('summary', {}, W.again),
    h('p', { class: 'note' }, W.again_hint),
    h('p', { class: 'note' }, words.start.export),
    importForm(onImported),
  );
}

// --- the reality check ------------------------------------------------------------

// The offer, with each action it names ("{pause}", one of its "do") as a
// link to that practice's page, in the page's words for it.
function offer(w) {
  return h(
    'p',
    {},
    w.offer.split(/\{([a-z0-9-]+)\}/).map((part, i) => {
      if (i % 2 === 0 || !w.do.includes(part)) return i % 2 ? `{${part}}` : part;
      const href = route(part);
      const text = words.offer_links[part] || part;
      return href ? h('a', { href }, text) : text;
    }),
  );
}

// "Since 14:05, 25 minutes ago." when the time was given, "For 25
// minutes." otherwise: the silence as the person asked about it.
function asked(w, since) {
  if (w.silence_minutes === null) return null;
  const W = words.check;
  return h(
    'p',
    { class: 'muted', id: 'wait-asked' },
    since
      ? fillIn(W.since_line, { time: since, duration: duration(w.silence_minutes) })
      : fillIn(W.for_line, { duration: duration(w.silence_minutes) }),
  );
}

function showResult(box, w, since) {
  const [first, second, ...rest] = w.sentences;
  const title = h('h2', { id: 'wait-result', tabindex: '-1' }, words.check.result);
  const line = asked(w, since);
  box.replaceChildren(
    title,
    ...(line ? [line] : []),
    h('p', {}, h('strong', {}, first)),
    ...(second ? [h('p', {}, second)] : []),
    ...rest.map((s) => h('p', { class: 'note' }, s)),
    // When the quiet is unusual the library offers next steps, the coach
    // among them; they get a heading of their own, so they can be found.
    ...(w.unusual ? [h('h3', { id: 'wait-next' }, words.check.next)] : []),
    offer(w),
  );
  box.hidden = false;
  title.focus();
}

function checkCard(names, result, onPick) {
  const W = words.check;
  const minutes = h('input', {
    type: 'number',
    id: 'wait-minutes',
    min: '1',
    step: 'any',
    inputmode: 'decimal',
  });
  const since = h('input', { type: 'time', id: 'wait-since' });
  // One of the two: typing in one clears the other.
  minutes.addEventListener('input', () => {
    if (minutes.value) since.value = '';
  });
  since.addEventListener('input', () => {
    if (since.value) minutes.value = '';
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const picker =
    names.length > 1
      ? field(
          'wait-contact',
          W.contact,
          null,
          h(
            'select',
            { id: 'wait-contact', onchange: (ev) => onPick(ev.target.value) },
            names.map((n) => h('option', { value: n, selected: n === chosen }, n)),
          ),
        )
      : [h('p', {}, fillIn(W.one_contact, { name: chosen }))];
  async function check() {
    error.textContent = '';
    const q = new URLSearchParams({ contact: chosen });
    const at = since.value; // "14:05", as the server's clock reads it
    if (minutes.value) q.set('minutes', minutes.value);
    else if (at) q.set('since', at);
    say(W.busy);
    try {
      let w;
      try {
        w = await get('chat/wait?' + q);
      } catch (e) {
        // A clock time still ahead today was yesterday's (a message sent
        // at 23:50, asked about at 00:10); the server's clock decides.
        if (!at || !/future/.test(e.message)) throw e;
        q.set('since', `yesterday ${at}`);
        w = await get('chat/wait?' + q);
      }
      say('');
      showResult(result, w, at && !minutes.value ? at : null);
    } catch (e) {
      say('');
      error.textContent = e.message;
    }
  }
  const f = h(
    'form',
    { class: 'card', 'aria-labelledby': 'wait-title' },
    h('h2', { id: 'wait-title' }, W.title),
    picker,
    h(
      'fieldset',
      {},
      h('legend', {}, W.question),
      h(
        'div',
        { class: 'actions' },
        W.quick.map((n) =>
          h(
            'button',
            {
              type: 'button',
              class: 'quiet',
              onclick: () => {
                minutes.value = n;
                since.value = '';
                check();
              },
            },
            duration(n),
          ),
        ),
      ),
      field('wait-minutes', W.minutes, null, minutes),
      field('wait-since', W.since, W.since_hint, since),
    ),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, W.button)),
  );
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    check();
  });
  return f;
}

// --- your own pattern -----------------------------------------------------------------

// Six columns do not fit a phone: the table scrolls sideways inside its
// card instead of widening the page.  The region can take focus, so the
// keyboard can scroll it too.  (Set through the style object, which the
// page's Content-Security-Policy allows, unlike a style attribute.)
function scrolling(table) {
  const box = h(
    'div',
    { role: 'region', tabindex: '0', 'aria-labelledby': 'pattern-title' },
    table,
  );
  box.style.overflowX = 'auto';
  return box;
}

function patternRow(m) {
  const none = () => [
    h('span', { 'aria-hidden': 'true' }, '—'),
    h('span', { class: 'visually-hidden' }, words.pattern.no_reply),
  ];
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, monthName(m.month)),
    h('td', {}, m.messages),
    h('td', {}, m.followup_percent === null ? '—' : `${Math.round(m.followup_percent)} %`),
    h('td', {}, m.longest_followup_run),
    h('td', {}, m.night_messages),
    h(
      'td',
      {},
      m.own_typical_reply_minutes === null
        ? none()
        : duration(m.own_typical_reply_minutes, words.short),
    ),
  );
}

async function patternCard() {
  const W = words.pattern,
    C = W.columns;
  const p = await get('chat/patterns?' + new URLSearchParams({ contact: chosen }));
  const months = [...p.months].reverse();
  const title = h('h2', { id: 'pattern-title', tabindex: '-1' }, W.title);
  const box = h('section', { class: 'card', 'aria-labelledby': 'pattern-title' }, title);
  if (!months.length) {
    box.append(h('p', { class: 'muted' }, W.none));
    return box;
  }
  const body = h('tbody', {}, months.slice(0, MONTHS_SHOWN).map(patternRow));
  const more =
    months.length > MONTHS_SHOWN
      ? h(
          'div',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'quiet',
              onclick: (ev) => {
                body.replaceChildren(...months.map(patternRow));
                ev.target.parentElement.remove();
                title.focus(); // the button is gone; the table is where to go on
              },
            },
            fillIn(W.more, { months: count('month', months.length) }),
          ),
        )
      : null;
  const table = h(
    'table',
    { 'aria-labelledby': 'pattern-title' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [C.month, C.messages, C.followups, C.run, C.night, C.reply].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    body,
  );
  box.append(
    h('p', {}, W.intro),
    scrolling(table),
    ...(more ? [more] : []),
    h('p', { class: 'note' }, p.note),
  );
  return box;
}

// --- this chat, and forgetting it ---------------------------------------------------------

function chatCard(info, onForgot) {
  const W = words.forget;
  const error = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'quiet' }, W.button);
  let armed = false; // the first click asks; only the second forgets
  button.addEventListener('blur', () => {
    armed = false;
    button.textContent = W.button;
  });
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = fillIn(W.confirm, { name: info.contact });
      return;
    }
    button.disabled = true;
    try {
      const r = await del('chat/' + encodeURIComponent(info.contact));
      await onForgot(fillIn(W.done, { name: r.contact, messages: count('message', r.messages) }));
    } catch (e) {
      error.textContent = e.message;
      button.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'chat-title' },
    h('h2', { id: 'chat-title' }, W.title),
    h(
      'p',
      {},
      fillIn(W.held, {
        first: day(info.first),
        last: day(info.last),
        messages: count('message', info.messages),
        imports: count('time', info.imports),
      }),
    ),
    h('p', { class: 'note' }, W.hint),
    error,
    h('div', { class: 'actions' }, button),
  );
}

// --- the page -----------------------------------------------------------------------------

async function refresh(body) {
  const list = await get('chat');
  // A status line the person should hear, then focus on it, since the
  // button that was pressed is gone.
  const done = async (message) => {
    try {
      await refresh(body);
    } catch (e) {
      body.replaceChildren(errorBox(e));
    }
    say(message);
    status.focus();
  };
  if (!list.some((c) => c.contact === chosen)) chosen = list.length ? list[0].contact : null;
  if (!chosen) {
    body.replaceChildren(startCard(done));
    return;
  }
  const result = h('section', {
    class: 'card reflection-note',
    'aria-labelledby': 'wait-result',
    hidden: true,
  });
  const mine = h('div', {});
  const show = async () => {
    mine.replaceChildren(
      await patternCard(),
      chatCard(
        list.find((c) => c.contact === chosen),
        done,
      ),
    );
  };
  const pick = async (name) => {
    chosen = name;
    result.hidden = true;
    result.replaceChildren();
    try {
      await show();
    } catch (e) {
      mine.replaceChildren(errorBox(e));
    }
  };
  await show();
  body.replaceChildren(
    checkCard(
      list.map((c) => c.contact),
      result,
      pick,
    ),
    result,
    mine,
    importAgain(done),
  );
}

export async function render(main) {
  if (!words) words = await get('content/chat-web.json');
  if (!route) route = await actionRoutes();
  status = h('p', { role: 'status', id: 'waiting-status', tabindex: '-1' });
  const body = h('div', {});
  main.append(h('h1', {}, words.title), h('p', {}, words.intro), status, body);
  await refresh(body);
}
