// The sections of the reports screen: each chart comes with a table of
// the same numbers, so that a screen reader or a printout loses nothing.

import { barChart } from '../charts.js';
import { h } from '../dom.js';
import { formatAmount, formatDate, formatDuration, formatNumber, t } from '../i18n.js';

const AGE_BANDS = ['under_3', '3_to_4', '5_to_6', '7_and_more', 'unknown'];

function euros(cents) {
  return cents === null || cents === undefined ? '—' : formatAmount(cents / 100);
}

function percent(value) {
  return value === null || value === undefined ? '—' : `${formatNumber(value)} %`;
}

/**
 * Builds a table with a caption, header cells and rows of cells; cells
 * after the first are numbers, aligned right.
 * @param {string} id
 * @param {string} caption
 * @param {string[]} headers
 * @param {(string|number)[][]} rows
 * @param {(string|number)[]} [footer]
 */
function table(id, caption, headers, rows, footer) {
  const cell = (tag, value, i) => h(tag, { class: i > 0 ? 'number' : null, scope: tag === 'th' && i === 0 ? 'row' : null }, String(value));
  // The wrapper scrolls a wide table on a phone: it takes the focus, so
  // that a keyboard scrolls it too.
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { id, class: 'data-table report-table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, headers.map((text, i) => h('th', { scope: 'col', class: i > 0 ? 'number' : null }, text)))),
      h('tbody', null, rows.map((row) => h('tr', null, row.map((value, i) => cell(i === 0 ? 'th' : 'td', value, i))))),
      footer ? h('tfoot', null, h('tr', null, footer.map((value, i) => cell(i === 0 ? 'th' : 'td', value, i)))) : null));
}

