// settings.js — where you are (which crisis lines haven shows), your other
// devices (sync), where the data lives, and taking it in and out.

import { api, get, post } from '../api.js';
import { h, errorBox, counted, fillIn, when } from '../dom.js';

// The region chooser: the same setting as `haven config set region`.
// Unset, haven follows this computer's language settings when they name a
// country; "somewhere else" shows the international directory.
function regionCard(r) {
  const known = new Map(r.regions.map((x) => [x.code, x.name]));
  // "Somewhere else" must really mean the international directory: when
  // the computer's settings would pick a country, it is kept as ZZ (no
  // country), the same as `haven config set region ZZ`.
  // A set region is shown by its list (GB is the United Kingdom's).
  const elsewhere = r.region && !r.showing ? r.region : r.locale ? 'ZZ' : '';
  const current = r.region ? r.showing || elsewhere : r.locale ? '' : elsewhere;
  const select = h(
    'select',
    { id: 'region', 'aria-describedby': 'region-hint' },
    r.locale
      ? h(
          'option',
          { value: '' },
          `Not chosen: follow this computer (${known.get(r.locale_region) || 'the international directory'})`,
        )
      : null,
    r.regions.map((x) => h('option', { value: x.code }, x.name)),
    h('option', { value: elsewhere }, 'Somewhere else: show the international directory'),
  );
  select.value = current;
  const status = h('p', { role: 'status', id: 'region-status' });
  return h(
    'section',
    { class: 'card region-choice' },
    h('h2', {}, 'Where you are'),
    h('label', { for: 'region' }, 'Your country'),
    h(
      'p',
      { class: 'hint', id: 'region-hint' },
      'When something you write sounds like you may not be safe, haven shows the emergency number and crisis lines for this country. It stays on this computer.',
    ),
    select,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          id: 'region-save',
          onclick: async () => {
            try {
              const saved = await api('PUT', 'settings/region', { region: select.value || null });
              const where = known.get(saved.showing);
              status.textContent = where
                ? `Saved. haven will show the lines for ${where}.`
                : 'Saved. haven will show the international directory.';
            } catch (e) {
              status.replaceChildren(errorBox(e));
            }
          },
        },
        'Save',
      ),
    ),
    status,
    h('p', { class: 'note' }, h('a', { href: '#/help' }, 'See the lines now')),
  );
}

// One other device: its id, how many of its files came in here, and when
// it last wrote to the folder.
function otherDevice(d, w) {
  return h(
    'li',
    { 'data-device': d.device },
    h('code', {}, d.device),
    ': ',
    counted(w.other_applied, d.applied),
    ', ',
    d.last_seen ? fillIn(w.other_seen, { when: when(d.last_seen) }) : w.other_unseen,
  );
}

// The switch for sync.auto, saved as soon as it is flipped; on failure it
// goes back to what is saved and says why.
function autoSwitch(s, w) {
  const status = h('p', { role: 'status', id: 'sync-status' });
  const box = h('input', {
    type: 'checkbox',
    id: 'sync-auto',
    role: 'switch',
    'aria-describedby': 'sync-auto-hint',
    checked: s.auto,
  });
  box.addEventListener('change', async () => {
    try {
      const saved = await api('PUT', 'sync', { auto: box.checked });
      box.checked = saved.auto;
      status.textContent = saved.auto ? w.auto_on : w.auto_off;
    } catch (e) {
      box.checked = !box.checked;
      status.replaceChildren(errorBox(e));
    }
  });
  return [
    h('label', { class: 'check', for: 'sync-auto' }, box, w.auto),
    h('p', { class: 'hint', id: 'sync-auto-hint' }, w.auto_hint),
    status,
  ];
}

// Sync as `haven sync` keeps it: set up or not, and when set up, where,
// as which device, when, the switch, and the other devices.
function syncCard(s) {
  const w = s.words;
  if (!s.set_up)
    return h(
      'section',
      { class: 'card', id: 'sync' },
      h('h2', {}, w.title),
      h('p', {}, w.not_set_up),
      h('p', {}, h('code', {}, w.not_set_up_command)),
    );
  return h(
    'section',
    { class: 'card', id: 'sync' },
    h('h2', {}, w.title),
    h(
      'dl',
      { class: 'entry-details' },
      h('dt', {}, w.folder),
      h('dd', { id: 'sync-folder' }, h('code', {}, s.folder)),
      h('dt', {}, w.device),
      h('dd', { id: 'sync-device' }, h('code', {}, s.device)),
      h('dt', {}, w.last_sync),
      h('dd', { id: 'sync-last' }, s.last_sync ? when(s.last_sync) : w.never),
    ),
    autoSwitch(s, w),
    h('h3', {}, w.others),
    s.problem
      ? h('p', { class: 'note', id: 'sync-problem' }, fillIn(w.problem, { why: s.problem }))
      : s.devices.length
        ? h(
            'ul',
            { id: 'sync-devices' },
            s.devices.map((d) => otherDevice(d, w)),
          )
        : h('p', { id: 'sync-devices-none' }, w.others_none),
    h('p', { class: 'note' }, w.note),
  );
}

export async function render(main) {
  const [info, region, sync] = await Promise.all([
    get('settings'),
    get('settings/region'),
    get('sync'),
  ]);
  const result = h('p', { role: 'status' });
  const file = h('input', {
    type: 'file',
    id: 'import-file',
    accept: '.jsonl,application/x-ndjson,application/json',
  });
  main.append(
    h('h1', {}, 'Settings'),
    regionCard(region),
    syncCard(sync),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Your soothing toolkit'),
      h(
        'p',
        {},
        'The things that calm you, in three groups, kept beside the practices so they are close at hand when you need them.',
      ),
      h('a', { class: 'button', href: '#/practices' }, 'Open the toolkit'),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Your data'),
      h('p', {}, 'Everything is kept in one file on this computer:'),
      h('p', {}, h('code', {}, info.database)),
      info.vault ? h('p', {}, 'It is sealed in a vault: opened only with your passphrase.') : null,
      h('p', { class: 'note' }, 'haven never sends anything over the network.'),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Export'),
      h(
        'p',
        {},
        'Download everything as JSON Lines: every entry, with every field, so it can be imported again.',
      ),
      info.vault
        ? h(
            'p',
            { class: 'note', id: 'export-plain' },
            'Your journal is sealed in a vault, but this download is not: it is plain text that anyone with the file can read. ' +
              'Keep it somewhere private, or make a sealed backup instead.',
          )
        : null,
      h(
        'a',
        { class: 'button', href: '/api/export', download: 'haven-export.jsonl' },
        'Download export',
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Import'),
      h(
        'p',
        {},
        'Bring in a file exported from haven. It lands whole or not at all; importing the same file twice adds nothing.',
      ),
      h('label', { for: 'import-file' }, 'Export file'),
      file,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            onclick: async () => {
              if (!file.files.length) {
                result.textContent = 'Choose a file first.';
                return;
              }
              try {
                const r = await post('import', await file.files[0].text());
                result.textContent = `Imported: ${r.added} added, ${r.updated} updated, ${r.unchanged} already here.`;
              } catch (e) {
                result.replaceChildren(errorBox(e));
              }
            },
          },
          'Import',
        ),
      ),
      result,
    ),
  );
}
