// The rules of the sync engine that need no browser: how an op changes a
// local record, what the device does with a push result, and the retry
// delays. pwa/sync_test.go runs them under Node.

/** Local store of each entity that the device keeps. */
export const STORES = {
  commune: 'communes', site: 'sites', room: 'rooms', asset: 'assets',
  request: 'requests', request_comment: 'request_comments', problem_report: 'problem_reports',
  work_order: 'work_orders', time_entry: 'time_entries', loan: 'loans',
  maintenance_visit: 'maintenance_visits', maintenance_check: 'maintenance_checks',
  maintenance_campaign: 'maintenance_campaigns', loan_spare: 'loan_spares',
};

/**
 * Entities whose records never change once stored: the server applies the
 * same record again as a no-op and rejects a changed one.
 */
export const APPEND_ONLY = ['inventory_scan', 'request_comment', 'time_entry', 'maintenance_check'];

/** REST path of one record of each entity that the device may read again by id. */
export const RECORD_PATHS = {
  asset: '/api/v1/assets/', room: '/api/v1/rooms/', request: '/api/v1/requests/',
  work_order: '/api/v1/work-orders/', loan: '/api/v1/loans/', maintenance_visit: '/api/v1/maintenance/visits/',
  problem_report: '/api/v1/problem-reports/',
};

/**
 * Members that a push op may carry for each entity: those of the REST
 * POST body (docs/API.md), without id and version.
 */
export const WRITABLE = {
  asset: ['tag', 'kind', 'brand', 'model', 'serial', 'status', 'site_id', 'room_id', 'os', 'os_version',
    'purchase_date', 'warranty_end', 'recommended_model', 'notes'],
  room: ['site_id', 'name'],
  request: ['site_id', 'asset_id', 'category', 'urgency', 'description', 'status', 'planned_for', 'refused_reason', 'photo_ids'],
  request_comment: ['request_id', 'body'],
  work_order: ['request_id', 'site_id', 'asset_ids', 'category', 'level', 'status', 'notes', 'checklist', 'checklist_other',
    'travel_minutes', 'summary', 'signed_by', 'signature_file_id', 'opened_at'],
  time_entry: ['work_order_id', 'kind', 'at', 'minutes', 'reason'],
  loan: ['asset', 'commune_id', 'site_id', 'reason', 'due_date', 'return_condition', 'return_note'],
  maintenance_visit: ['site_id', 'planned_for', 'note', 'status'],
  maintenance_check: ['visit_id', 'asset', 'updates', 'antivirus', 'disk', 'cleaning', 'done', 'note', 'checked_at'],
  maintenance_campaign: ['year'],
  problem_report: ['status', 'request_id', 'request', 'dismissed_reason'],
};

/** The largest number of ops in one push request. */
export const BATCH_SIZE = 500;

/** Returns the writable members of record, the fields of a creation. */
export function writableFields(entity, record) {
  const out = {};
  for (const key of WRITABLE[entity] ?? []) {
    if (key in record) out[key] = record[key];
  }
  return out;
}

/**
 * Applies an op to a local record and returns the new record, or null
 * when the record leaves the device: the local stores keep active records
 * only, so an archive (a delete op, or archived: true) removes it.
 * @param {object|null|undefined} record the record before the op
 * @param {{entity_id: string, action: string, fields?: object}} op
 */
export function applyOp(record, op) {
  if (op.action === 'delete') return null;
  const next = { ...(record ?? { id: op.entity_id }) };
  for (const [key, value] of Object.entries(op.fields ?? {})) {
    if (key === 'archived') {
      if (value) return null;
      next.archived_at = null;
    } else {
      next[key] = value;
    }
  }
  return next;
}

/**
 * Applies pending ops, oldest first, over a record as the server sent it,
 * so that a pull or a push result never hides a change still queued. An
 * upsert after an archive starts again from the record before the archive.
 */
export function applyPending(record, ops) {
  let current = record ?? null;
  let last = current;
  for (const op of ops) {
    current = applyOp(current ?? (op.action === 'delete' ? null : last), op);
    if (current) last = current;
  }
  return current;
}

/**
 * Returns the retry delay in milliseconds after attempt failures in a
 * row (0 for the first retry). It uses full jitter: a random time between
 * zero and base doubled attempt times, capped. Devices that lost the
 * server together then do not come back together.
 * @param {number} attempt
 * @param {() => number} [random] returns a number in [0, 1)
 */