function section(id, title, ...children) {
  return h('section', { class: 'card', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);
}

/** Builds the section of each commune's time against its allowance, with 80 % and 100 % marks. */
export function timeSection(report) {
  const rows = report.items.map((item) => ({
    label: item.commune_name,
    value: item.percent ?? 0,
    text: percent(item.percent),
    level: item.warning ?? undefined,
  }));
  const over = report.items.filter((item) => item.warning === '100').length;
  const near = report.items.filter((item) => item.warning === '80').length;
  const chart = barChart({
    id: 'chart-time', title: t('reports_time_chart', { year: String(report.year) }),
    desc: t('reports_time_desc', { near, over, count: report.items.length }),
    rows, max: 125, marks: [{ at: 80, label: '80 %' }, { at: 100, label: '100 %' }],
  });
  const warning = (w) => (w ? t(`time_warning_${w}`) : '—');
  const totals = report.totals;
  return section('report-time', t('reports_time'), chart,
    table('table-time', t('reports_time'), [t('reports_commune'), t('reports_spent'), t('reports_allowance'), '%', t('reports_warning')],
      report.items.map((item) => [item.commune_name, formatDuration(item.minutes_spent), formatDuration(item.allowance_minutes), percent(item.percent), warning(item.warning)]),
      [t('reports_total'), formatDuration(totals.minutes_spent), formatDuration(totals.allowance_minutes), percent(totals.percent), warning(totals.warning)]));
}

/** Builds the section of the period's interventions by category, over the communes shown. */
export function categorySection(report) {
  const byCategory = report.totals.interventions.by_category;
  const minutes = report.totals.interventions.minutes_by_category;
  const codes = Object.keys(byCategory).sort((a, b) => byCategory[b] - byCategory[a] || a.localeCompare(b));
  const name = (code) => t(`category_${code}`);
  const body = codes.length
    ? [barChart({
      id: 'chart-categories', title: t('reports_categories'),
      desc: t('reports_categories_desc', { count: report.totals.interventions.count, kinds: codes.length }),
      rows: codes.map((code) => ({ label: name(code), value: byCategory[code], text: formatNumber(byCategory[code]) })),
    }),
    table('table-categories', t('reports_categories'), [t('reports_category'), t('reports_interventions'), t('reports_spent')],
      codes.map((code) => [name(code), byCategory[code], formatDuration(minutes[code] ?? 0)]))]
    : h('p', null, t('reports_no_intervention'));
  const levels = report.totals.interventions.by_level;
  return section('report-categories', t('reports_categories'), body,
    h('p', { class: 'detail' }, ['1', '2', '3'].map((level) => t('reports_level', { level, count: levels[level] ?? 0 })).join(' · ')));
}

/** Builds the section of the assets by age band, over the communes shown. */
export function ageSection(report) {
  const fleet = report.totals.assets;
  const rows = AGE_BANDS.map((band) => ({ label: t(`reports_age_${band}`), value: fleet.by_age[band] ?? 0, text: formatNumber(fleet.by_age[band] ?? 0) }));
  return section('report-age', t('reports_age'),
    barChart({ id: 'chart-age', title: t('reports_age'), desc: t('reports_age_desc', { count: fleet.count }), rows }),
    table('table-age', t('reports_age'), [t('reports_age_band'), t('reports_assets')], rows.map((row) => [row.label, row.text])),
    h('p', { class: 'detail' }, t('reports_fleet_line', { assets: fleet.count, pcs: fleet.pcs, billable: fleet.billable_pcs })));
}

/** Builds the summary table: interventions, PCs, loans, maintenance and participation per commune. */
export function summarySection(report) {
  const line = (name, x) => [
    name, x.interventions.count, x.assets.billable_pcs, x.replace,
    t('reports_loans_cell', { count: x.loans.count, overdue: x.loans.overdue }),
    x.maintenance ? percent(x.maintenance.percent) : '—', euros(x.participation),
  ];
  const rows = report.items.map((item) => line(item.commune_name, {
    ...item, replace: item.os_below_supported.length + item.os_end_of_support.length, participation: item.participation?.total_cents,
  }));
  const totals = report.totals;
  return section('report-summary', t('reports_summary'),
    table('table-summary', t('reports_summary'),
      [t('reports_commune'), t('reports_interventions'), t('reports_billable'), t('reports_replace'), t('reports_loans'), t('reports_maintenance'), t('reports_participation')],
      rows, line(t('reports_total'), { ...totals, replace: totals.os_below_supported + totals.os_end_of_support, participation: totals.participation_cents })));
}

/** Builds the details of one commune: the PCs to replace and the participation. */
export function communeDetails(item) {
  const pcs = [...item.os_below_supported.map((pc) => ({ ...pc, below: true })), ...item.os_end_of_support];
  const p = item.participation;
  return h('details', { class: 'card report-commune', dataset: { communeId: item.commune_id } },
    h('summary', null, item.commune_name),
    h('h3', null, t('reports_replace_list', { count: pcs.length })),
    pcs.length
      ? h('ul', { class: 'list' }, pcs.map((pc) => h('li', null, h('a', { href: `/assets/${pc.asset_id}` },
        h('span', { class: 'list-text' },
          h('span', { class: 'list-title' }, `${pc.tag ?? '—'} · ${pc.brand} ${pc.model}`.trim()),
          h('span', { class: 'list-detail' }, pc.below ? t('reports_below_xp', { os: pc.os }) : t('reports_eos', { os: `${pc.os} ${pc.os_version}`.trim(), day: formatDate(pc.support_ended_on) })))))))
      : h('p', null, t('reports_none')),
    h('h3', null, t('reports_participation')),
    p ? table(`table-participation-${item.commune_id}`, t('reports_participation'), [t('reports_item'), t('reports_amount')], [
      [t('reports_pc_fee', { count: p.pcs }), euros(p.pc_fee_cents)],
      [t('reports_commune_fee'), euros(p.commune_fee_cents)],
      [t('reports_extra', { time: formatDuration(p.extra_minutes), included: formatDuration(p.included_minutes) }), euros(p.hours_cents)],
    ], [t('reports_total'), euros(p.total_cents)]) : h('p', null, t('reports_no_tariff')));
}

/** Builds the table of the PCs expected in the coming years at the configured growth. */
export function projectionSection(report) {
  const rows = report.totals.projection.map((y) => [String(y.year), y.pcs, euros(y.fee_cents)]);
  return section('report-projection', t('reports_projection', { growth: formatNumber(report.growth_percent) }),
    table('table-projection', t('reports_projection', { growth: formatNumber(report.growth_percent) }),
      [t('reports_year'), t('reports_billable'), t('reports_fees')], rows));
}
