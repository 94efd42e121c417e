// The import of an inventory spreadsheet: choose a CSV file, check the
// columns the server recognised (and map the others), read the dry run's
// report line by line, then import. Technicians only.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { sync } from '../sync.js';

/** Fields a column may map to, as the server names them. */
const FIELDS = ['tag', 'kind', 'commune', 'site', 'site_kind', 'room', 'brand', 'model', 'serial', 'os',
  'os_version', 'purchase_date', 'warranty_end', 'status', 'recommended_model', 'notes'];

/** Builds the import section. */
export function importSection() {
  const state = { file: null, mapping: {}, report: null };
  const status = h('p', { id: 'import-status', role: 'status', class: 'detail' });
  const columns = h('div', { id: 'import-columns' });
  const report = h('div', { id: 'import-report' });
  const partial = h('input', { id: 'import-partial', type: 'checkbox', 'aria-describedby': 'import-partial-hint' });
  const run = h('button', { id: 'import-run', type: 'button', class: 'button primary', disabled: true }, t('import_run'));
  const check = h('button', { id: 'import-check', type: 'button', class: 'button' }, t('import_check'));
  const input = h('input', { id: 'import-file', type: 'file', accept: '.csv,text/csv', 'aria-describedby': 'import-hint' });

  const view = { state, status, columns, report, partial, run, check };
  input.addEventListener('change', () => {
    state.file = input.files[0] ?? null;
    state.mapping = {};
    clear(view);
  });
  check.addEventListener('click', () => send(view, true));
  run.addEventListener('click', () => send(view, false));
  partial.addEventListener('change', () => enableRun(view));

  return h('section', { class: 'card', 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, t('import_title')),
    h('p', { id: 'import-hint', class: 'detail' }, t('import_hint')),
    h('div', { class: 'field' }, h('label', { for: 'import-file' }, t('import_file')), input),
    h('div', { class: 'actions' }, check),
    columns,
    report,
    h('div', { class: 'field checkbox' },
      h('label', { for: 'import-partial' }, partial, h('span', null, t('import_partial'))),
      h('p', { id: 'import-partial-hint', class: 'detail' }, t('import_partial_hint'))),
    h('div', { class: 'actions' }, run),
    status);
}

function clear(view) {
  view.state.report = null;
  view.columns.replaceChildren();
  view.report.replaceChildren();
  view.status.textContent = '';
  view.run.disabled = true;
}

/** Sends the file as a dry run (check) or for real. */
async function send(view, dryRun) {
  const { state, status } = view;
  if (!state.file) {
    status.textContent = t('import_no_file');
    return;
  }
  const form = new FormData();
  form.append('file', state.file);
  if (Object.keys(state.mapping).length > 0) form.append('map', JSON.stringify(state.mapping));
  const query = dryRun ? '?dry_run=true' : `?allow_partial=${view.partial.checked}`;

  view.check.disabled = true;
  view.run.disabled = true;
  status.textContent = t(dryRun ? 'import_checking' : 'import_running');
  try {
    state.report = await api(`/api/v1/import/assets${query}`, { method: 'POST', body: form });
    status.textContent = dryRun ? '' : t('import_done');
    if (!dryRun) sync();
  } catch (err) {
    // A failed import returns a 422 whose error.current contains the report.
    state.report = err.current && err.current.lines ? err.current : null;
    status.textContent = err.message;
  }
  view.check.disabled = false;
  showReport(view, dryRun);
}

function showReport(view, dryRun) {
  const report = view.state.report;
  if (!report) return;
  view.columns.replaceChildren(columnsStep(view, report));
  view.report.replaceChildren(reportList(report, dryRun));
  enableRun(view);
}

/** Builds the list of columns, each with a select to map it to a field. */
function columnsStep(view, report) {
  const missing = report.missing ?? [];
  return h('div', null,
    h('h3', null, t('import_columns')),
    h('p', { class: 'detail' }, t('import_file_info', { encoding: report.encoding, separator: report.separator })),
    missing.length > 0
      ? h('p', { class: 'error', role: 'alert' }, t('import_missing', { fields: missing.map(fieldName).join(', ') }))
      : h('p', { class: 'detail' }, t('import_columns_hint')),
    report.columns.map((column, i) => columnSelect(view, column, i)));
}

function columnSelect(view, column, i) {
  const id = `import-column-${i}`;
  const current = view.state.mapping[column.header] ?? column.field;
  const select = h('select', { id },
    ['-', ...FIELDS].map((f) => h('option', { value: f, selected: (current || '-') === f }, fieldName(f))));
  select.addEventListener('change', () => {
    view.state.mapping[column.header] = select.value;
    view.run.disabled = true;
  });
  return h('div', { class: 'field' }, h('label', { for: id }, t('import_column_label', { header: column.header })), select);
}

function fieldName(field) {
  return field && field !== '-' ? t(`import_field_${field}`) : t('import_field_ignored');
}

/** Builds the report: the counts, then each line with an error or a note. */
function reportList(report, dryRun) {
  const c = report.counts;
  const counts = { lines: c.lines, created: c.created, updated: c.updated, unchanged: c.unchanged, duplicates: c.duplicates, failed: c.failed };
  const lines = report.lines.filter((l) => l.errors.length > 0 || l.warnings.length > 0);
  const failed = c.failed > 0 || (report.missing ?? []).length > 0;
  return h('div', null,
    h('h3', null, t('import_report')),
    h('p', { id: 'import-counts' }, t(dryRun ? 'import_counts' : 'import_counts_done', counts)),
    report.written ? h('p', null, t('import_places', { sites: c.sites_created, rooms: c.rooms_created })) : null,
    dryRun ? h('p', { class: failed ? 'error' : 'detail' }, t(failed ? 'import_has_errors' : 'import_ready')) : null,
    !dryRun && !report.written ? h('p', { class: 'error' }, t('import_nothing_written')) : null,
    h('ul', { id: 'import-lines', class: 'import-lines' }, lines.map((line) => lineItem(line, report.written))));
}

/** Builds a line of the report; once the import is written, its action reads in the past (« créé »). */
function lineItem(line, written) {
  const issue = (kind, is) => {
    const params = { kind: t(kind === 'error' ? 'import_error' : 'import_warning'), field: fieldName(is.field), message: is.message };
    return h('li', { class: kind === 'error' ? 'error' : 'detail' }, t(is.field ? 'import_issue_field' : 'import_issue', params));
  };
  return h('li', { dataset: { line: line.line } },
    h('strong', null, t('import_line', { line: line.line })), ' ', t(`${written ? 'import_done' : 'import_action'}_${line.action}`),
    h('ul', null, line.errors.map((is) => issue('error', is)), line.warnings.map((is) => issue('warning', is))));
}

/** Enables the import after a dry run without fault, or with partial import ticked. */
function enableRun(view) {
  const report = view.state.report;
  const ok = report && report.dry_run && (report.missing ?? []).length === 0 &&
    (report.counts.failed === 0 || view.partial.checked);
  view.run.disabled = !ok;
}
