// Loans of spare PCs (« Prêts »): the open and overdue loans, the
// check-out of a spare by scanning its label, and its check-in with its
// condition. Both writes go through the outbox, so they work offline, and
// the check-out is checked against the pool of spares that the device
// pulls.

import { ApiError } from '../api.js';
import { all, get } from '../db.js';
import { addDays, parisDay } from '../days.js';
import { h } from '../dom.js';
import { field, localFormActions, onSubmit } from '../forms.js';
import { compareNames, formatDate, t } from '../i18n.js';
import { uuidv7 } from '../ids.js';
import { checkInChange, checkOutChange, loanStatus, openLoanOf, openLoans } from '../loans.js';
import { navigate } from '../router.js';
import { isTechnician } from '../session.js';
import { backLink } from './fleet.js';
import { assetTitle } from './names.js';
import { missing } from './not-found.js';
import { scanField } from './scan-field.js';
import { loanStatusName } from './work-names.js';
import { saveChanges } from './work-save.js';

// The due date the check-out form proposes, in days from today.
const DEFAULT_LOAN_DAYS = 7;

export async function loansScreen() {
  const today = parisDay();
  const [loans, sites, communes] = await Promise.all([openLoans(today), all('sites'), all('communes')]);
  const siteNames = new Map(sites.map((s) => [s.id, s.name]));
  const communeNames = new Map(communes.map((c) => [c.id, c.name]));
  const overdue = loans.filter((loan) => loanStatus(loan, today) === 'overdue').length;
  const title = t('loans_title');
  return {
    title,
    body: [
      h('h1', null, title),
      isTechnician() ? h('div', { class: 'actions' },
        h('a', { id: 'loan-out-link', href: '/loans/new', class: 'button primary' }, t('loan_out_title')),
        h('a', { id: 'loan-in-link', href: '/loans/return', class: 'button' }, t('loan_in_title'))) : null,
      h('p', { id: 'loans-count', role: 'status' }, t('loans_count', { count: loans.length }),
        overdue ? [' ', h('strong', { class: 'warning-text' }, t('loans_overdue_count', { count: overdue }))] : null),
      loans.length
        ? h('ul', { id: 'loan-list', class: 'list' }, loans.map((loan) => {
          const status = loanStatus(loan, today);
          return h('li', { class: status === 'overdue' ? 'loan overdue' : 'loan', dataset: { loanId: loan.id, status } },
            h('span', { class: 'list-text' },
              h('span', { class: 'list-title' }, `${loan.asset_tag ?? ''} — ${communeNames.get(loan.commune_id) ?? ''}, ${siteNames.get(loan.site_id) ?? ''}`),
              h('span', { class: 'list-detail' }, t('loan_due', { date: formatDate(loan.due_date) })),
              h('span', { class: 'list-detail' }, loan.reason)),
            h('span', { class: status === 'overdue' ? 'badge badge-blocking' : 'badge' }, loanStatusName(status)));
        }))
        : h('p', { id: 'loans-empty' }, t('loans_empty')),
    ],
  };
}

export async function loanOutScreen() {
  if (!isTechnician()) return missing(t('technician_only_title'), t('technician_only_text'));
  const [communes, sites] = await Promise.all([all('communes'), all('sites')]);
  const id = uuidv7();
  const today = parisDay();
  let chosen = null;
  const title = t('loan_out_title');

  const picked = h('p', { id: 'loan-out-asset', class: 'detail' }, t('loan_out_no_asset'));
  const scanner = scanField({
    id: 'loan-out-scan', label: t('loan_out_scan_label'), hint: t('loan_out_scan_hint'), submitLabel: t('scan_field_submit'),
    onAsset: async (asset) => {
      if (!['pc', 'laptop'].includes(asset.kind)) return { kind: 'refused', text: t('loan_out_not_pc', { tag: asset.tag }) };
      const refusal = await spareRefusal(asset);
      if (refusal) return { kind: 'refused', text: refusal };
      chosen = asset;
      picked.dataset.assetId = asset.id;
      picked.textContent = t('loan_out_asset', { asset: `${asset.tag} · ${assetTitle(asset)}` });
      return { kind: 'seen', text: t('loan_out_chosen', { tag: asset.tag }) };
    },
  });

  const communeOptions = communes.filter((c) => !c.archived_at).sort((a, b) => compareNames(a.name, b.name)).map((c) => [c.id, c.name]);
  const siteField = field({ name: 'site_id', label: t('request_site'), kind: 'select', required: true, options: [['', t('choose')]] });
  const communeField = field({ name: 'commune_id', label: t('request_commune'), kind: 'select', required: true, options: [['', t('choose')], ...communeOptions],
    attrs: { onchange: (event) => {
      const own = sites.filter((s) => s.commune_id === event.currentTarget.value && !s.archived_at).sort((a, b) => compareNames(a.name, b.name));
      siteField.querySelector('select').replaceChildren(h('option', { value: '' }, t('choose')), ...own.map((s) => h('option', { value: s.id }, s.name)));
    } } });

  const form = h('form', { id: 'loan-out-form', class: 'form', novalidate: true },
    communeField, siteField,
    field({ name: 'reason', label: t('loan_reason'), kind: 'textarea', required: true, hint: t('loan_reason_hint'), attrs: { maxlength: 1000 } }),
    field({ name: 'due_date', label: t('loan_due_date'), kind: 'date', required: true, value: addDays(today, DEFAULT_LOAN_DAYS), hint: t('loan_due_date_hint'), attrs: { min: today } }),
    localFormActions(t('loan_out_submit')));
  onSubmit(form, async (v) => {
    if (!chosen) throw new ApiError(422, 'invalid_fields', t('loan_out_asset_missing'), {});
    const faults = {};
    if (!v.commune_id) faults.commune_id = t('loan_commune_missing');
    if (!v.site_id) faults.site_id = t('request_site_missing');
    if (!v.reason) faults.reason = t('loan_reason_missing');
    if (!v.due_date) faults.due_date = t('loan_due_date_missing');
    else if (v.due_date < today) faults.due_date = t('loan_due_date_past');
    if (Object.keys(faults).length) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), faults);
    await saveChanges([checkOutChange({ id, asset: chosen, commune_id: v.commune_id, site_id: v.site_id, reason: v.reason, due_date: v.due_date })]);
    await navigate('/loans', { replace: true });
  });

  return {
    title,
    body: [backLink('/loans', t('loans_title')), h('h1', null, title), await sparesLine(), scanner.element, picked, form],
    refresh: null,
  };
}

