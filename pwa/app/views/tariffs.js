// The tariffs of the communes' participation (« Tarifs »): technicians
// add them and change their amounts and period; committee members read
// them. Amounts are entered in euros and hours, and sent to the server
// in cents and minutes. Tariffs live on the server only.

import { api, ApiError, NetworkError } from '../api.js';
import { h } from '../dom.js';
import { field, formActions, onSubmit } from '../forms.js';
import { formatAmount, formatDate, formatDuration, t } from '../i18n.js';
import { navigate } from '../router.js';
import { isTechnician } from '../session.js';
import { AMOUNTS, readAmounts } from '../tariff-amounts.js';
import { confirmDialog } from './dialog.js';
import { backLink } from './fleet.js';
import { showToast } from './toast.js';

const FIELD_MAP = Object.fromEntries(AMOUNTS.map(({ control, member }) => [member, control]));

/** Returns the period of a tariff: "du 01/01/2027 au 31/12/2027", or "à partir du 01/01/2027" without an end. */
function period(tariff) {
  const from = formatDate(tariff.valid_from);
  if (!tariff.valid_to) return t('tariff_period_open', { from });
  return t('tariff_period', { from, to: formatDate(tariff.valid_to) });
}

export async function tariffsScreen() {
  const title = t('tariffs_title');
  const top = [backLink('/reports', t('reports_title')), h('h1', null, title), h('p', null, t('tariffs_intro'))];
  let list;
  try {
    list = (await api('/api/v1/tariffs')).items;
  } catch (err) {
    return { title, body: [top, loadError(err)], refresh: null };
  }
  const items = list.map((tariff) => h('li', { dataset: { tariffId: tariff.id } },
    h('a', { href: `/reports/tariffs/${tariff.id}` },
      h('span', { class: 'list-text' },
        h('span', { class: 'list-title' }, tariff.name),
        h('span', { class: 'list-detail' }, [period(tariff),
          t('tariff_summary', { pc: formatAmount(tariff.pc_fee_cents / 100), rate: formatAmount(tariff.hourly_rate_cents / 100), included: formatDuration(tariff.included_minutes) }),
        ].join(' · '))))));
  return {
    title,
    body: [
      top,
      list.length ? h('ul', { id: 'tariff-list', class: 'list' }, items) : h('p', { id: 'tariffs-empty' }, t('tariffs_empty')),
      isTechnician() ? h('p', null, h('a', { id: 'tariff-add', href: '/reports/tariffs/new', class: 'button primary' }, t('tariff_new'))) : null,
    ],
    refresh: null,
  };
}

export async function tariffScreen({ params }) {
  const creating = !params.id;
  let tariff = { name: '', valid_from: '', valid_to: null, pc_fee_cents: 0, commune_fee_cents: 0, hourly_rate_cents: 0, included_minutes: 0, notes: '' };
  if (!creating) {
    try {
      tariff = await api(`/api/v1/tariffs/${encodeURIComponent(params.id)}`);
    } catch (err) {
      return { title: t('tariffs_title'), body: [backLink('/reports/tariffs', t('tariffs_title')), loadError(err)], refresh: null };
    }
  }
  const title = creating ? t('tariff_new') : tariff.name;
  const editable = isTechnician();
  const form = tariffForm(tariff, editable);
  if (editable) onSubmit(form, (v) => save(creating, tariff, v, amountTexts(form)), FIELD_MAP);

  return {
    title,
    body: [
      backLink('/reports/tariffs', t('tariffs_title')),
      h('h1', null, title),
      form,
      editable && !creating ? h('p', null, h('button', { id: 'tariff-delete', type: 'button', class: 'button danger', onclick: () => remove(tariff) }, t('tariff_delete'))) : null,
    ],
    refresh: null,
  };
}

function tariffForm(tariff, editable) {
  const amount = (name, member, factor, hint) => field({
    name, label: t(`tariff_${name}`), kind: 'decimal', value: tariff[member] / factor, hint: hint ? t(hint) : undefined,
    required: AMOUNTS.find((a) => a.control === name).required,
  });
  const fields = [
    field({ name: 'name', label: t('tariff_name'), value: tariff.name, required: true, hint: t('tariff_name_hint'), attrs: { maxlength: 120, autocomplete: 'off' } }),
    field({ name: 'valid_from', label: t('tariff_valid_from'), kind: 'date', value: tariff.valid_from, required: true }),
    field({ name: 'valid_to', label: t('tariff_valid_to'), kind: 'date', value: tariff.valid_to ?? '', hint: t('tariff_valid_to_hint') }),
    amount('pc_fee', 'pc_fee_cents', 100, 'tariff_pc_fee_hint'),
    amount('commune_fee', 'commune_fee_cents', 100, 'tariff_commune_fee_hint'),
    amount('hourly_rate', 'hourly_rate_cents', 100),
    amount('included_hours', 'included_minutes', 60, 'tariff_included_hours_hint'),
    field({ name: 'notes', label: t('tariff_notes'), kind: 'textarea', value: tariff.notes }),
  ];
  return h('form', { id: 'tariff-form', class: 'form', novalidate: true },
    editable ? fields : h('fieldset', { class: 'plain', disabled: true }, h('legend', { class: 'visually-hidden' }, t('tariffs_title')), fields),
    editable ? formActions(t('save')) : null);
}

/** Returns the text of each amount field, by control name. */
function amountTexts(form) {
  return Object.fromEntries(AMOUNTS.map(({ control }) => [control, form.elements.namedItem(control).value]));
}

/**
 * Saves the tariff. The amounts are checked on the device first, in euros
 * and hours, and a mistake is shown under its field without a request.
 */
async function save(creating, tariff, v, texts) {
  const { members, faults } = readAmounts(texts);
  if (Object.keys(faults).length) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), faults);

  const payload = { name: v.name, valid_from: v.valid_from, valid_to: v.valid_to, notes: v.notes, ...members };
  if (creating) {
    await api('/api/v1/tariffs', { method: 'POST', body: payload });
  } else {
    await api(`/api/v1/tariffs/${tariff.id}`, { method: 'PATCH', body: { ...payload, version: tariff.version } });
  }
  showToast(t('tariff_saved'));
  await navigate('/reports/tariffs');
}

async function remove(tariff) {
  const ok = await confirmDialog({
    id: 'tariff-delete-dialog', title: t('tariff_delete'), text: t('tariff_delete_confirm', { name: tariff.name }),
    confirmLabel: t('tariff_delete'), cancelLabel: t('cancel'), danger: true,
  });
  if (!ok) return;
  try {
    await api(`/api/v1/tariffs/${tariff.id}`, { method: 'DELETE' });
  } catch (err) {
    showToast(err instanceof ApiError ? err.message : t('form_offline'));
    return;
  }
  showToast(t('tariff_deleted'));
  await navigate('/reports/tariffs');
}

function loadError(err) {
  if (err instanceof NetworkError) return h('p', { class: 'note', role: 'alert' }, t('reports_offline'));
  return h('p', { class: 'error', role: 'alert' }, err instanceof ApiError ? err.message : String(err));
}

