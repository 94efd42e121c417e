// Sends the outbox to POST /api/v1/sync/push, oldest op first, and applies
// each op's result to the local store in the transaction that removes the
// op from the outbox. A tab killed before that transaction commits keeps
// the op, which goes again with the same id. The server then returns
// "duplicate" and applies nothing twice. The files that ops attach go
// first (uploads.js), and an op waits in the outbox until its files are
// on the server.

import { api, ApiError } from './api.js';
import { getMeta, setMeta, transaction } from './db.js';
import { uuidv7 } from './ids.js';
import { announce, withCommune } from './outbox.js';
import { BATCH_SIZE, STORES, applyPending, mayRebase, planResults, rekeyOp } from './sync-merge.js';
import { uploadPending } from './uploads.js';

let batchSize = BATCH_SIZE;

/** Returns this device's id for the server, made at the first push. */
export async function clientId() {
  let id = await getMeta('client_id');
  if (!id) {
    id = uuidv7();
    await setMeta('client_id', id);
  }
  return id;
}

/**
 * Sends the outbox batch after batch until it is empty, ops queued during
 * a request included, and returns how many ops the server processed.
 * Each batch first uploads the files waiting on the device. Throws
 * NetworkError or ApiError when a request fails: the ops stay queued, to
 * go again with the same ids.
 */
export async function pushAll() {
  const client = await clientId();
  let processed = 0;
  for (;;) {
    await uploadPending();
    const batch = await takeBatch(batchSize);
    if (!batch.length) return processed;
    let response;
    try {
      response = await api('/api/v1/sync/push', { method: 'POST', body: { client_id: client, ops: batch.map(wireOp) } });
    } catch (err) {
      // 413: the request is too large for the server or a proxy.
      if (err instanceof ApiError && err.status === 413 && batchSize > 1) {
        batchSize = Math.ceil(batchSize / 2);
        continue;
      }
      throw err;
    }
    const handled = await applyResults(batch, response?.results ?? []);
    if (handled === 0) throw new Error(`push of ${batch.length} ops returned no result for any of them`);
    processed += handled;
  }
}

/**
 * Returns the oldest queued ops, at most size, and marks them sent, so
 * that a later result does not move their base_version. The batch ends
 * before the first op that waits for a file, queued after the uploads
 * of this round: the next round uploads it first.
 */
async function takeBatch(size) {
  const tx = await transaction(['outbox']);
  const queued = await tx.store.getAll(undefined, size);
  const waiting = queued.findIndex((op) => op.waits?.length);
  const ops = waiting < 0 ? queued : queued.slice(0, waiting);
  for (const op of ops) {
    if (!op.sent) {
      op.sent = true;
      tx.store.put(op);
    }
  }
  await tx.done;
  return ops;
}

/** Returns an op as the wire format names its members. */
function wireOp(op) {
  const out = { id: op.id, entity: op.entity, entity_id: op.entity_id, action: op.action, fields: op.fields };
  if (op.base_version !== undefined) out.base_version = op.base_version;
  return out;
}

/**
 * Applies the results of one push in one transaction and returns how many
 * ops had a result.
 */
async function applyResults(batch, results) {
  const plans = planResults(batch, results);
  if (!plans.length) return 0;
  const tx = await transaction(['outbox', 'rejected', 'conflicts', 'inventory_scans', ...Object.values(STORES)]);
  const now = new Date().toISOString();
  for (const plan of plans) {
    await applyPlan(tx, plan, now);
  }
  await tx.done;
  announce();
  document.dispatchEvent(new CustomEvent('parc:data'));
  return plans.length;
}

async function applyPlan(tx, plan, now) {
  const { op, result } = plan;
  await tx.objectStore('outbox').delete(op.seq);
  if (plan.rejected) {
    // The local record keeps the change, so that « Corriger » opens the
    // form as the user left it. « Abandonner » fetches the server's record.
    await tx.objectStore('rejected').put({ ...op, error: plan.rejected, rejected_at: now });
    return;
  }

  let id = op.entity_id;
  if (plan.newId) {
    await rekey(tx, op.entity, id, plan.newId);
    id = plan.newId;
  }
  if (plan.conflict) {
    await tx.objectStore('conflicts').put({
      id: op.id, entity: op.entity, entity_id: id, fields: op.fields,
      server_fields: result.server_fields ?? {}, record: plan.record, at: now,
    });
  }
  if (op.entity === 'inventory_scan') {
    const scans = tx.objectStore('inventory_scans');
    const scan = await scans.get(id);
    if (scan) await scans.put({ ...scan, synced: true });
  }
  if (plan.record) await storeResult(tx, op, result, { ...plan.record, id }, id);
}

/**
 * Stores the record that the server returned, with the ops still queued
 * for it applied on top, and moves the base_version of those never sent
 * when nothing came between (see mayRebase).
 */
async function storeResult(tx, op, result, record, id) {
  const outbox = tx.objectStore('outbox');
  const pending = await outbox.index('entity_id').getAll(id);
  for (const queued of pending) {
    if (mayRebase(queued, op, result)) await outbox.put({ ...queued, base_version: result.version });
  }
  const store = tx.objectStore(STORES[result.entity ?? op.entity]);
  const merged = applyPending(record.archived_at ? null : record, pending);
  if (merged) {
    await store.put(pending.length ? await withCommune(tx, merged) : merged);
  } else {
    await store.delete(id);
  }
}

/**
 * Moves a local record to the id that the server stores it under, with
 * the queued ops that name it and the local records that point at it.
 * Two devices that put one new tag on a new asset get one asset, filed
 * under the first device's id.
 */
async function rekey(tx, entity, oldId, newId) {
  if (STORES[entity]) {
    const store = tx.objectStore(STORES[entity]);
    const local = await store.get(oldId);
    if (local) {
      await store.delete(oldId);
      await store.put({ ...local, id: newId });
    }
  }
  let cursor = await tx.objectStore('outbox').openCursor();
  while (cursor) {
    const moved = rekeyOp(cursor.value, oldId, newId);
    if (moved) await cursor.update(moved);
    cursor = await cursor.continue();
  }
  const pointers = { room: ['assets', 'room_id'], asset: ['inventory_scans', 'asset_id'] }[entity];
  if (!pointers) return;
  const [storeName, key] = pointers;
  cursor = await tx.objectStore(storeName).openCursor();
  while (cursor) {
    if (cursor.value[key] === oldId) await cursor.update({ ...cursor.value, [key]: newId });
    cursor = await cursor.continue();
  }
}
