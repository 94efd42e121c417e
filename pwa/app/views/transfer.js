// The import and export screen: technicians import inventories, and every
// user exports the data of the communes they read.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { isTechnician } from '../session.js';
import { exportSection } from './export.js';
import { importSection } from './import.js';

export async function transferScreen() {
  const title = t('transfer_title');
  return {
    title,
    body: [
      h('h1', null, title),
      h('p', { class: 'detail' }, t('transfer_intro')),
      isTechnician() ? importSection() : h('p', { class: 'detail' }, t('import_only_technicians')),
      exportSection(),
    ],
    // The import keeps its file and report while the local data changes.
    refresh: null,
  };
}
