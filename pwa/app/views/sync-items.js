// Names and descriptions that the sync screen shows for a queued op, a
// rejected op and a conflict: the record it changes, what it does, and
// each field with its value.

import { get } from '../db.js';
import { formatDate, t } from '../i18n.js';
import { assetKindName, assetStatusName, assetTitle } from './names.js';
import { WORK_FIELD_LABELS, workFieldValue, workOpSummary, workRecordName } from './work-sync-items.js';

// Catalogue key of each field's label, as the edit forms name them.
const FIELD_LABELS = {
  tag: 'asset_tag', kind: 'asset_kind', brand: 'asset_brand', model: 'asset_model_only', serial: 'asset_serial',
  status: 'asset_status', site_id: 'asset_site', room_id: 'asset_room', os: 'asset_os', os_version: 'asset_os_version',
  purchase_date: 'asset_purchase_date', warranty_end: 'asset_warranty_end', recommended_model: 'asset_recommended_model',
  notes: 'asset_notes', name: 'room_name', archived: 'sync_field_archived',
};

/** Returns the label of a field, or its API name when the app has none. */
export function fieldLabel(key) {
  const label = FIELD_LABELS[key] ?? WORK_FIELD_LABELS[key];
  return label ? t(label) : key;
}

/**
 * Returns a field's value as the user reads it: names for ids and codes.
 * entity names the record's entity, whose codes some fields name.
 */
export async function fieldValue(key, value, entity = 'asset') {
  if (value === null || value === undefined || value === '') return t('sync_value_empty');
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  const named = workFieldValue(entity, key, value);
  if (named !== undefined) return named;
  if (key === 'site_id' || key === 'room_id') {
    const record = await get(key === 'site_id' ? 'sites' : 'rooms', value);
    return record ? record.name : String(value);
  }
  if (key === 'kind') return assetKindName(value);
  if (key === 'status') return assetStatusName(value);
  if (key === 'purchase_date' || key === 'warranty_end') return formatDate(value);
  return String(value);
}

/**
 * Returns the name of the record an op changes: the asset's title and
 * tag, the room's name or the scanned tag, from the device's copy, from
 * the record the server returned, or from the op's own fields.
 */
export async function recordName(item) {
  const fields = item.fields ?? {};
  const work = await workRecordName(item);
  if (work !== undefined) return work;
  if (item.entity === 'inventory_scan') {
    const scanned = fields.asset_id ? await get('assets', fields.asset_id) : undefined;
    return scanned ? `${fields.tag} · ${assetTitle(scanned)}` : fields.tag ?? '';
  }
  const local = await get(item.entity === 'asset' ? 'assets' : 'rooms', item.entity_id);
  const record = { ...item.record, ...fields, ...local };
  if (item.entity === 'room') return record.name ?? t('sync_entity_room');
  const title = record.brand || record.model || record.kind ? assetTitle(record) : t('sync_entity_asset');
  return record.tag ? `${record.tag} · ${title}` : title;
}

/** Returns what an op does, in a short sentence. */
export function opSummary(op) {
  const fields = op.fields ?? {};
  const work = workOpSummary(op);
  if (work !== undefined) return work;
  if (op.entity === 'inventory_scan') return t(fields.moved_from_site_id ? 'sync_op_scan_moved' : 'sync_op_scan');
  if (op.action === 'delete' || fields.archived === true) return t('sync_op_archive');
  if (fields.archived === false) return t('sync_op_restore');
  if (op.create) return t('sync_op_create');
  return t('sync_op_edit', { fields: Object.keys(fields).map(fieldLabel).join(', ') });
}
