// settings.js — where you are (which crisis lines haven shows), your other
// devices (sync), where the data lives, and taking it in and out.

import { api, get, post } from '../api.js';
import { h, errorBox, counted, fillIn, when } from '../dom.js';
import { showCrisis } from '../crisis.js';

// The region chooser: the same setting as `haven config set region`.
// Unset, haven follows this computer's language settings when they name a
// country; "somewhere else" shows the international directory.
function regionCard(r, w) {
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
          fillIn(w.follow, { where: known.get(r.locale_region) || w.international }),
        )
      : null,
    r.regions.map((x) => h('option', { value: x.code }, x.name)),
    h('option', { value: elsewhere }, w.elsewhere),
  );
  select.value = current;
  const status = h('p', { role: 'status', id: 'region-status' });
  return h(
    'section',
    { class: 'card region-choice' },
    h('h2', {}, w.title),
    h('label', { for: 'region' }, w.label),
    h('p', { class: 'hint', id: 'region-hint' }, w.hint),
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
              status.textContent = where ? fillIn(w.saved, { where }) : w.saved_international;
            } catch (e) {
              status.replaceChildren(errorBox(e));
            }
          },
        },
        w.save,
      ),
    ),
    status,
    h('p', { class: 'note' }, h('a', { href: '#/help' }, w.see)),
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
      status.textContent = saved.auto
        ? w.auto_on
        : fillIn(w.auto_off, { sync_command: s.sync_command });
    } catch (e) {
      box.checked = !box.checked;
      status.replaceChildren(errorBox(e));
    }
  });
  return [
    h('label', { class: 'check', for: 'sync-auto' }, box, w.auto),
    h(
      'p',
      { class: 'hint', id: 'sync-auto-hint' },
      fillIn(w.auto_hint, { sync_command: s.sync_command }),
    ),
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
      h('p', {}, h('code', {}, s.init_command)),
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
        : h(
            'p',
            { id: 'sync-devices-none' },
            fillIn(w.others_none, { init_command: s.init_command }),
          ),
    h('p', { class: 'note' }, w.note),
  );
}

export async function render(main) {
  const [info, region, sync, w] = await Promise.all([
    get('settings'),
    get('settings/region'),
    get('sync'),
    get('content/settings-web.json'),
  ]);
  const result = h('p', { role: 'status' });
  const file = h('input', {
    type: 'file',
    id: 'import-file',
    accept: '.jsonl,application/x-ndjson,application/json',
  });
  main.append(
    h('h1', {}, w.title),
    regionCard(region, w.region),
    syncCard(sync),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, w.toolkit.title),
      h('p', {}, w.toolkit.text),
      h('a', { class: 'button', href: '#/practices' }, w.toolkit.open),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, w.data.title),
      h('p', {}, w.data.where),
      h('p', {}, h('code', {}, info.database)),
      info.vault ? h('p', {}, w.data.vault) : null,
      h('p', { class: 'note' }, w.data.local),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, w.export.title),
      h('p', {}, w.export.text),
      info.vault ? h('p', { class: 'note', id: 'export-plain' }, w.export.plain) : null,
      h(
        'a',
        { class: 'button', href: '/api/export', download: 'haven-export.jsonl' },
        w.export.download,
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, w.import.title),
      h('p', {}, w.import.text),
      h('label', { for: 'import-file' }, w.import.label),
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
                result.textContent = w.import.choose;
                return;
              }
              try {
                const r = await post('import', await file.files[0].text());
                result.textContent = fillIn(w.import.done, r);
                if (r.crisis) showCrisis(r);
              } catch (e) {
                result.replaceChildren(errorBox(e));
              }
            },
          },
          w.import.button,
        ),
      ),
      result,
    ),
  );
}
