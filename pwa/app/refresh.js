// Keeps the local store filled with the server's fleet: after login, at
// start when online, when the signal comes back and every few minutes.
// Screens listen for the "parc:data" event and draw again.

import { listAll, NetworkError } from './api.js';
import { FLEET_STORES, getMeta, replaceFleet } from './db.js';

const INTERVAL_MS = 5 * 60 * 1000;
const STALE_MS = 60 * 1000;

let running = null;


/** Returns the ISO time of the last refresh that completed, or undefined. */
export function syncedAt() {
  return document.documentElement.dataset.syncedAt || undefined;
}

function markSynced(iso) {
  if (iso) document.documentElement.dataset.syncedAt = iso;
}

/** Reads the time of the last refresh from the store at start. */
export async function loadSyncedAt() {
  markSynced(await getMeta('synced_at'));
}

/**
 * Downloads the fleet the user may see and replaces the local copy.
 * Concurrent calls share one download. Resolves to true when the store
 * changed, false when the network was unavailable.
 */
export function refresh() {
  running ??= download().finally(() => {
    running = null;
  });
  return running;
}

async function download() {
  const started = new Date().toISOString();
  let lists;
  try {
    lists = await Promise.all(FLEET_STORES.map((name) => listAll(`/api/v1/${name}`)));
  } catch (err) {
    if (err instanceof NetworkError) return false;
    throw err;
  }
  const records = Object.fromEntries(FLEET_STORES.map((name, i) => [name, lists[i]]));
  await replaceFleet(records, started);
  markSynced(started);
  document.dispatchEvent(new CustomEvent('parc:data'));
  return true;
}

/** Refreshes unless the last refresh is recent. */
export function refreshIfStale() {
  const last = Date.parse(syncedAt() ?? '');
  if (Number.isNaN(last) || Date.now() - last > STALE_MS) {
    return refresh();
  }
  return Promise.resolve(false);
}

let active = false;
let listening = false;

/** Starts the background refreshes; report receives their errors. */
export function startRefreshing(report) {
  active = true;
  if (listening) return;
  listening = true;

  const run = (fn) => {
    if (active) fn().catch(report);
  };
  window.addEventListener('online', () => run(refresh));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') run(refreshIfStale);
  });
  setInterval(() => {
    if (navigator.onLine && document.visibilityState === 'visible') run(refresh);
  }, INTERVAL_MS);
}

/** Stops the background refreshes, at logout. */
export function stopRefreshing() {
  active = false;
}
