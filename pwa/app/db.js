// The local store: what the user may see of the fleet, kept in IndexedDB
// so that every screen opens without signal, and the changes made on the
// device until the server has them. The server stays the reference:
// refresh.js applies its changes, and outbox.js queues the device's.
//
// Schema, by version. Add a version for each change and never edit an
// old step, because devices upgrade from any earlier version:
//   1: communes, sites (by commune_id), rooms (by site_id), assets (by
//      commune_id, site_id, room_id and tag), and meta, a key-value store
//      for the session's user and the time of the last refresh. The sync engine
//      adds its outbox and pull cursor in a later version.
//   2: inventory_rounds and inventory_scans (by round_id), the inventory
//      rounds made on this device. They stay here until the sync engine
//      sends each scan as an inventory_scan.
//   3: outbox, the changes not yet sent, keyed by an autoincrement seq
//      (index entity_id). IndexedDB gives each added op a larger key than
//      every earlier one, whatever the device's clock does, so key order
//      is the order the changes were made. The op's own id, a UUIDv7, is
//      unique across devices but would misorder two ops made in the same
//      millisecond or after the clock was set back. rejected and
//      conflicts, keyed by op id, keep what the server refused or merged
//      over someone else's change until the user has seen it. meta gains
//      client_id (this device's id for the server) and pull_cursor.
//   4: the daily work of the service, which the server pulls too:
//      requests (by commune_id and site_id), request_comments (by
//      request_id), work_orders (by request_id and site_id), time_entries
//      (by work_order_id), loans (by asset_id), maintenance_visits (by
//      site_id), maintenance_checks (by visit_id) and problem_reports.
//      The upgrade drops pull_cursor: earlier builds moved the cursor past
//      these entities without storing them, so the next pull must be a
//      full load.
//   5: uploads, the files taken on the device (a drawn signature, a
//      request's photo) until the server has them, keyed by the local id
//      that the op waiting for the file carries in place of the server's
//      file id. push.js uploads them before it sends that op.
//   6: maintenance_campaigns (opened offline too) and loan_spares, the pool
//      of spare PCs (keyed by the PC's id), which the server now pulls.
//      The upgrade drops pull_cursor, as version 4 did, so that the next
//      pull is a full load that brings them. The outbox and every other
//      store stay as they are.

import { openDB } from './vendor/idb/index.js';

const NAME = 'parc';
const VERSION = 6;

export const FLEET_STORES = ['communes', 'sites', 'rooms', 'assets'];

let opening = null;

