// A work order's screen (« Fiche d'intervention »): where and for what,
// the assets worked on, linked by scanning their labels, the timer, the
// details and the closing step. It reads and writes the device only, so a
// technician fills it in a classroom without signal.

import { api, ApiError, NetworkError } from '../api.js';
import { get } from '../db.js';
import { facts, h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { isBeforeXP } from '../os.js';
import { rerender } from '../router.js';
import { isTechnician } from '../session.js';
import { replay, workMinutes } from '../timer.js';
import { effectiveStatus, entriesOf, workOrderChange } from '../work-orders.js';
import { communeTimeCard } from './commune-time.js';
import { backLink } from './fleet.js';
import { assetTitle } from './names.js';
import { missing } from './not-found.js';
import { scanField } from './scan-field.js';
import { closedSection, closeForm, detailsForm } from './work-close.js';
import { categoryName, workOrderStatusName } from './work-names.js';
import { timerCard } from './work-timer.js';
import { redrawUnlessTyping, refreshAfterSave, saveChanges } from './work-save.js';

export async function workOrderScreen({ params }) {
  const order = await loadWorkOrder(params.id);
  if (!order) return missing(t('work_order_missing_title'), t('record_missing_text'));
  const [site, commune, request, entries] = await Promise.all([
    get('sites', order.site_id), get('communes', order.commune_id),
    order.request_id ? get('requests', order.request_id) : undefined, entriesOf(order.id),
  ]);
  const assets = (await Promise.all((order.asset_ids ?? []).map((id) => get('assets', id)))).filter(Boolean);
  const timer = replay(entries);
  const status = effectiveStatus(order, timer);
  const editable = isTechnician() && status !== 'done';
  const title = `${categoryName(order.category)} — ${site?.name ?? ''}`;

  return {
    title,
    body: [
      request ? backLink(`/requests/${request.id}`, t('request_back')) : backLink('/work-orders', t('work_orders_title')),
      h('h1', null, title),
      h('p', { class: 'status-line' },
        h('span', { id: 'work-order-status', class: `status status-${status}`, dataset: { status } }, workOrderStatusName(status))),
      facts([
        [t('request_commune'), commune?.name],
        [t('request_site'), site?.name],
        [t('work_order_request'), request ? h('a', { href: `/requests/${request.id}` }, categoryName(request.category)) : t('work_order_on_the_spot')],
        [t('work_order_level'), t('work_order_level_n', { level: order.level ?? 1 })],
        [t('work_order_opened_at'), formatDateTime(order.opened_at)],
      ]),
      assetsSection(order, assets, editable),
      timerCard(order, entries, editable),
      editable ? [detailsForm(order), closeForm(order)] : await closedSection(order, workMinutes(timer), isTechnician() && status === 'done'),
      communeTimeCard('work-order-time', [order.commune_id]),
    ],
    refresh: redrawUnlessTyping(rerender),
  };
}

/** Returns the work order from the device, or from the server when the device lacks it. */
async function loadWorkOrder(id) {
  const local = await get('work_orders', id);
  if (local) return local;
  try {
    return await api(`/api/v1/work-orders/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof NetworkError || err instanceof ApiError && (err.status === 404 || err.status === 400)) return undefined;
    throw err;
  }
}

/** Builds the list of the assets worked on, and for a technician the field that links one by its label. */
function assetsSection(order, assets, editable) {
  const linked = order.asset_ids ?? [];
  const list = assets.length
    ? h('ul', { id: 'work-order-assets', class: 'list' }, assets.map((asset) => h('li', { class: 'row', dataset: { assetId: asset.id } },
      h('a', { href: `/assets/${asset.id}` }, h('span', { class: 'list-text' },
        h('span', { class: 'list-title' }, [asset.tag, assetTitle(asset)].filter(Boolean).join(' · ')),
        isBeforeXP(asset.os) ? h('span', { class: 'list-detail warning-text' }, t('work_order_asset_before_xp', { os: asset.os })) : null)),
      editable ? h('button', { type: 'button', class: 'button', 'aria-label': t('work_order_asset_remove', { asset: asset.tag ?? assetTitle(asset) }),
        onclick: async () => {
          await saveChanges([workOrderChange(order, { asset_ids: linked.filter((id) => id !== asset.id) })]);
          await refreshAfterSave();
        } }, t('work_order_asset_remove_short')) : null)))
    : h('p', { id: 'work-order-no-asset', class: 'detail' }, t('work_order_no_asset'));

  const scanner = editable ? scanField({
    id: 'work-order-scan', label: t('work_order_scan_label'), hint: t('work_order_scan_hint'), submitLabel: t('scan_field_submit'),
    onAsset: async (asset) => {
      if (linked.includes(asset.id)) return { kind: 'duplicate', text: t('work_order_asset_already', { tag: asset.tag }) };
      if (asset.site_id !== order.site_id) {
        const where = await get('sites', asset.site_id);
        return { kind: 'elsewhere', text: t('work_order_asset_elsewhere', { tag: asset.tag, site: where?.name ?? '' }) };
      }
      if (!order.request_id && isBeforeXP(asset.os)) return { kind: 'refused', text: t('work_order_asset_refused_xp', { tag: asset.tag, os: asset.os }) };
      await saveChanges([workOrderChange(order, { asset_ids: [...linked, asset.id] })]);
      await refreshAfterSave(document.getElementById('work-order-scan'), { clear: true });
      // The redraw made a new field: the message goes to its status line.
      const status = document.getElementById('work-order-scan-status');
      if (status) {
        status.dataset.kind = 'linked';
        status.textContent = t('work_order_asset_linked', { tag: asset.tag });
      }
      document.getElementById('work-order-scan-tag')?.focus();
      return undefined;
    },
  }) : null;

  return h('section', { 'aria-labelledby': 'work-order-assets-title' },
    h('h2', { id: 'work-order-assets-title' }, t('work_order_assets')),
    list,
    scanner?.element);
}
