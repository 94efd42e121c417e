// Browsing the fleet from the local store: communes, then sites, rooms and
// the assets of a room.

import { api, NetworkError } from '../api.js';
import { all, byIndex, countByIndex, get } from '../db.js';
import { h, facts, linkList } from '../dom.js';
import { compareNames, formatDuration, t } from '../i18n.js';
import { isBeforeXP } from '../os.js';
import { syncedAt } from '../refresh.js';
import { dataTable } from '../table.js';
import { isTechnician } from '../session.js';
import { rememberPlace } from '../scan.js';
import { archivedNote } from './archives.js';
import { missing } from './not-found.js';
import { assetKindName, assetStatusName, assetTitle, communeKindName, siteKindName } from './names.js';

const byName = (a, b) => compareNames(a.name, b.name);

export async function communesScreen({ query }) {
  const communes = await all('communes');
  const counts = new Map(await Promise.all(communes.map(async (c) => [c.id, await countByIndex('assets', 'commune_id', c.id)])));
  const title = t('communes_title');
  const assetCount = (commune) => counts.get(commune.id);

  const table = dataTable({
    id: 'commune',
    caption: title,
    query,
    rows: communes,
    searchLabel: t('communes_search'),
    count: (shown, total) => t('communes_count', { count: shown, total }),
    empty: t('communes_none_match'),
    filters: [{
      key: 'kind',
      label: t('commune_kind'),
      options: [['', t('filter_all')], ...['commune', 'intercommunality'].map((kind) => [kind, communeKindName(kind)])],
      test: (commune, kind) => commune.kind === kind,
    }],
    columns: [
      { key: 'name', label: t('commune_name'), value: (c) => c.name, cell: (c) => h('a', { href: `/communes/${c.id}` }, c.name) },
      { key: 'kind', label: t('commune_kind'), value: (c) => communeKindName(c.kind) },
      { key: 'allowance', label: t('commune_allowance'), value: (c) => c.allowance_minutes, cell: (c) => formatDuration(c.allowance_minutes) },
      { key: 'assets', label: t('communes_column_assets'), value: assetCount },
      { key: 'server', label: t('commune_has_server_badge'), value: (c) => (c.has_server ? t('yes') : t('no')) },
    ],
    item: (commune) => ({
      href: `/communes/${commune.id}`,
      title: commune.name,
      detail: t('count_assets', { count: assetCount(commune) }),
      badge: commune.has_server ? t('commune_has_server_badge') : undefined,
    }),
  });
  return {
    title,
    body: [
      h('h1', null, title),
      editActions([['/communes/new', t('commune_new_title')]]),
      communes.length ? table : emptyFleet(),
    ],
  };
}

export async function communeScreen({ params }) {
  const commune = await record('communes', params.id);
  if (!commune) return missing(t('commune_missing_title'), t('record_missing_text'));

  const sites = (await byIndex('sites', 'commune_id', commune.id)).sort(byName);
  const items = await Promise.all(sites.map(async (site) => ({
    href: `/sites/${site.id}`,
    title: site.name,
    detail: `${siteKindName(site.kind)} · ${t('count_assets', { count: await countByIndex('assets', 'site_id', site.id) })}`,
  })));
  return {
    title: commune.name,
    body: [
      backLink('/communes', t('communes_title')),
      h('h1', null, commune.name),
      archivedNote(commune),
      editActions([[`/communes/${commune.id}/edit`, t('edit')], [`/sites/new?commune=${commune.id}`, t('site_new_title')]]),
      facts([
        [t('commune_kind'), communeKindName(commune.kind)],
        [t('commune_allowance'), formatDuration(commune.allowance_minutes)],
      ]),
      commune.has_server ? h('p', { class: 'note' }, t('commune_has_server')) : null,
      h('h2', null, t('sites_title')),
      items.length ? linkList('site-list', items) : h('p', null, t('sites_empty')),
    ],
  };
}

export async function siteScreen({ params }) {
  const site = await record('sites', params.id);
  if (!site) return missing(t('site_missing_title'), t('record_missing_text'));

  const [commune, rooms, assets] = await Promise.all([
    get('communes', site.commune_id),
    byIndex('rooms', 'site_id', site.id),
    byIndex('assets', 'site_id', site.id),
  ]);
  const roomItems = rooms.sort(byName).map((room) => ({
    href: `/rooms/${room.id}`,
    title: room.name,
    detail: t('count_assets', { count: assets.filter((a) => a.room_id === room.id).length }),
  }));
  const unplaced = assets.filter((a) => !a.room_id);

  return {
    title: site.name,
    body: [
      commune ? backLink(`/communes/${commune.id}`, commune.name) : null,
      h('h1', null, site.name),
      archivedNote(site),
      editActions([
        [`/sites/${site.id}/edit`, t('edit')],
        [`/rooms/new?site=${site.id}`, t('room_add')],
        [`/assets/new?site=${site.id}`, t('asset_new_title')],
      ]),
      facts([
        [t('site_kind'), siteKindName(site.kind)],
        [t('site_address'), site.address ?? ''],
      ]),
      h('h2', null, t('rooms_title')),
      roomItems.length ? linkList('room-list', roomItems) : h('p', null, t('rooms_empty')),
      unplaced.length ? [h('h2', null, t('site_unplaced_title')), assetList('site-asset-list', unplaced)] : null,
    ],
  };
}

