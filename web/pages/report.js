// report.js — the report for a therapist (the web side of `haven report`):
// the person picks the dates and the parts, and downloads the report as a
// PDF or one HTML file, made on this computer by the same library as the
// CLI.  The download links follow the choices as they change; with no part
// chosen they are hidden and the page says why.  "Show it here" draws the
// same report in the page (its charts the library's own SVG), to read or
// print: on paper only the report is left.  Every word comes from
// data/report.json through /api/report.

import { get } from '../api.js';
import { h, fill, errorBox, svgFrom, toast, pageName } from '../dom.js';

const iso = (d) => d.toISOString().slice(0, 10);

function chooser(sections, w) {
  return h(
    'fieldset',
    { id: 'report-sections' },
    h('legend', {}, w.sections),
    sections.map((s) =>
      h(
        'p',
        { class: 'check' },
        h('input', { type: 'checkbox', id: `report-${s.id}`, value: s.id, checked: true }),
        ' ',
        h('label', { for: `report-${s.id}` }, s.title),
      ),
    ),
  );
}

const tags = { h1: 'h2', p: 'p', note: 'p', item: 'li', voice: 'p' };

// The report's blocks as the page shows them, list items grouped.
function view(doc) {
  const out = [h('h2', { class: 'report-title' }, doc.title)];
  let list = null;
  for (const b of doc.blocks) {
    if (b.kind !== 'item') list = null;
    if (b.kind === 'chart') {
      out.push(h('figure', {}, h('figcaption', {}, b.title), svgFrom(b.svg)));
    } else if (b.kind === 'item') {
      if (!list) out.push((list = h('ul', {})));
      list.append(h('li', {}, b.text));
    } else {
      out.push(
        h(tags[b.kind], { class: b.kind === 'p' || b.kind === 'h1' ? null : b.kind }, b.text),
      );
    }
  }
  if (doc.footer) out.push(h('p', { class: 'note' }, doc.footer));
  return out;
}

function dateField(id, label, value) {
  return h(
    'p',
    {},
    h('label', { for: id }, label),
    ' ',
    h('input', { type: 'date', id, value, required: true }),
  );
}

export async function render(main) {
  let data;
  try {
    data = await get('report');
  } catch (e) {
    main.append(h('h1', {}, pageName('report')), errorBox(e));
    return;
  }
  const w = data.words.web;
  const today = new Date();
  const start = new Date(today.getTime() - 89 * 86400000);
  const pdf = h('a', { class: 'button', id: 'report-pdf', download: 'haven-report.pdf' }, w.pdf);
  const html = h(
    'a',
    { class: 'button', id: 'report-html', download: 'haven-report.html' },
    w.html,
  );
  const shown = h('section', { id: 'report-view', class: 'card printable', hidden: true });
  const show = h('button', { type: 'button', id: 'report-show' }, w.preview);
  const print = h(
    'button',
    { type: 'button', id: 'report-print', hidden: true, onclick: () => window.print() },
    w.print,
  );
  const links = h('p', { class: 'actions' }, pdf, ' ', html, ' ', show, ' ', print);
  const problem = h('p', { id: 'report-problem', role: 'status' });
  const form = h(
    'form',
    { id: 'report-form', onsubmit: (e) => e.preventDefault() },
    dateField('report-from', w.from, iso(start)),
    dateField('report-to', w.to, iso(today)),
    chooser(data.sections, w),
  );
  const update = () => {
    const chosen = [...form.querySelectorAll('#report-sections input:checked')].map((i) => i.value);
    const from = form.querySelector('#report-from').value;
    const to = form.querySelector('#report-to').value;
    const q = new URLSearchParams({ from, to, sections: chosen.join(',') });
    pdf.href = `/api/report/file?${q}&format=pdf`;
    html.href = `/api/report/file?${q}&format=html`;
    links.hidden = chosen.length === 0 || !from || !to;
    problem.textContent = chosen.length ? '' : w.none_chosen;
  };
  show.addEventListener('click', async () => {
    try {
      fill(
        shown,
        view(await get(pdf.getAttribute('href').replace('format=pdf', 'format=json').slice(5))),
      );
      shown.hidden = false;
      print.hidden = false;
    } catch (e) {
      toast(e.message);
    }
  });
  form.addEventListener('change', () => {
    shown.hidden = true;
    print.hidden = true;
  });
  form.addEventListener('change', update);
  form.addEventListener('input', update);
  update();
  main.append(
    h('h1', {}, w.heading),
    h('p', { class: 'lead' }, w.lead),
    form,
    problem,
    links,
    shown,
  );
}
