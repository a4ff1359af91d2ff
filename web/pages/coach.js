// coach.js — the message coach: read a draft before sending it, see the
// protest phrasing marked in the text itself with a plain reason, take a
// rewrite with one click, or hold the draft for a while and decide later.
// Where the coach names a script (a finding's "script"), a link opens its
// words on the Say page.  Every word of the page is data/coach-web.json's.

import { get, post } from '../api.js';
import { h, toast, errorBox, when, counted, fillIn } from '../dom.js';
import { showCrisis } from '../crisis.js';

let words = null; // data/coach-web.json

const enc = new TextEncoder();
const dec = new TextDecoder();

// The draft with each finding wrapped in <mark>; offsets are UTF-8 bytes.
function marked(draft, findings) {
  const bytes = enc.encode(draft);
  const spans = [...findings].sort((a, b) => a.start - b.start);
  const out = h('p', {
    class: 'draft',
    'aria-label': words.marked_label,
  });
  let at = 0;
  spans.forEach((f, i) => {
    if (f.start < at) return; // overlapping: the first one wins
    out.append(dec.decode(bytes.slice(at, f.start)));
    out.append(
      h(
        'mark',
        { title: f.why, 'aria-describedby': `why-${i}` },
        dec.decode(bytes.slice(f.start, f.end)),
      ),
    );
    at = f.end;
  });
  out.append(dec.decode(bytes.slice(at)));
  return out;
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = words.copied;
  } catch {
    // No clipboard (or no permission): select the text so Ctrl-C works.
    const sel = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(button.previousSibling);
    sel.removeAllRanges();
    sel.addRange(range);
    button.textContent = words.selected;
  }
}

// A link to a script on the Say page, in the words of data/scripts.json.
function sayLink(name, say) {
  const s = say && say.scripts.find((x) => x.name === name);
  return s
    ? h(
        'a',
        { class: 'say-link', href: `#/say/${encodeURIComponent(name)}` },
        `${say.words.from_coach}: ${s.title}`,
      )
    : null;
}

function suggestionList(suggestions, say) {
  const labels = words.kinds;
  return h(
    'ul',
    { class: 'suggestions' },
    suggestions.map((s) => {
      // A script is offered as a link to its page, not as words to copy.
      if (s.type === 'script') return say ? h('li', {}, sayLink(s.script, say)) : null;
      const text = h('span', { class: 'suggestion-text' }, s.text);
      const button = h('button', { type: 'button', class: 'quiet' }, words.copy);
      button.addEventListener('click', () => copy(s.text, button));
      return h(
        'li',
        {},
        h('strong', {}, (labels[s.type] || words.kind_other) + ': '),
        text,
        ' ',
        button,
      );
    }),
  );
}

function review(result, draft, say) {
  const box = h('section', { class: 'card', 'aria-live': 'polite', id: 'coach-result' });
  if (!result.findings.length) {
    box.append(h('h2', {}, words.nothing_title), h('p', {}, words.nothing));
  } else {
    box.append(
      h('h2', {}, words.noticed_title),
      marked(draft, result.findings),
      h(
        'ul',
        {},
        result.findings.map((f, i) =>
          h(
            'li',
            { id: `why-${i}` },
            h('strong', {}, `“${f.match}”`),
            ` — ${f.why}`,
            f.script && result.findings.findIndex((g) => g.script === f.script) === i
              ? [' ', sayLink(f.script, say)]
              : null,
          ),
        ),
      ),
    );
  }
  const shown = result.suggestions.filter((s) => s.type !== 'script' || sayLink(s.script, say));
  if (shown.length) box.append(h('h3', {}, words.ways_title), suggestionList(shown, say));
  return box;
}

async function heldList(box) {
  const held = await get('coach/held');
  box.replaceChildren(h('h2', {}, words.held_title));
  if (!held.ready.length) {
    box.append(
      h(
        'p',
        { class: 'muted' },
        held.waiting ? counted(words.resting, held.waiting) : words.no_held,
      ),
    );
    return;
  }
  for (const r of held.ready) {
    const decide = async (status, rewrite) => {
      await post(`coach/held/${r.id}`, rewrite ? { status, rewrite } : { status });
      toast(status === 'dropped' ? words.dropped : words.noted);
      heldList(box);
    };
    const rewrite = h('textarea', { 'aria-label': words.rewrite_label }, r.body.draft);
    box.append(
      h(
        'article',
        { class: 'card' },
        h(
          'p',
          {},
          h('span', { class: 'muted' }, fillIn(words.held_since, { when: when(r.created) }), ' '),
          r.body.draft,
        ),
        r.coach && r.coach.findings.length
          ? h('p', { class: 'note' }, counted(words.to_soften, r.coach.findings.length))
          : null,
        rewrite,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: () => decide('kept') }, words.keep),
          h(
            'button',
            { type: 'button', onclick: () => decide('rewritten', rewrite.value) },
            words.keep_rewrite,
          ),
          h(
            'button',
            { type: 'button', class: 'quiet', onclick: () => decide('dropped') },
            words.drop,
          ),
        ),
      ),
    );
  }
}

export async function render(main) {
  words = words || (await get('content/coach-web.json'));
  const draft = h('textarea', { id: 'draft', name: 'draft', rows: '5' });
  const out = h('div', {});
  const held = h('section', { 'aria-labelledby': 'held-title' });
  const form = h(
    'form',
    { class: 'card', 'aria-label': words.form_label },
    h('label', { for: 'draft' }, words.draft_label, h('span', { class: 'hint' }, words.draft_hint)),
    draft,
    h('p', { class: 'error', role: 'alert', id: 'coach-error' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, words.read),
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          id: 'hold',
          onclick: async () => {
            if (!draft.value.trim()) return;
            try {
              const r = await post('coach/hold', { draft: draft.value, hold: words.hold_for });
              showCrisis(r);
              toast(words.held_toast);
              draft.value = '';
              heldList(held);
            } catch (e) {
              form.querySelector('#coach-error').textContent = e.message;
            }
          },
        },
        words.hold,
      ),
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    form.querySelector('#coach-error').textContent = '';
    try {
      const result = await post('coach', { draft: draft.value });
      const say = await get('scripts').catch(() => null);
      out.replaceChildren(review(result, draft.value, say));
      showCrisis(result);
    } catch (e) {
      out.replaceChildren(errorBox(e));
    }
  });
  main.append(h('h1', {}, words.title), form, out, held);
  await heldList(held);
}
