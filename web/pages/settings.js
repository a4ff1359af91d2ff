// settings.js — where the data lives, and taking it in and out.

import { get, post } from '../api.js';
import { h, errorBox } from '../dom.js';

export async function render(main) {
  const info = await get('settings');
  const result = h('p', { role: 'status' });
  const file = h('input', { type: 'file', id: 'import-file', accept: '.jsonl,application/x-ndjson,application/json' });
  main.append(
    h('h1', {}, 'Settings'),
    h('section', { class: 'card' }, h('h2', {}, 'Your soothing toolkit'),
      h('p', {}, 'The things that calm you, in three groups, kept beside the practices so they are close at hand when you need them.'),
      h('a', { class: 'button', href: '#/practices' }, 'Open the toolkit')),
    h('section', { class: 'card' }, h('h2', {}, 'Your data'),
      h('p', {}, 'Everything is kept in one file on this computer:'),
      h('p', {}, h('code', {}, info.database)),
      info.vault ? h('p', {}, 'It is sealed in a vault: opened only with your passphrase.') : null,
      h('p', { class: 'note' }, 'haven never sends anything over the network.')),
    h('section', { class: 'card' }, h('h2', {}, 'Export'),
      h('p', {}, 'Download everything as JSON Lines: every entry, with every field, so it can be imported again.'),
      info.vault ? h('p', { class: 'note', id: 'export-plain' },
        'Your journal is sealed in a vault, but this download is not: it is plain text that anyone with the file can read. ' +
        'Keep it somewhere private, or make a sealed copy with haven backup.') : null,
      h('a', { class: 'button', href: '/api/export', download: 'haven-export.jsonl' }, 'Download export')),
    h('section', { class: 'card' }, h('h2', {}, 'Import'),
      h('p', {}, 'Bring in a haven export. It lands whole or not at all; importing the same file twice adds nothing.'),
      h('label', { for: 'import-file' }, 'Export file'), file,
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: async () => {
        if (!file.files.length) { result.textContent = 'Choose a file first.'; return; }
        try {
          const r = await post('import', await file.files[0].text());
          result.textContent = `Imported: ${r.added} added, ${r.updated} updated, ${r.unchanged} already here.`;
        } catch (e) { result.replaceChildren(errorBox(e)); }
      } }, 'Import')), result));
}
