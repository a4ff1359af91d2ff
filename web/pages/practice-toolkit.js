// practice-toolkit.js — the soothing toolkit on the Practices page: things
// that calm the person, in their own words, grouped by what they help
// (body, feelings, mind), each removable, one picked at random when
// choosing is too much.  Words: practices.json's "soothe", shared with the
// terminal, and practices-web.json's "toolkit".

import { get, post, del } from '../api.js';
import { h, toast, fillIn } from '../dom.js';
import { showCrisis } from '../crisis.js';
import { w } from './practice-words.js';

export async function toolkit() {
  const { words, page } = w;
  const tk = page.toolkit;
  const box = h('section', { class: 'card', 'aria-labelledby': 'soothe-title' });
  const listBox = h('div', {});
  const picked = h('p', { role: 'status', class: 'picked' });
  const text = h('input', { type: 'text', id: 'soothe-text', maxlength: '500', required: true });
  const group = h(
    'select',
    { id: 'soothe-group' },
    Object.entries(words.soothe.groups).map(([k, v]) => h('option', { value: k }, v)),
  );
  const error = h('p', { class: 'error', role: 'alert' });

  async function refresh() {
    const items = await get('soothe');
    if (!items.length) {
      listBox.replaceChildren(h('p', { class: 'muted' }, tk.empty));
      return;
    }
    const groups = Object.entries(words.soothe.groups).map(([k, title]) => {
      const mine = items.filter((r) => r.body.group === k);
      return mine.length
        ? h(
            'div',
            {},
            h('h3', {}, title),
            h(
              'ul',
              { class: 'entries' },
              mine.map((r) =>
                h(
                  'li',
                  { class: 'soothe-item' },
                  h('span', {}, r.body.text),
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'quiet',
                      'aria-label': fillIn(tk.remove_label, { text: r.body.text }),
                      onclick: async () => {
                        try {
                          await del('soothe/' + r.id);
                          toast(words.soothe.removed);
                          await refresh();
                        } catch (e) {
                          error.textContent = e.message;
                        }
                      },
                    },
                    tk.remove,
                  ),
                ),
              ),
            ),
          )
        : null;
    });
    listBox.replaceChildren(...groups.filter(Boolean));
  }

  const form = h(
    'form',
    { class: 'soothe-add', 'aria-label': tk.add_label },
    h('label', { for: 'soothe-text' }, tk.text),
    text,
    h('label', { for: 'soothe-group' }, tk.group),
    group,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, tk.add)),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    try {
      const saved = await post('soothe', { group: group.value, text: text.value });
      text.value = '';
      toast(words.soothe.added);
      await refresh();
      showCrisis(saved);
    } catch (e) {
      error.textContent = e.message;
    }
  });

  box.append(
    h('h2', { id: 'soothe-title' }, words.soothe.title),
    h('p', { class: 'note' }, page.soothe_intro),
    listBox,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          onclick: async () => {
            try {
              const one = await get('soothe/pick');
              picked.replaceChildren(words.soothe.pick + ' ', h('strong', {}, one.body.text));
            } catch (e) {
              picked.textContent = e.message;
            }
          },
        },
        tk.pick,
      ),
    ),
    picked,
    form,
  );
  await refresh();
  return box;
}
