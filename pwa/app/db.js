// The local store: what the user may see of the fleet, kept in IndexedDB
// so that every screen opens without signal. The server stays the
// reference: refresh.js replaces these records with the server's.
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

import { openDB } from './vendor/idb/index.js';

const NAME = 'parc';
const VERSION = 2;

export const FLEET_STORES = ['communes', 'sites', 'rooms', 'assets'];

let opening = null;

function database() {
  opening ??= openDB(NAME, VERSION, {
    upgrade(db, oldVersion) {
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
    },
    blocking() {
      // A newer build wants to upgrade the schema: let it.
      opening?.then((db) => db.close());
      opening = null;
    },
  });
  return opening;
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
 * Replaces the fleet with the server's records in one transaction, so a
 * screen never reads half of a refresh.
 * @param {Record<string, any[]>} records by store name
 * @param {string} refreshedAt ISO time saved as meta "synced_at"
 */
export async function replaceFleet(records, refreshedAt) {
  const db = await database();
  const tx = db.transaction([...FLEET_STORES, 'meta'], 'readwrite');
  const writes = [];
  for (const name of FLEET_STORES) {
    const store = tx.objectStore(name);
    writes.push(store.clear());
    for (const record of records[name]) writes.push(store.put(record));
  }
  writes.push(tx.objectStore('meta').put({ key: 'synced_at', value: refreshedAt }));
  await Promise.all([...writes, tx.done]);
}

/** Removes everything the previous user could see, at logout. */
export async function clearAll() {
  const db = await database();
  const names = [...db.objectStoreNames];
  const tx = db.transaction(names, 'readwrite');
  await Promise.all([...names.map((name) => tx.objectStore(name).clear()), tx.done]);
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
