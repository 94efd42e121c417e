// The sync engine's schedule: each run pushes the outbox (push.js), then
// pulls the server's changes (refresh.js). A run starts after login, at
// start when online, and shortly after each local change when online. It
// also starts on the "online" event, when Background Sync fires (sw.js
// forwards it to the open pages), when the app comes back to the
// foreground after a minute, every 5 minutes while visible, and from the
// settings. A run that fails with ops
// still queued is retried on a timer with exponential backoff and full
// jitter (2 s doubling up to 5 min), with or without new changes.

import { ApiError, NetworkError } from './api.js';
import { announce, opOutcome, syncCounts } from './outbox.js';
import { pushAll } from './push.js';
import { markSynced, pull, syncedAt } from './refresh.js';
import { retryDelay } from './sync-merge.js';

const INTERVAL_MS = 5 * 60 * 1000;
const STALE_MS = 60 * 1000;
// A burst of scans from a hand scanner goes in one push.
const CHANGE_DELAY_MS = 300;
// Background Sync tag, which sw.js handles.
const SYNC_TAG = 'parc-sync';

let running = null;
let wanted = false;
let attempt = 0;
let retryTimer = null;
let changeTimer = null;
let lastError = '';
let active = false;
let listening = false;
let report = console.error;

/**
 * Returns what the sync screens show besides the counts: whether a run
 * is going on, and the message of the last failure ("" after a success).
 */
export function syncState() {
  return { running: running !== null, lastError };
}

/**
 * Pushes the outbox, then pulls. Calls made during a run share it, and
 * make it go round once more, so that the ops they queued are sent too.
 * Resolves to true when every round completed, false when one failed,
 * whose message syncState() then returns. It never rejects.
 */
export function sync() {
  wanted = true;
  if (!running) {
    running = rounds().finally(() => {
      running = null;
      announce();
    });
    announce();
  }
  return running;
}

async function rounds() {
  while (wanted) {
    wanted = false;
    if (!(await round())) return false;
  }
  return true;
}

async function round() {
  const started = new Date().toISOString();
  try {
    await pushAll();
    await pull();
    await markSynced(started);
  } catch (err) {
    await failed(err);
    return false;
  }
  attempt = 0;
  lastError = '';
  clearTimeout(retryTimer);
  retryTimer = null;
  return true;
}

/**
 * Records a failed round and plans the next try. An ended session (401)
 * goes to report, which sends the user to the login screen. The outbox
 * stays for the same user's next session.
 */
async function failed(err) {
  lastError = err.message;
  if (err instanceof ApiError && err.status === 401) {
    report(err);
    return;
  }
  if (!(err instanceof NetworkError) && !(err instanceof ApiError && err.status >= 500)) {
    // 400 or 413 on a push, or a response outside the wire format, is a
    // bug of the app or the server. The ops stay queued and go again later.
    console.error('sync failed', err);
  }
  if ((await syncCounts()).pending > 0) scheduleRetry();
}

/** Runs sync once more after the backoff delay, unless a try is planned. */
function scheduleRetry() {
  if (!active || retryTimer) return;
  const delay = retryDelay(attempt);
  attempt++;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    if (active) sync();
  }, delay);
}

/**
 * Queues a sync shortly after a local change. Offline, it registers
 * Background Sync and makes sure that a retry is planned, since
 * navigator.onLine may be wrong either way.
 */
function changed() {
  askBackgroundSync();
  if (!active) return;
  if (!navigator.onLine) {
    scheduleRetry();
    return;
  }
  clearTimeout(changeTimer);
  changeTimer = setTimeout(() => sync(), CHANGE_DELAY_MS);
}

/**
 * Sends the outbox now with op in it, waits at most timeoutMs, and returns
 * what became of op (see opOutcome). A form calls it to show a rejection
 * at once when the server responds in time.
 */
export async function syncOp(op, timeoutMs = 10000) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([sync(), timeout]);
  clearTimeout(timer);
  return opOutcome(op);
}

/** Registers the Background Sync tag where the browser has the API. */
function askBackgroundSync() {
  if (!('serviceWorker' in navigator) || !('SyncManager' in window)) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.sync.register(SYNC_TAG))
    .catch(() => {
      // Refused (no permission, or the worker is being replaced): the
      // online event and the retry timer still run the sync.
    });
}

/** Syncs unless the last sync is recent. */
export function syncIfStale() {
  const last = Date.parse(syncedAt() ?? '');
  if (Number.isNaN(last) || Date.now() - last > STALE_MS) return sync();
  return Promise.resolve(false);
}

/**
 * Starts the sync for a logged-in user: a first run when online, else a
 * planned retry when changes wait, and the triggers listed at the top of
 * this file. onError receives the errors that need the user, such as an
 * ended session.
 */
export function startSync(onError) {
  report = onError;
  active = true;
  if (navigator.onLine) {
    sync();
  } else {
    syncCounts().then((counts) => {
      if (counts.pending > 0) scheduleRetry();
    });
  }
  if (listening) return;
  listening = true;

  document.addEventListener('parc:queued', changed);
  window.addEventListener('online', () => {
    attempt = 0;
    if (active) sync();
  });
  document.addEventListener('visibilitychange', () => {
    if (active && document.visibilityState === 'visible') syncIfStale();
  });
  setInterval(() => {
    if (active && navigator.onLine && document.visibilityState === 'visible') sync();
  }, INTERVAL_MS);
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if (event.data?.type !== SYNC_TAG) return;
    const reply = event.ports?.[0];
    if (!active) {
      reply?.postMessage({ ok: true });
      return;
    }
    sync().then((ok) => reply?.postMessage({ ok }));
  });
}

/** Stops the triggers, at logout. A run in progress completes. */
export function stopSync() {
  active = false;
  clearTimeout(retryTimer);
  clearTimeout(changeTimer);
  retryTimer = null;
  attempt = 0;
}
