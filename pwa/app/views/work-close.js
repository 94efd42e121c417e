// The end of a work order's screen: the details (travel time, notes, the
// checklist of actions done) and the closing step (summary, the person
// present and their signature, then « Clôturer la fiche »). A done work
// order shows them as read, with the link to its PDF, and may be reopened.

import { ApiError } from '../api.js';
import { facts, h } from '../dom.js';
import { changes, field, localFormActions, onSubmit } from '../forms.js';
import { formatDateTime, formatDuration, t } from '../i18n.js';
import { replay } from '../timer.js';
import { newUpload } from '../uploads.js';
import { CHECKLIST, entriesOf, timeEntryChange, timerOpen, workOrderChange } from '../work-orders.js';
import { forgetCommuneTimes } from './commune-time.js';
import { signaturePad } from './signature-pad.js';
import { storedImage, workOrderPDF } from './stored-files.js';
import { checklistName } from './work-names.js';
import { errorText, refreshAfterSave, saveChanges } from './work-save.js';

/** Builds the details form: travel minutes, notes and the checklist. */
export function detailsForm(order) {
  const checks = h('fieldset', { class: 'check-list', 'aria-describedby': 'field-checklist-error' },
    h('legend', null, t('work_order_checklist')),
    h('div', { class: 'check-grid' }, CHECKLIST.map((code) => h('label', null,
      h('input', { type: 'checkbox', name: 'check', value: code, checked: (order.checklist ?? []).includes(code) }),
      h('span', null, checklistName(code))))),
    h('p', { id: 'field-checklist-error', class: 'error', role: 'alert' }));
  const form = h('form', { id: 'work-order-details', class: 'form', novalidate: true },
    field({ name: 'travel_minutes', label: t('work_order_travel'), kind: 'number', value: order.travel_minutes ?? 0,
      hint: t('work_order_travel_hint'), attrs: { min: 0, max: 1440, step: 1, inputmode: 'numeric' } }),
    checks,
    field({ name: 'checklist_other', label: t('work_order_checklist_other'), kind: 'textarea', value: (order.checklist_other ?? []).join('\n'),
      hint: t('work_order_checklist_other_hint') }),
    field({ name: 'notes', label: t('work_order_notes'), kind: 'textarea', value: order.notes, hint: t('work_order_notes_hint'), attrs: { maxlength: 4000 } }),
    localFormActions(t('save')));
  onSubmit(form, async (v) => {
    const next = {
      travel_minutes: v.travel_minutes ?? 0,
      checklist: [...form.querySelectorAll('input[name="check"]:checked')].map((box) => box.value),
      checklist_other: v.checklist_other.split('\n').map((line) => line.trim()).filter(Boolean),
      notes: v.notes,
    };
    if (!Number.isInteger(next.travel_minutes) || next.travel_minutes < 0 || next.travel_minutes > 1440) {
      throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), { travel_minutes: t('work_order_travel_invalid') });
    }
    const fields = changes(order, next);
    if (Object.keys(fields).length) await saveChanges([workOrderChange(order, fields)]);
    await refreshAfterSave(form);
  });
  return section('work-order-details-title', t('work_order_details'), form);
}

/**
 * Builds the closing step. It stops a timer still running or paused, in
 * the same batch of changes, since the server closes no work order while
 * its timer runs. A signature drawn on the pad goes as a PNG that waits
 * on the device for its upload (uploads.js). Without one, the work order
 * closes unsigned, as when the person present has left.
 */
export function closeForm(order) {
  const pad = signaturePad('work-order-signature');
  const form = h('form', { id: 'work-order-close', class: 'form', novalidate: true },
    field({ name: 'summary', label: t('work_order_summary'), kind: 'textarea', value: order.summary, required: true,
      hint: t('work_order_summary_hint'), attrs: { maxlength: 4000 } }),
    field({ name: 'signed_by', label: t('work_order_signed_by'), value: order.signed_by, hint: t('work_order_signed_by_hint'),
      attrs: { maxlength: 200, autocomplete: 'off' } }),
    pad.element,
    order.signature_file_id ? h('p', { id: 'work-order-signature-kept', class: 'note' }, t('signature_kept')) : null,
    localFormActions(t('work_order_close')));
  onSubmit(form, async (v) => {
    const faults = {};
    if (!v.summary) faults.summary = t('work_order_summary_missing');
    if (pad.hasInk() && !v.signed_by) faults.signed_by = t('signature_name_missing');
    if (Object.keys(faults).length) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), faults);

    const entries = await entriesOf(order.id);
    const batch = timerOpen(replay(entries)) ? [timeEntryChange(order, entries, { kind: 'stop' })] : [];
    const close = workOrderChange(order, { ...changes(order, { summary: v.summary, signed_by: v.signed_by }), status: 'done' });
    if (pad.hasInk()) {
      const upload = newUpload('signature', await pad.toBlob(), 'signature.png');
      close.fields.signature_file_id = upload.id;
      close.uploads = [upload];
    }
    batch.push(close);
    await saveChanges(batch);
    pad.markSaved();
    forgetCommuneTimes();
    await refreshAfterSave(form);
  });
  return section('work-order-close-title', t('work_order_closing'), form);
}

/**
 * Builds the details and the end of a work order, read only: a done one,
 * with « Rouvrir » for technicians, or any one for the other roles.
 */
export async function closedSection(order, workMinutes, mayReopen) {
  const reopen = mayReopen ? h('div', { class: 'actions' }, h('button', { id: 'work-order-reopen', type: 'button', class: 'button', onclick: async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await saveChanges([workOrderChange(order, { status: 'in_progress' })]);
    } catch (err) {
      document.getElementById('work-order-reopen-error').textContent = errorText(err);
      button.disabled = false;
      return;
    }
    await refreshAfterSave();
  } }, t('work_order_reopen')), h('p', { id: 'work-order-reopen-error', class: 'error', role: 'alert' })) : null;
  const title = order.status === 'done' ? t('work_order_closing') : t('work_order_details');
  return section('work-order-closed-title', title, [
    facts([
      [t('work_order_done_at'), formatDateTime(order.done_at)],
      [t('timer_work_minutes_label'), formatDuration(workMinutes)],
      [t('work_order_travel'), formatDuration(order.travel_minutes ?? 0)],
      [t('work_order_checklist'), [...(order.checklist ?? []).map(checklistName), ...(order.checklist_other ?? [])].join(', ')],
      [t('work_order_notes'), order.notes],
      [t('work_order_summary'), order.summary, 'work-order-summary'],
      [t('work_order_signed_by'), order.signed_by],
      [t('signature_title'), order.signature_file_id
        ? await storedImage(order.signature_file_id, { alt: t('signature_alt', { name: order.signed_by || '—' }), className: 'signature-image' })
        : t('signature_none'), 'work-order-signature-shown'],
    ]),
    order.status === 'done' ? h('div', { class: 'actions' }, await workOrderPDF(order, 'work-order-pdf')) : null,
    reopen,
  ]);
}

function section(titleID, title, content) {
  return h('section', { class: 'card', 'aria-labelledby': titleID }, h('h2', { id: titleID }, title), content);
}
