// Archived communes, sites, rooms and assets. The lists of the local data
// leave them out, so this screen asks the server, and opening one gives
// the way to restore it (Modifier, then Désarchiver).

import { listAll, NetworkError } from '../api.js';
import { h, linkList } from '../dom.js';
import { compareNames, formatDate, t } from '../i18n.js';
import { assetTitle } from './names.js';

const SECTIONS = [
  ['communes', 'communes_title', (c) => c.name],
  ['sites', 'sites_title', (s) => s.name],
  ['rooms', 'rooms_title', (r) => r.name],
  ['assets', 'archives_assets', (a) => `${a.tag ?? t('asset_untagged')} · ${assetTitle(a)}`],
];

export async function archivesScreen() {
  const title = t('archives_title');
  let lists;
  try {
    lists = await Promise.all(SECTIONS.map(([collection]) => listAll(`/api/v1/${collection}?archived=true`)));
  } catch (err) {
    const text = err instanceof NetworkError ? t('archives_offline') : err.message;
    return { title, body: [h('h1', null, title), h('p', { class: 'note' }, text)], refresh: null };
  }

  const sections = SECTIONS.map(([collection, heading, name], i) => {
    const records = lists[i].sort((a, b) => compareNames(name(a), name(b)));
    return h('section', { 'aria-labelledby': `archives-${collection}` },
      h('h2', { id: `archives-${collection}` }, t(heading)),
      records.length
        ? linkList(`archived-${collection}`, records.map((record) => ({
          href: `/${collection}/${record.id}`,
          title: name(record),
          detail: t('archived_on', { date: formatDate(record.archived_at) }),
        })))
        : h('p', null, t('archives_none')));
  });
  return { title, body: [h('h1', null, title), h('p', null, t('archives_intro')), sections], refresh: null };
}

/** The notice at the top of an archived record's screen, or null. */
export function archivedNote(record) {
  if (!record.archived_at) return null;
  return h('p', { class: 'note', role: 'note' }, t('archived_note', { date: formatDate(record.archived_at) }));
}
