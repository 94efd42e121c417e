// A maintenance visit's screen: the technician scans each PC of the site,
// ticks its checklist and records it, without signal if need be. The
// screen lists the PCs checked and those of the site still to check.

import { api, ApiError, NetworkError } from '../api.js';
import { byIndex, get } from '../db.js';
import { h } from '../dom.js';
import { field, localFormActions, onSubmit } from '../forms.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { CHECK_ITEMS, checkChange, checksOf, visitChange } from '../maintenance.js';
import { isBeforeXP } from '../os.js';
import { rerender } from '../router.js';
import { isTechnician } from '../session.js';
import { backLink } from './fleet.js';
import { assetTitle } from './names.js';
import { missing } from './not-found.js';
import { scanField } from './scan-field.js';
import { visitStatusName } from './work-names.js';
import { errorText, redrawUnlessTyping, refreshAfterSave, saveChanges } from './work-save.js';

export async function maintenanceVisitScreen({ params }) {
  const visit = await loadVisit(params.id);
  if (!visit) return missing(t('visit_missing_title'), t('record_missing_text'));
  const [site, checks, siteAssets] = await Promise.all([get('sites', visit.site_id), checksOf(visit.id), byIndex('assets', 'site_id', visit.site_id)]);
  const inScope = siteAssets.filter((a) => !a.archived_at && ['pc', 'laptop'].includes(a.kind) && a.status !== 'retired' && !isBeforeXP(a.os));
  const done = new Set(checks.filter((c) => c.done).map((c) => c.asset_id));
  const doneCount = inScope.filter((a) => done.has(a.id)).length;
  const editable = isTechnician() && visit.status === 'planned';
  const title = t('visit_title', { site: site?.name ?? '', date: formatDate(visit.planned_for) });
  const area = h('div', { id: 'visit-check-area' });

  const scanner = editable ? scanField({
    id: 'visit-scan', label: t('visit_scan_label'), hint: t('visit_scan_hint'), submitLabel: t('scan_field_submit'),
    onAsset: async (asset) => {
      if (asset.site_id !== visit.site_id) return { kind: 'elsewhere', text: t('visit_asset_elsewhere', { tag: asset.tag }) };
      if (!inScope.some((a) => a.id === asset.id)) return { kind: 'refused', text: t('visit_asset_out_of_scope', { tag: asset.tag }) };
      area.replaceChildren(checkForm(visit, asset));
      area.querySelector('input')?.focus();
      return { kind: 'seen', text: t('visit_asset_chosen', { tag: asset.tag }) };
    },
  }) : null;

  return {
    title,
    body: [
      backLink('/maintenance', t('maintenance_title')),
      h('h1', null, title),
      h('p', { class: 'status-line' }, h('span', { id: 'visit-status', class: `status status-${visit.status}`, dataset: { status: visit.status } }, visitStatusName(visit.status))),
      visit.note ? h('p', null, visit.note) : null,
      h('p', { id: 'visit-progress', dataset: { done: doneCount, total: inScope.length } }, t('visit_progress', { count: doneCount, total: inScope.length })),
      scanner?.element,
      area,
      checksSection(checks),
      missingSection(inScope.filter((a) => !done.has(a.id))),
      editable ? statusActions(visit) : null,
    ],
    refresh: redrawUnlessTyping(rerender),
  };
}

async function loadVisit(id) {
  const local = await get('maintenance_visits', id);
  if (local) return local;
  try {
    return await api(`/api/v1/maintenance/visits/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof NetworkError || err instanceof ApiError && (err.status === 404 || err.status === 400)) return undefined;
    throw err;
  }
}

/** Builds the checklist form of one PC: the items done, whether the PC is done, and a note. */
function checkForm(visit, asset) {
  const form = h('form', { id: 'visit-check-form', class: 'form card', novalidate: true, dataset: { assetId: asset.id } },
    h('h2', null, t('visit_check_of', { asset: `${asset.tag} · ${assetTitle(asset)}` })),
    h('fieldset', { class: 'check-list' },
      h('legend', null, t('visit_check_items')),
      h('div', { class: 'check-grid' }, CHECK_ITEMS.map((item) => h('label', null,
        h('input', { type: 'checkbox', name: item, id: `check-${item}` }), h('span', null, t(`visit_item_${item}`)))))),
    field({ name: 'done', label: t('visit_check_done'), kind: 'checkbox', value: true, hint: t('visit_check_done_hint') }),
    field({ name: 'note', label: t('visit_check_note'), kind: 'textarea', attrs: { maxlength: 1000 } }),
    localFormActions(t('visit_check_save')));
  onSubmit(form, async (v) => {
    const items = Object.fromEntries(CHECK_ITEMS.map((item) => [item, Boolean(v[item])]));
    await saveChanges([checkChange(visit, asset, { ...items, done: Boolean(v.done), note: v.note })]);
    await refreshAfterSave(form, { clear: true });
    const status = document.getElementById('visit-scan-status');
    if (status) {
      status.dataset.kind = 'checked';
      status.textContent = t('visit_check_saved', { tag: asset.tag });
    }
    document.getElementById('visit-scan-tag')?.focus();
  });
  return form;
}

function checksSection(checks) {
  return h('section', { 'aria-labelledby': 'visit-checks-title' },
    h('h2', { id: 'visit-checks-title' }, t('visit_checks')),
    checks.length
      ? h('ul', { id: 'visit-checks', class: 'history' }, checks.map((check) => h('li', { dataset: { assetId: check.asset_id, done: String(check.done) } },
        `${check.asset_tag ?? ''} · ${formatDateTime(check.checked_at)} · `,
        CHECK_ITEMS.filter((item) => check[item]).map((item) => t(`visit_item_${item}`)).join(', ') || t('visit_check_nothing'),
        check.done ? '' : ` · ${t('visit_check_not_done')}`,
        check.note ? ` · ${check.note}` : '')))
      : h('p', { class: 'detail' }, t('visit_no_check')));
}

function missingSection(assets) {
  return h('section', { 'aria-labelledby': 'visit-missing-title' },
    h('h2', { id: 'visit-missing-title' }, t('visit_missing', { count: assets.length })),
    assets.length ? h('ul', { id: 'visit-missing', class: 'list' }, assets.map((asset) => h('li', { dataset: { assetId: asset.id } },
      h('a', { href: `/assets/${asset.id}` }, h('span', { class: 'list-text' },
        h('span', { class: 'list-title' }, asset.tag ?? t('asset_untagged')), h('span', { class: 'list-detail' }, assetTitle(asset))))))) : null);
}

function statusActions(visit) {
  const message = h('p', { id: 'visit-status-error', class: 'error', role: 'alert' });
  const button = (id, status, label, danger) => h('button', { id, type: 'button', class: danger ? 'button danger' : 'button', onclick: async (event) => {
    const clicked = event.currentTarget;
    clicked.disabled = true;
    try {
      await saveChanges([visitChange(visit, { status })]);
    } catch (err) {
      message.textContent = errorText(err);
      clicked.disabled = false;
      return;
    }
    await refreshAfterSave();
  } }, label);
  return h('div', null, h('div', { class: 'actions' },
    button('visit-done', 'done', t('visit_mark_done'), false),
    button('visit-cancel', 'cancelled', t('visit_cancel'), true)), message);
}
