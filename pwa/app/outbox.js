// Changes made on the device: each is applied to the local store and
// queued in the outbox in one IndexedDB transaction, so that a change on
// screen is always a change the sync engine will send, and the reverse.
// The engine (sync.js) hears of each new op through the "parc:queued"
// event; screens hear of every change of the counts through "parc:sync".

import { all, count, get, remove, transaction } from './db.js';
import { uuidv7 } from './ids.js';
import { STORES, applyOp, fileIdsIn } from './sync-merge.js';

/**
 * Applies changes to the local store and queues their ops, in one
 * transaction, and returns the ops as queued.
 * Each change is {entity, entity_id, action, fields, create?, record?, scan?,
 * uploads?}: an op of an entity kept in STORES changes the local record
 * (create: a record the server does not have yet, sent without
 * base_version); an inventory_scan op stores its scan record. uploads
 * lists the files the op brings, {id, kind, blob, name}. Until the upload,
 * fields contain the local id in place of the server's file id (see
 * uploads.js).
 * @param {object[]} changes
 */
export async function queueChanges(changes) {
  const tx = await transaction(['outbox', 'uploads', 'inventory_scans', ...Object.values(STORES)]);
  const ops = [];
  for (const change of changes) {
    ops.push(await queueOne(tx, change));
  }
  await tx.done;
  document.dispatchEvent(new CustomEvent('parc:queued'));
  announce();
  return ops;
}

async function queueOne(tx, change) {
  const { entity, entity_id: id, action = 'upsert', fields = {} } = change;
  // create and sent stay on the device: create names the op on the sync
  // screen, and sent keeps push.js from moving the base_version of an op
  // that the server may have read.
  const op = { id: uuidv7(), entity, entity_id: id, action, fields, create: Boolean(change.create), queued_at: new Date().toISOString(), sent: false };

  if (entity === 'inventory_scan') {
    await tx.objectStore('inventory_scans').put(change.scan);
  } else {
    const store = tx.objectStore(STORES[entity]);
    // change.record stands for a record the device does not keep, such
    // as an archived one being restored, or gives the members of a new
    // record that only the server fills in, such as a comment's time.
    const before = (await store.get(id)) ?? change.record;
    if (!change.create && before?.version !== undefined) op.base_version = before.version;
    const after = applyOp(before, op);
    if (after) {
      await store.put(await withCommune(tx, after));
    } else if (before) {
      await store.delete(id);
    }
  }
  await holdUploads(tx, op, change.uploads ?? []);
  op.seq = await tx.objectStore('outbox').add(op);
  return op;
}

/**
 * Stores the files that op brings. op.waits gets the local ids of every
 * file in its fields that is not uploaded yet, its own and those of
 * earlier ops, so that push.js sends op only once the server has them.
 */
async function holdUploads(tx, op, uploads) {
  const store = tx.objectStore('uploads');
  for (const upload of uploads) {
    await store.put({ ...upload, op_id: op.id, entity: op.entity, entity_id: op.entity_id, queued_at: op.queued_at });
  }
  const waits = [];
  for (const id of fileIdsIn(op.entity, op.fields)) {
    if (await store.getKey(id) !== undefined) waits.push(id);
  }
  if (waits.length) op.waits = waits;
}

/**
 * Sets an asset's or a room's commune_id from its site, which the server
 * does too, so that the lists by commune show a moved record at once.
 * @param {IDBPTransaction} tx a transaction over sites
 */
export async function withCommune(tx, record) {
  if (!record.site_id) return record;
  const site = await tx.objectStore('sites').get(record.site_id);
  return site ? { ...record, commune_id: site.commune_id } : record;
}

/** Returns the queued ops, oldest first. */
export function pendingOps() {
  return all('outbox');
}

/** Returns the ops the server rejected, oldest first, with their error. */
export async function rejectedOps() {
  return (await all('rejected')).sort((a, b) => a.seq - b.seq);
}

/** Returns the conflict notices the user has not dismissed, oldest first. */
export async function conflicts() {
  return (await all('conflicts')).sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * Returns the counts the app bar, the home screen and the settings show:
 * {pending, rejected, conflicts}.
 */
export async function syncCounts() {
  const [pending, rejected, conflicting] = await Promise.all([count('outbox'), count('rejected'), count('conflicts')]);
  return { pending, rejected, conflicts: conflicting };
}

/**
 * Returns what became of a queued op: {status: 'pending'} while it is in
 * the outbox, {status: 'rejected', error}, {status: 'conflict', notice},
 * or {status: 'applied'} once the server applied it.
 */
export async function opOutcome(op) {
  const [queued, rejected, conflict] = await Promise.all([get('outbox', op.seq), get('rejected', op.id), get('conflicts', op.id)]);
  if (queued) return { status: 'pending' };
  if (rejected) return { status: 'rejected', error: rejected.error };
  if (conflict) return { status: 'conflict', notice: conflict };
  return { status: 'applied' };
}

/** Returns a rejected op by its op id, or undefined. */
export function rejectedOp(id) {
  return get('rejected', id);
}

/** Removes a rejected op from the list, once the user fixed or dropped it. */
export async function forgetRejected(id) {
  await remove('rejected', id);
  announce();
}

/** Removes a conflict notice that the user has read. */
export async function dismissConflict(id) {
  await remove('conflicts', id);
  announce();
}

/** Tells the screens that the counts or the lists of the sync changed. */
export function announce() {
  document.dispatchEvent(new CustomEvent('parc:sync'));
}
