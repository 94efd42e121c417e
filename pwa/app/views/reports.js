// The reports screen (« Rapports »). It covers one year, and one commune
// or all those the user may read. Charts and tables show the time against
// the allowance, interventions, fleet, PCs to replace, loans, maintenance,
// participation and projection, with links to the PDF and CSV files. The
// server computes the report, so the screen needs the network.

import { api, ApiError, NetworkError } from '../api.js';
import { all } from '../db.js';
import { parisYear } from '../days.js';
import { h, linkList } from '../dom.js';
import { compareNames, formatDate, language, t } from '../i18n.js';
import { navigate } from '../router.js';
import { currentUser } from '../session.js';
import { ageSection, categorySection, communeDetails, projectionSection, summarySection, timeSection } from './report-sections.js';

// The first year a report may cover, as the server accepts it.
const FIRST_YEAR = 2000;

export async function reportsScreen({ query }) {
  const title = t('reports_title');
  const thisYear = parisYear();
  const asked = query.get('year');
  const year = readYear(asked, thisYear);
  const communeID = query.get('commune') ?? '';
  const communes = (await all('communes')).sort((a, b) => compareNames(a.name, b.name));

  const top = [h('h1', null, title), h('p', null, t('reports_intro')), pickForm(year, thisYear, communeID, communes)];
  if (asked !== null && String(year) !== asked.trim()) {
    top.push(h('p', { id: 'report-year-note', class: 'note', role: 'status' },
      t('reports_year_invalid', { asked: asked.slice(0, 20), first: String(FIRST_YEAR), last: String(thisYear + 1), year: String(year) })));
  }
  let report;
  try {
    const params = new URLSearchParams({ year: String(year) });
    if (communeID) params.set('commune_id', communeID);
    report = await api(`/api/v1/reports/communes?${params}`);
  } catch (err) {
    return { title, body: [top, loadError(err)], refresh: null };
  }

  return {
    title,
    body: [
      top,
      filesCard(year, communeID),
      tariffNote(report),
      report.items.length ? [
        timeSection(report),
        categorySection(report),
        ageSection(report),
        summarySection(report),
        h('section', { 'aria-labelledby': 'report-communes-title' },
          h('h2', { id: 'report-communes-title' }, t('reports_by_commune')),
          report.items.map((item) => communeDetails(item))),
        projectionSection(report),
      ] : h('p', { id: 'report-empty' }, t('reports_empty')),
    ],
    refresh: null,
  };
}

/** Builds the home screen's link to the reports, for every role. */
export function reportsCard() {
  return h('nav', { class: 'card', 'aria-label': t('reports_title') },
    linkList('home-reports', [{ href: '/reports', title: t('home_reports'), detail: t('home_reports_detail') }]));
}

/** Reads ?year=, the current year when it is missing or out of range. */
function readYear(text, thisYear) {
  const year = Number(text);
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= thisYear + 1 ? year : thisYear;
}

/**
 * Builds the form that picks the year and the commune. The years offered
 * are the last ten and the year shown, which may be older or the next.
 */
function pickForm(year, thisYear, communeID, communes) {
  const years = [];
  if (year > thisYear) years.push(String(year));
  for (let y = thisYear; y >= Math.max(FIRST_YEAR, thisYear - 10); y--) years.push(String(y));
  if (!years.includes(String(year))) years.push(String(year));
  const form = h('form', { id: 'report-form', class: 'card report-tools', action: '/reports', method: 'get' },
    h('div', { class: 'field' },
      h('label', { for: 'report-year' }, t('reports_year')),
      h('select', { id: 'report-year', name: 'year' }, years.map((y) => h('option', { value: y, selected: y === String(year) }, y)))),
    communes.length > 1 ? h('div', { class: 'field' },
      h('label', { for: 'report-commune' }, t('reports_commune')),
      h('select', { id: 'report-commune', name: 'commune' },
        h('option', { value: '' }, t('reports_all_communes')),
        communes.map((c) => h('option', { value: c.id, selected: c.id === communeID }, c.name)))) : null,
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'button primary' }, t('reports_show'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams({ year: form.elements.year.value });
    if (form.elements.commune?.value) params.set('commune', form.elements.commune.value);
    navigate(`/reports?${params}`);
  });
  return form;
}

/** Builds the links to the PDF and the CSV files of the report. */
function filesCard(year, communeID) {
  const link = (ext, label, extra = {}) => {
    const params = new URLSearchParams({ year: String(year), lang: language(), ...extra });
    if (communeID) params.set('commune_id', communeID);
    return h('a', { class: 'button', href: `/api/v1/reports/communes.${ext}?${params}`, download: '' }, label);
  };
  return h('section', { class: 'card', 'aria-labelledby': 'report-files-title' },
    h('h2', { id: 'report-files-title' }, t('reports_files')),
    h('p', { class: 'report-files' },
      link('pdf', t('reports_pdf')),
      link('csv', t('reports_csv')),
      link('csv', t('reports_csv_semicolon'), { separator: ';' })));
}

/** Says which tariff prices the participation, and links to the tariffs. */
function tariffNote(report) {
  const tariff = report.tariff;
  const text = tariff ? tariffLine(tariff) : t('reports_no_tariff');
  const role = currentUser().role;
  return [
    h('p', { id: 'report-tariff', class: tariff ? 'detail' : 'note' }, text),
    role === 'correspondent' ? null : h('p', null, h('a', { id: 'report-tariffs-link', class: 'button', href: '/reports/tariffs' }, t('tariffs_title'))),
  ];
}

/** Names the tariff and its period; an open period reads "from <day>". */
function tariffLine(tariff) {
  const from = formatDate(tariff.valid_from);
  if (!tariff.valid_to) return t('reports_tariff_open', { name: tariff.name, from });
  return t('reports_tariff', { name: tariff.name, from, to: formatDate(tariff.valid_to) });
}

function loadError(err) {
  if (err instanceof NetworkError) return h('p', { class: 'note', role: 'alert' }, t('reports_offline'));
  return h('p', { class: 'error', role: 'alert' }, err instanceof ApiError ? err.message : String(err));
}
