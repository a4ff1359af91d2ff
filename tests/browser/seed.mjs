// seed.mjs — ten weeks of a life in haven, written through the CLI, for the
// tests that look at pages as a person who has used haven for a while sees
// them: journal entries whose protest share falls and whose recovery gets
// faster, check-ins, rated practices, two self-assessments weeks apart,
// thought records, held drafts (one ready, one still resting), a kept
// script and a soothing toolkit.

const DAY = 86400000;

// "2026-10-01 14:05" in local time, as haven's --at reads it.
function at(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const protest = ['extra-texts', 'checked-phone', 'repeated-calls', 'checked-socials'];
const soothing = ['breathed', 'grounded', 'called-friend', 'paused', 'self-soothed'];
const kinds = ['partner-distance', 'work', 'conflict', 'social', 'self-talk', 'routine-change'];
const what = [
  'No reply since lunch',
  'Meeting moved without a word',
  'He seemed distant at dinner',
  'Left on read',
  'Friend cancelled plans',
  'Thought about the old breakup',
];

// now: the moment the ten weeks end (a fixed one makes pages the same on
// every run, for screenshot comparisons).
export function seed(haven, now = Date.now()) {
  const start = now - 70 * DAY;
  let k = 0;
  for (let week = 0; week < 10; week++) {
    const n = 4 - Math.floor(week / 4); // fewer entries as weeks pass
    for (let i = 0; i < n; i++, k++) {
      const when = start + week * 7 * DAY + i * 1.6 * DAY + ((k * 5) % 12) * 3600000 + 9 * 3600000;
      // Protest responses three times in four at first, one in four at the end.
      const share = 0.75 - 0.5 * (week / 9);
      const isProtest = ((k * 7) % 10) / 10 < share;
      const args = [
        'log',
        '-i',
        String(Math.max(2, 8 - Math.floor(week / 2) - (i % 2))),
        '-k',
        kinds[k % kinds.length],
        '--at',
        at(when),
        '--did',
        isProtest ? protest[k % protest.length] : soothing[k % soothing.length],
        '--recovered',
        String(Math.max(10, 90 - week * 8 + (i % 3) * 5)),
        '--emotion',
        'fear',
        '--thought',
        "they're pulling away",
        what[k % what.length],
      ];
      haven.cli(...args);
    }
    haven.cli(
      'checkin',
      String(Math.max(1, 7 - Math.floor(week / 2))),
      '--note',
      'after work',
      '--at',
      at(start + week * 7 * DAY + 2 * DAY + 20 * 3600000),
    );
  }
  for (const [tech, before, after] of [
    ['three', 7, 4],
    ['three', 6, 3],
    ['box', 8, 5],
    ['box', 7, 4],
    ['box', 6, 3],
    ['three', 5, 2],
  ]) {
    haven.cli(
      'breathe',
      tech,
      '--pace',
      '0.01',
      '--before',
      String(before),
      '--after',
      String(after),
    );
  }
  for (let i = 0; i < 3; i++)
    haven.cli('ground', '--pace', '0.01', '--before', '6', '--after', String(4 - (i % 2)));
  const answers = (a, d) =>
    [...Array(12)]
      .map((_, i) => `a${i + 1}=${a}`)
      .concat([...Array(16)].map((_, i) => `d${i + 1}=${d}`))
      .join(',');
  haven.cli('assess', 'take', 'guide', '--answers', answers(5, 3), '--at', at(start + 3 * DAY));
  haven.cli('assess', 'take', 'guide', '--answers', answers(4, 3), '--at', at(start + 45 * DAY));
  haven.cli(
    'thought',
    '--situation',
    'No reply for hours',
    '--thought',
    'He always ignores me, he must be leaving',
    '--emotion',
    'anxious=80',
    '--against',
    'He said he had a long meeting',
    '--balanced',
    'He is busy today',
    '--rerate',
    'anxious=40',
  );
  haven.cli('thought', '--thought', 'I ruin everything', '--emotion', 'sad=70');
  haven.cli('coach', '--hold', '1s', 'Why do you never text me first??');
  haven.cli('coach', '--hold', '1d', 'Fine, do whatever you want.');
  haven.cli('say', 'break', '--keep', 'I need twenty minutes, then I will come back to this.');
  haven.cli('soothe', 'add', '--group', 'body', 'a warm shower');
  haven.cli('soothe', 'add', '--group', 'mind', 'the crossword');
  // The held draft of one second is ready by the time a page asks.
  const until = Date.now() + 1100;
  while (Date.now() < until) {
    /* wait out the hold */
  }
}
