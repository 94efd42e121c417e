// Keeps the local store up to date with the server's records through
// GET /api/v1/sync/pull: the changes after the device's cursor, page by
// page. Each page and the cursor that ends it are stored in one
// transaction, so a killed tab never leaves the cursor ahead of the data.
// Screens listen for the "parc:data" event and draw again.

import { api, ApiError } from './api.js';
import { getMeta, setMeta, transaction } from './db.js';
import { withCommune } from './outbox.js';
import { RECORD_PATHS, STORES, applyPending } from './sync-merge.js';

const PAGE_SIZE = 1000;

/** Returns the ISO time of the last sync that completed, or undefined. */
export function syncedAt() {
  return document.documentElement.dataset.syncedAt || undefined;
}

/** Saves and shows the time of a sync that completed. */
export async function markSynced(iso) {
  await setMeta('synced_at', iso);
  document.documentElement.dataset.syncedAt = iso;
}

/** Reads the time of the last sync from the store at start. */
export async function loadSyncedAt() {
  const iso = await getMeta('synced_at');
  if (iso) document.documentElement.dataset.syncedAt = iso;
}

/**
 * Pulls every change after the stored cursor until the server has no
 * more, and sends "parc:data" when any arrived. Throws NetworkError or
 * ApiError when a request fails. The pages stored before it stay, with
 * their cursor.
 * @returns {Promise<number>} the number of changes applied
 */
export async function pull() {
  let cursor = (await getMeta('pull_cursor')) ?? '';
  let applied = 0;
  let retried = false;
  for (;;) {
    let page;
    try {
      page = await api(`/api/v1/sync/pull?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(cursor)}`);
    } catch (err) {
      // A cursor the server no longer reads: start again from a full load.
      if (err instanceof ApiError && err.code === 'invalid_cursor' && !retried) {
        retried = true;
        cursor = '';
        continue;
      }
      throw err;
    }
    await storePage(page);
    applied += page.changes.length;
    if (page.changes.length || page.reset) document.dispatchEvent(new CustomEvent('parc:data'));
    if (!page.more) return applied;
    if (!page.cursor || page.cursor === cursor) throw new Error('sync pull: the server returned more=true without moving the cursor');
    cursor = page.cursor;
  }
}

/**
 * Applies one page of changes and stores its cursor, in one transaction.
 * Records with ops still in the outbox get those ops applied over the
 * server's version.
 */
async function storePage(page) {
  const tx = await transaction(['outbox', 'meta', ...Object.values(STORES)]);
  const pending = groupByEntity(await tx.objectStore('outbox').getAll());
  if (page.reset) await clearExcept(tx, pending);

  for (const change of page.changes) {
    const name = STORES[change.entity];
    if (!name) continue;
    const store = tx.objectStore(name);
    const ops = pending.get(change.entity_id) ?? [];
    const server = change.action === 'delete' || !change.fields || change.fields.archived_at
      ? null
      : { ...change.fields, version: change.version ?? change.fields.version };
    // A deleted record leaves the device even with ops queued: the
    // push result of those ops brings back what the server keeps.
    const record = server ? applyPending(server, ops) : null;
    if (record) {
      await store.put(ops.length ? await withCommune(tx, record) : record);
    } else {
      await store.delete(change.entity_id);
    }
  }
  await tx.objectStore('meta').put({ key: 'pull_cursor', value: page.cursor ?? '' });
  await tx.done;
}

/** Returns the outbox ops by the id of the record they change, oldest first. */
function groupByEntity(ops) {
  const out = new Map();
  for (const op of ops) {
    if (!out.has(op.entity_id)) out.set(op.entity_id, []);
    out.get(op.entity_id).push(op);
  }
  return out;
}

/**
 * Empties the stores of pulled records for a full load ("reset": true), except the
 * records that queued ops change. A record created on the device exists
 * nowhere else until its op is sent. The pages that follow replace the
 * other kept records with the server's version.
 */
async function clearExcept(tx, pending) {
  for (const name of Object.values(STORES)) {
    const store = tx.objectStore(name);
    const kept = (await Promise.all([...pending.keys()].map((id) => store.get(id)))).filter(Boolean);
    await store.clear();
    for (const record of kept) await store.put(record);
  }
}

/**
 * Reads one record from the server again and stores it with the ops
 * still queued for it applied on top. It removes the record when the
 * server has no active record of that id, or when the entity cannot be
 * read by id (an append-only record that the server rejected).
 * « Abandonner » calls it for a rejected change. Throws NetworkError
 * without signal.
 * @param {string} entity an entity of STORES, such as asset or request
 */
export async function refetchRecord(entity, id) {
  const name = STORES[entity];
  let server = null;
  if (RECORD_PATHS[entity]) {
    try {
      server = await api(RECORD_PATHS[entity] + encodeURIComponent(id));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  }
  const tx = await transaction(['outbox', 'sites', name]);
  const ops = await tx.objectStore('outbox').index('entity_id').getAll(id);
  const record = server && !server.archived_at ? applyPending(server, ops) : null;
  if (record) {
    await tx.objectStore(name).put(ops.length ? await withCommune(tx, record) : record);
  } else {
    await tx.objectStore(name).delete(id);
  }
  await tx.done;
  document.dispatchEvent(new CustomEvent('parc:data'));
}
