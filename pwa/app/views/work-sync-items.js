// The texts of the sync screen for the ops of requests, comments, problem
// reports, work orders, time entries, loans and the maintenance round
// (campaigns included): the record's
// name, what the op does, and the labels and values of their fields.

import { get } from '../db.js';
import { formatDate, t } from '../i18n.js';
import { categoryName, checklistName, loanStatusName, requestStatusName, timeKindName, urgencyName, visitStatusName, workOrderStatusName } from './work-names.js';

// Catalogue key of the label of each field of these entities.
export const WORK_FIELD_LABELS = {
  category: 'request_category', urgency: 'request_urgency', description: 'request_description', planned_for: 'request_planned',
  refused_reason: 'request_refuse_reason', asset_id: 'request_asset', asset_ids: 'work_order_assets', level: 'work_order_level',
  checklist: 'work_order_checklist', checklist_other: 'work_order_checklist_other', travel_minutes: 'work_order_travel',
  summary: 'work_order_summary', signed_by: 'work_order_signed_by', body: 'comment_add_label', reason: 'loan_reason',
  due_date: 'loan_due_date', return_condition: 'loan_condition', return_note: 'loan_return_note', note: 'visit_note',
  minutes: 'timer_correction_minutes', commune_id: 'request_commune', photo_ids: 'photos_title', signature_file_id: 'signature_title',
  dismissed_reason: 'reports_dismiss_reason', year: 'sync_field_year', request_id: 'sync_field_request_id', request: 'sync_field_request',
};

const STATUS_NAMES = {
  request: requestStatusName, work_order: workOrderStatusName, loan: loanStatusName, maintenance_visit: visitStatusName,
};

/** Returns a field's value as the user reads it, or undefined when the fleet's rules apply. */
export function workFieldValue(entity, key, value) {
  if (key === 'status' && STATUS_NAMES[entity]) return STATUS_NAMES[entity](value);
  if (key === 'category') return categoryName(value);
  if (key === 'urgency') return urgencyName(value);
  if (key === 'checklist' && Array.isArray(value)) return value.map(checklistName).join(', ');
  if (key === 'photo_ids' && Array.isArray(value)) return t('photos_count', { count: value.length });
  if (key === 'signature_file_id') return t('signature_drawn_short');
  if (Array.isArray(value)) return value.join(', ');
  if (key === 'planned_for' || key === 'due_date') return formatDate(value);
  if (key === 'return_condition') return t(`loan_condition_${value}`);
  if (key === 'request' && value) return [categoryName(value.category ?? ''), urgencyName(value.urgency ?? '')].join(' · ');
  if (key === 'year') return String(value);
  return undefined;
}

/** Returns the name of the record of an op of these entities, or undefined for another entity. */
export async function workRecordName(item) {
  const fields = item.fields ?? {};
  switch (item.entity) {
    case 'request': {
      const request = { ...item.record, ...fields, ...(await get('requests', item.entity_id)) };
      const site = request.site_id ? await get('sites', request.site_id) : undefined;
      return t('sync_entity_request', { name: [categoryName(request.category ?? ''), site?.name].filter(Boolean).join(' — ') });
    }
    case 'request_comment':
      return t('sync_entity_comment', { text: String(fields.body ?? '').slice(0, 60) });
    case 'work_order': {
      const order = { ...item.record, ...fields, ...(await get('work_orders', item.entity_id)) };
      const site = order.site_id ? await get('sites', order.site_id) : undefined;
      return t('sync_entity_work_order', { name: [categoryName(order.category ?? ''), site?.name].filter(Boolean).join(' — ') });
    }
    case 'time_entry':
      return t('sync_entity_time_entry', { kind: timeKindName(fields.kind ?? '') });
    case 'loan': {
      const loan = { ...item.record, ...fields, ...(await get('loans', item.entity_id)) };
      return t('sync_entity_loan', { tag: loan.asset_tag ?? loan.asset ?? '' });
    }
    case 'maintenance_visit': {
      const visit = { ...item.record, ...fields, ...(await get('maintenance_visits', item.entity_id)) };
      const site = visit.site_id ? await get('sites', visit.site_id) : undefined;
      return t('sync_entity_visit', { site: site?.name ?? '', date: formatDate(visit.planned_for) });
    }
    case 'maintenance_check':
      return t('sync_entity_check', { tag: fields.asset ?? '' });
    case 'maintenance_campaign': {
      const campaign = { ...item.record, ...fields, ...(await get('maintenance_campaigns', item.entity_id)) };
      return t('sync_entity_campaign', { year: String(campaign.year ?? '') });
    }
    case 'problem_report': {
      const report = await get('problem_reports', item.entity_id);
      return t('sync_entity_report', { text: String(report?.description ?? '').slice(0, 60) });
    }
    default:
      return undefined;
  }
}

/** Returns what an op of these entities does, or undefined for another entity. */
export function workOpSummary(op) {
  const fields = op.fields ?? {};
  if (op.entity === 'time_entry') return fields.minutes != null ? t('sync_op_time_minutes', { minutes: fields.minutes }) : t('sync_op_time');
  if (op.entity === 'request_comment' || op.entity === 'maintenance_check') return t('sync_op_create');
  if (op.entity === 'loan' && fields.return_condition) return t('sync_op_loan_return');
  if (op.entity === 'loan' && op.create) return t('sync_op_loan_out');
  if (op.entity === 'problem_report' && ['converted', 'dismissed'].includes(fields.status)) return t(`sync_op_report_${fields.status}`);
  if (fields.status && STATUS_NAMES[op.entity] && !op.create) return t('sync_op_status', { status: STATUS_NAMES[op.entity](fields.status) });
  return undefined;
}
