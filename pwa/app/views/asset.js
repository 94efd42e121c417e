// The asset sheet: identity, location, state, operating system, the
// history of what was done on it, and a new request about it.

import { all, get } from '../db.js';
import { h, facts, linkList } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { isBeforeXP } from '../os.js';
import { backLink, editActions, record } from './fleet.js';
import { archivedNote } from './archives.js';
import { missing } from './not-found.js';
import { assetKindName, assetStatusName, assetTitle } from './names.js';
import { currentUser } from '../session.js';
import { categoryName, workOrderStatusName } from './work-names.js';

export async function assetScreen({ params }) {
  const asset = await record('assets', params.id);
  if (!asset) return missing(t('asset_missing_title'), t('record_missing_text'));

  const [commune, site, room] = await Promise.all([
    get('communes', asset.commune_id),
    get('sites', asset.site_id),
    asset.room_id ? get('rooms', asset.room_id) : undefined,
  ]);
  const title = assetTitle(asset);
  const os = [asset.os, asset.os_version].filter(Boolean).join(' ');
  const parent = room ? backLink(`/rooms/${room.id}`, room.name) : site ? backLink(`/sites/${site.id}`, site.name) : null;

  return {
    title,
    body: [
      parent,
      h('h1', null, title),
      h('p', { class: 'tag-line' }, h('span', { class: 'visually-hidden' }, `${t('asset_tag')} `),
        h('span', { id: 'asset-tag', class: 'tag' }, asset.tag ?? t('asset_untagged'))),
      archivedNote(asset),
      editActions([[`/assets/${asset.id}/edit`, t('edit')]]),
      currentUser()?.role !== 'committee' && !asset.archived_at
        ? h('p', null, h('a', { id: 'asset-request-new', href: `/requests/new?asset=${asset.id}`, class: 'button' }, t('request_new_title')))
        : null,
      isBeforeXP(asset.os) ? h('p', { id: 'asset-os-warning', class: 'warning', role: 'note' }, t('asset_before_xp', { os: asset.os })) : null,
      h('section', { 'aria-labelledby': 'identity-title' },
        h('h2', { id: 'identity-title' }, t('asset_identity')),
        facts([
          [t('asset_kind'), assetKindName(asset.kind)],
          [t('asset_model'), [asset.brand, asset.model].filter(Boolean).join(' '), 'asset-model'],
          [t('asset_serial'), asset.serial, 'asset-serial'],
          [t('asset_status'), assetStatusName(asset.status), 'asset-status'],
          [t('asset_os'), os, 'asset-os'],
          [t('asset_purchase_date'), formatDate(asset.purchase_date)],
          [t('asset_warranty_end'), formatDate(asset.warranty_end)],
          [t('asset_recommended_model'), asset.recommended_model],
        ])),
      h('section', { 'aria-labelledby': 'location-title' },
        h('h2', { id: 'location-title' }, t('asset_location')),
        h('div', { id: 'asset-location', class: 'location' }, location(commune, site, room))),
      h('section', { 'aria-labelledby': 'care-title' },
        h('h2', { id: 'care-title' }, t('asset_care')),
        facts([
          [t('asset_last_inventoried'), formatDateTime(asset.last_inventoried_at)],
          [t('asset_last_maintained'), formatDateTime(asset.last_maintained_at)],
          [t('asset_notes'), asset.notes],
        ])),
      h('section', { 'aria-labelledby': 'history-title' },
        h('h2', { id: 'history-title' }, t('asset_history')),
        await history(asset)),
    ],
  };
}

/** The asset's commune, site and room as links, each a full-size target. */
function location(commune, site, room) {
  const steps = [
    commune && [`/communes/${commune.id}`, commune.name, t('asset_commune')],
    site && [`/sites/${site.id}`, site.name, t('asset_site')],
    room && [`/rooms/${room.id}`, room.name, t('asset_room')],
  ].filter(Boolean);
  if (!steps.length) return h('p', null, t('asset_location_unknown'));
  return h('ul', { class: 'list' }, steps.map(([href, name, label]) => h('li', null,
    h('a', { href },
      h('span', { class: 'list-text' },
        h('span', { class: 'list-detail' }, label),
        h('span', { class: 'list-title' }, name))))));
}

/** Lists the work orders that name the asset, newest first. */
async function history(asset) {
  const orders = (await all('work_orders')).filter((order) => (order.asset_ids ?? []).includes(asset.id))
    .sort((a, b) => String(b.opened_at).localeCompare(String(a.opened_at)));
  if (!orders.length) return h('p', { class: 'detail' }, t('asset_history_empty'));
  return linkList('asset-history', orders.map((order) => ({
    href: `/work-orders/${order.id}`,
    title: `${formatDate(order.opened_at)} · ${categoryName(order.category)}`,
    detail: [workOrderStatusName(order.status), order.summary].filter(Boolean).join(' · '),
  })));
}