function database() {
  opening ??= openDB(NAME, VERSION, {
    upgrade(db, oldVersion, newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('communes', { keyPath: 'id' });
        db.createObjectStore('sites', { keyPath: 'id' }).createIndex('commune_id', 'commune_id');
        db.createObjectStore('rooms', { keyPath: 'id' }).createIndex('site_id', 'site_id');
        const assets = db.createObjectStore('assets', { keyPath: 'id' });
        assets.createIndex('commune_id', 'commune_id');
        assets.createIndex('site_id', 'site_id');
        assets.createIndex('room_id', 'room_id');
        assets.createIndex('tag', 'tag');
        db.createObjectStore('meta', { keyPath: 'key' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('inventory_rounds', { keyPath: 'id' });
        db.createObjectStore('inventory_scans', { keyPath: 'id' }).createIndex('round_id', 'round_id');
      }
      if (oldVersion < 3) {
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('entity_id', 'entity_id');
        db.createObjectStore('rejected', { keyPath: 'id' });
        db.createObjectStore('conflicts', { keyPath: 'id' });
      }
      if (oldVersion < 4) upgradeToWork(db, tx);
      if (oldVersion < 5) db.createObjectStore('uploads', { keyPath: 'id' });
      if (oldVersion < 6) upgradeToPool(db, tx);
    },
    blocking() {
      // A newer build wants to upgrade the schema: let it.
      opening?.then((db) => db.close());
      opening = null;
    },
  });
  return opening;
}

/** Adds the stores of version 4 and deletes the saved pull cursor. */
function upgradeToWork(db, tx) {
  const indexed = (name, ...indexes) => {
    const store = db.createObjectStore(name, { keyPath: 'id' });
    for (const index of indexes) store.createIndex(index, index);
  };
  indexed('requests', 'commune_id', 'site_id');
  indexed('request_comments', 'request_id');
  indexed('work_orders', 'request_id', 'site_id');
  indexed('time_entries', 'work_order_id');
  indexed('loans', 'asset_id');
  indexed('maintenance_visits', 'site_id');
  indexed('maintenance_checks', 'visit_id');
  indexed('problem_reports');
  if (db.objectStoreNames.contains('meta')) tx.objectStore('meta').delete('pull_cursor');
}

/** Adds the stores of version 6 and deletes the saved pull cursor. */
function upgradeToPool(db, tx) {
  db.createObjectStore('maintenance_campaigns', { keyPath: 'id' });
  db.createObjectStore('loan_spares', { keyPath: 'id' });
  if (db.objectStoreNames.contains('meta')) tx.objectStore('meta').delete('pull_cursor');
}

/**
 * Opens a transaction over stores, for writes that must land together or
 * not at all. Its requests must not wait on anything but IndexedDB (no
 * fetch), or the browser commits the transaction early.
 * @param {string[]} stores
 * @param {'readonly'|'readwrite'} [mode]
 */
export async function transaction(stores, mode = 'readwrite') {
  return (await database()).transaction(stores, mode);
}

/** Returns one record by id, or undefined. */
export async function get(store, id) {
  return (await database()).get(store, id);
}

/** Returns every record of a store. */
export async function all(store) {
  return (await database()).getAll(store);
}

/** Returns the records whose indexed field equals value. */
export async function byIndex(store, index, value) {
  return (await database()).getAllFromIndex(store, index, value);
}

/** Counts the records whose indexed field equals value. */
export async function countByIndex(store, index, value) {
  return (await database()).countFromIndex(store, index, value);
}

/** Counts every record of a store. */
export async function count(store) {
  return (await database()).count(store);
}

/** Stores one record as the server returned it after a write. */
export async function put(store, record) {
  await (await database()).put(store, record);
}

/** Removes one record, such as one archived on the server. */
export async function remove(store, id) {
  await (await database()).delete(store, id);
}

/** Returns a value saved with setMeta, or undefined. */
export async function getMeta(key) {
  const row = await (await database()).get('meta', key);
  return row ? row.value : undefined;
}

export async function setMeta(key, value) {
  await (await database()).put('meta', { key, value });
}

/**
 * Removes everything on the device, the changes not yet sent included: at
 * logout, once the user has confirmed, or when another user logs in.
 */
export async function clearAll() {
  const db = await database();
  const names = [...db.objectStoreNames];
  const tx = db.transaction(names, 'readwrite');
  await Promise.all([...names.map((name) => tx.objectStore(name).clear()), tx.done]);
}

// Stores that hold the user's own work, which clearFleet keeps.
const WORK_STORES = ['outbox', 'rejected', 'conflicts', 'inventory_rounds', 'inventory_scans', 'uploads'];

/**
 * Removes the fleet, the pull cursor and the saved session when the
 * server ended the session. It keeps the work not yet sent and the meta
 * keys named in keep, so that the same user sends it after logging in again.
 * @param {string[]} keep meta keys to keep
 */
export async function clearFleet(keep) {
  const db = await database();
  const names = [...db.objectStoreNames].filter((name) => !WORK_STORES.includes(name));
  const tx = db.transaction(names, 'readwrite');
  const meta = tx.objectStore('meta');
  const kept = (await Promise.all(keep.map((key) => meta.get(key)))).filter(Boolean);
  await Promise.all(names.map((name) => tx.objectStore(name).clear()));
  await Promise.all(kept.map((row) => meta.put(row)));
  await tx.done;
}

/**
 * Calls visit for every asset, in key order, stopping when it returns
 * false. The search walks the assets this way without loading them all.
 */
export async function eachAsset(visit) {
  const db = await database();
  let cursor = await db.transaction('assets').store.openCursor();
  while (cursor) {
    if (visit(cursor.value) === false) return;
    cursor = await cursor.continue();
  }
}