export function retryDelay(attempt, random = Math.random, { base = 2000, cap = 5 * 60 * 1000 } = {}) {
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * Returns a copy of op where oldId becomes newId, in entity_id and in
 * every field that contains it (the asset_id of a scan, the room_id of an
 * asset), or null when op does not name oldId.
 */
export function rekeyOp(op, oldId, newId) {
  let changed = false;
  const fields = {};
  for (const [key, value] of Object.entries(op.fields ?? {})) {
    fields[key] = value === oldId ? newId : value;
    changed ||= value === oldId;
  }
  if (op.entity_id === oldId) changed = true;
  if (!changed) return null;
  return { ...op, entity_id: op.entity_id === oldId ? newId : op.entity_id, fields };
}

/**
 * Matches push results to the ops sent, by op id, and returns a plan for
 * each op that has a result. A plan may drop the op from the outbox,
 * store the record the server returned, keep a conflict notice, move the
 * op to the rejected list or re-key its record. Ops without a result stay
 * queued, to be sent again with the same id.
 * @param {object[]} ops the ops sent, in order
 * @param {object[]} results the results of the response
 * @returns {{op: object, result: object, record: object|null, conflict: boolean,
 *   rejected: object|null, newId: string|null}[]}
 */
export function planResults(ops, results) {
  const byId = new Map(results.filter((r) => r && r.id).map((r) => [r.id, r]));
  const plans = [];
  for (const op of ops) {
    const result = byId.get(op.id);
    if (!result) continue;
    const status = firstStatus(result);
    const rejected = status === 'rejected';
    const known = ['applied', 'conflict'].includes(status);
    if (!rejected && !known) continue;
    const newId = !rejected && result.entity_id && result.entity_id !== op.entity_id ? result.entity_id : null;
    plans.push({
      op,
      result,
      record: known && result.fields && STORES[result.entity ?? op.entity] ? { ...result.fields, version: result.version ?? result.fields.version } : null,
      conflict: status === 'conflict',
      rejected: rejected ? (result.error ?? { code: 'rejected', message: '' }) : null,
      newId,
    });
  }
  return plans;
}

/**
 * Returns the status that an op's result reports. The result of a
 * replayed op has the status "duplicate" and first_status, the status of
 * its first processing, so a device that lost the first response still
 * learns of a rejection or a conflict. A duplicate without first_status
 * counts as applied.
 */
export function firstStatus(result) {
  if (result.status !== 'duplicate') return result.status;
  return result.first_status || 'applied';
}

/**
 * Reports whether a queued op that was never sent may take, as its
 * base_version, the version that an earlier op on the same record
 * returned. It may when that op applied without conflict and the
 * server's version moved by exactly one. No one else's change came in
 * between, so the later op cannot report our own change as a conflict.
 */
export function mayRebase(queued, sent, result) {
  return !queued.sent && queued.entity_id === sent.entity_id && firstStatus(result) === 'applied' && result.status === 'applied'
    && sent.base_version !== undefined && queued.base_version === sent.base_version
    && result.version === sent.base_version + 1;
}

/**
 * Members of each entity that contain ids of stored files: a list of ids
 * (photo_ids) or one id (signature_file_id). Until its file is uploaded,
 * such a member contains the local id of the upload instead.
 */
export const FILE_FIELDS = { request: ['photo_ids'], work_order: ['signature_file_id'] };

/** Returns the file ids that the file members of fields hold, local or not. */
export function fileIdsIn(entity, fields) {
  const ids = [];
  for (const key of FILE_FIELDS[entity] ?? []) {
    const value = fields?.[key];
    if (Array.isArray(value)) ids.push(...value.filter((id) => typeof id === 'string'));
    else if (typeof value === 'string') ids.push(value);
  }
  return ids;
}

/**
 * Returns a copy of fields where the local id of an upload becomes the
 * server's file id, or null when no file member contains localId. With
 * fileId null (the server rejected the file), a list loses the id and a
 * single id becomes null.
 * @param {string} entity
 * @param {object} fields
 * @param {string} localId
 * @param {string|null} fileId
 */
export function swapFileId(entity, fields, localId, fileId) {
  let changed = false;
  const out = { ...fields };
  for (const key of FILE_FIELDS[entity] ?? []) {
    const value = out[key];
    if (Array.isArray(value) && value.includes(localId)) {
      if (fileId) {
        out[key] = value.map((id) => (id === localId ? fileId : id));
      } else {
        out[key] = value.filter((id) => id !== localId);
      }
      changed = true;
    } else if (value === localId) {
      out[key] = fileId;
      changed = true;
    }
  }
  return changed ? out : null;
}

/**
 * Returns the op once its upload localId is settled: the file members
 * contain fileId (or lose localId, see swapFileId) and waits no longer
 * names it. Returns null when the op neither waits for nor contains localId.
 */
export function settleUpload(op, localId, fileId) {
  const fields = swapFileId(op.entity, op.fields ?? {}, localId, fileId);
  const waits = (op.waits ?? []).filter((id) => id !== localId);
  if (!fields && waits.length === (op.waits ?? []).length) return null;
  return { ...op, fields: fields ?? op.fields, waits };
}