export async function roomScreen({ params, query }) {
  const room = await record('rooms', params.id);
  if (!room) return missing(t('room_missing_title'), t('record_missing_text'));
  // New assets created from a scan go to the last room opened.
  rememberPlace(room.site_id, room.id);

  const [site, assets] = await Promise.all([get('sites', room.site_id), byIndex('assets', 'room_id', room.id)]);
  return {
    title: room.name,
    body: [
      site ? backLink(`/sites/${site.id}`, site.name) : null,
      h('h1', null, room.name),
      archivedNote(room),
      editActions([[`/rooms/${room.id}/edit`, t('edit')], [`/assets/new?site=${room.site_id}&room=${room.id}`, t('asset_new_title')]]),
      assets.length ? assetTable('asset', assets, query) : h('p', null, t('assets_empty')),
    ],
  };
}

/** Lists assets by tag, untagged ones last, with their state as a badge. */
export function assetList(id, assets) {
  const sorted = [...assets].sort((a, b) => compareNames(a.tag ?? '\uffff', b.tag ?? '\uffff'));
  return linkList(id, sorted.map(assetItem));
}

function assetItem(asset) {
  return {
    href: `/assets/${asset.id}`,
    title: asset.tag ?? t('asset_untagged'),
    detail: `${assetTitle(asset)} · ${asset.serial || t('asset_no_serial')}`,
    badge: isBeforeXP(asset.os) ? t('asset_before_xp_badge')
      : asset.status !== 'in_service' ? assetStatusName(asset.status) : undefined,
  };
}

/**
 * Builds the assets of a room or a site: a list on a phone, a table that
 * sorts and filters on a wide screen.
 */
export function assetTable(id, assets, query) {
  const statuses = [...new Set(assets.map((a) => a.status))];
  return dataTable({
    id,
    caption: t('assets_caption'),
    query,
    rows: assets,
    searchLabel: t('assets_search'),
    count: (shown, total) => t('assets_count', { count: shown, total }),
    empty: t('assets_none_match'),
    filters: [{
      key: 'status',
      label: t('asset_status'),
      options: [['', t('filter_all')], ...statuses.map((status) => [status, assetStatusName(status)])],
      test: (asset, status) => asset.status === status,
    }],
    columns: [
      { key: 'tag', label: t('asset_tag'), value: (a) => a.tag ?? '', cell: (a) => h('a', { href: `/assets/${a.id}` }, a.tag ?? t('asset_untagged')) },
      { key: 'kind', label: t('asset_kind'), value: (a) => assetKindName(a.kind) },
      { key: 'model', label: t('asset_model'), value: (a) => [a.brand, a.model].filter(Boolean).join(' ') },
      { key: 'serial', label: t('asset_serial'), value: (a) => a.serial },
      { key: 'os', label: t('asset_os'), value: (a) => a.os, cell: (a) => (isBeforeXP(a.os) ? h('span', { class: 'warning-text' }, a.os) : a.os) },
      { key: 'status', label: t('asset_status'), value: (a) => assetStatusName(a.status) },
    ],
    item: assetItem,
  });
}

/** Builds the edit links of a screen, shown to technicians only. */
export function editActions(links) {
  if (!isTechnician()) return null;
  return h('div', { class: 'actions' }, links.map(([href, label]) => h('a', { href, class: 'button' }, label)));
}

/** Builds a link back to the screen above, at the top of a screen. */
export function backLink(href, label) {
  return h('a', { href, class: 'back' }, h('span', { 'aria-hidden': 'true' }, '‹ '), t('back_to', { name: label }));
}

/**
 * Returns a record from the local store, or from the server when the
 * store does not have it yet (the first refresh has not finished).
 */
export async function record(store, id) {
  const local = await get(store, id);
  if (local || !navigator.onLine) return local;
  try {
    return await api(`/api/v1/${store}/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof NetworkError || err.status === 404 || err.status === 400) return undefined;
    throw err;
  }
}

function emptyFleet() {
  if (syncedAt()) return h('p', null, t('communes_empty'));
  return h('p', null, navigator.onLine ? t('fleet_loading') : t('fleet_empty_offline'));
}