/** Lists the spares free now, from the pool that the device keeps. */
async function sparesLine() {
  const free = (await all('loan_spares')).filter((spare) => spare.available).map((spare) => spare.tag).filter(Boolean).sort();
  return h('p', { id: 'loan-spares', class: 'detail' }, free.length ? t('loan_spares', { tags: free.join(', ') }) : t('loan_spares_device_none'));
}

/**
 * Returns why a PC cannot be lent, in the server's words, or null. A PC
 * cannot be lent when it is missing from the pool stored on the device, or
 * when a loan stored on the device holds it, unsent loans included. The
 * pool's own loan_id is ignored, because an unsent return frees the PC.
 */
async function spareRefusal(asset) {
  const spare = await get('loan_spares', asset.id);
  if (!spare) return t('loan_out_not_spare', { tag: asset.tag ?? asset.id });
  const open = await openLoanOf(asset.id);
  if (open) return t('loan_out_spare_on_loan', { tag: asset.tag ?? asset.id, date: open.due_date });
  return null;
}

export async function loanInScreen() {
  if (!isTechnician()) return missing(t('technician_only_title'), t('technician_only_text'));
  const title = t('loan_in_title');
  const area = h('div', { id: 'loan-in-area' });
  const scanner = scanField({
    id: 'loan-in-scan', label: t('loan_in_scan_label'), hint: t('loan_in_scan_hint'), submitLabel: t('scan_field_submit'),
    onAsset: async (asset) => {
      const loan = await openLoanOf(asset.id);
      if (!loan) return { kind: 'unknown', text: t('loan_in_no_loan', { tag: asset.tag }) };
      area.replaceChildren(await returnForm(loan, asset));
      return { kind: 'seen', text: t('loan_in_found', { tag: asset.tag }) };
    },
  });
  return { title, body: [backLink('/loans', t('loans_title')), h('h1', null, title), scanner.element, area], refresh: null };
}

async function returnForm(loan, asset) {
  const site = await get('sites', loan.site_id);
  const place = site?.name ?? '';
  const form = h('form', { id: 'loan-in-form', class: 'form card', novalidate: true, dataset: { loanId: loan.id } },
    h('h2', null, t('loan_in_of', { asset: `${asset.tag} · ${assetTitle(asset)}`, site: place })),
    h('p', { class: 'detail' }, t('loan_due', { date: formatDate(loan.due_date) })),
    field({ name: 'return_condition', label: t('loan_condition'), kind: 'select', value: 'ok',
      options: [['ok', t('loan_condition_ok')], ['damaged', t('loan_condition_damaged')]] }),
    field({ name: 'return_note', label: t('loan_return_note'), kind: 'textarea', hint: t('loan_return_note_hint'), attrs: { maxlength: 1000 } }),
    localFormActions(t('loan_in_submit')));
  onSubmit(form, async (v) => {
    if (v.return_condition === 'damaged' && !v.return_note) {
      throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), { return_note: t('loan_return_note_missing') });
    }
    await saveChanges([checkInChange(loan, v.return_condition, v.return_note)]);
    await navigate('/loans', { replace: true });
  });
  return form;
}
