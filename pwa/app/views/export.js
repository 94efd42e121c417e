// The CSV exports: the fleet, the work orders and their time entries, in
// the communes the user reads, with the separator French Excel expects or
// a comma.

import { apiFile, NetworkError } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { showToast } from './toast.js';

const EXPORTS = [
  ['assets', 'export_assets'],
  ['work-orders', 'export_work_orders'],
  ['time-entries', 'export_time_entries'],
];

/** Builds the export section. */
export function exportSection() {
  const separator = h('select', { id: 'export-separator' },
    h('option', { value: ';', selected: true }, t('export_separator_semicolon')),
    h('option', { value: ',' }, t('export_separator_comma')));

  return h('section', { class: 'card', 'aria-labelledby': 'export-title' },
    h('h2', { id: 'export-title' }, t('export_title')),
    h('p', { class: 'detail' }, t('export_hint')),
    h('div', { class: 'field' }, h('label', { for: 'export-separator' }, t('export_separator')), separator),
    h('div', { class: 'actions' }, EXPORTS.map(([name, label]) =>
      h('button', { id: `export-${name}`, type: 'button', class: 'button', onclick: (event) => download(event.currentTarget, name, separator.value) }, t(label)))));
}

async function download(button, name, separator) {
  button.disabled = true;
  try {
    const { blob, filename } = await apiFile(`/api/v1/export/${name}.csv?sep=${encodeURIComponent(separator)}`, `${name}.csv`);
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (err) {
    showToast(err instanceof NetworkError ? t('export_offline') : err.message);
  }
  button.disabled = false;
}
