// Who is logged in. The server's session is the reference; the user saved
// at the last login lets the app open without signal.

import { api, ApiError, NetworkError, setCsrfToken } from './api.js';
import { clearAll, clearFleet, getMeta, setMeta } from './db.js';

let user = null;

/** Returns the logged-in user, or null. */
export function currentUser() {
  return user;
}

/** Reports whether the logged-in user is a technician, who may edit. */
export function isTechnician() {
  return user?.role === 'technician';
}

/**
 * Asks the server who is logged in. Without signal it trusts the user
 * saved at the last login. Another user's local data is removed first.
 * @returns {Promise<{user: any, offline: boolean}>}
 */
export async function loadSession() {
  let info;
  try {
    info = await api('/api/v1/session');
  } catch (err) {
    if (!(err instanceof NetworkError)) throw err;
    user = (await getMeta('user')) ?? null;
    return { user, offline: true };
  }
  setCsrfToken(info.csrf_token);
  await remember(info.user);
  return { user, offline: false };
}

/** Logs in and returns the user; throws ApiError with the server's reason. */
export async function login(email, password) {
  const info = await api('/api/v1/session', { method: 'POST', body: { email, password } });
  setCsrfToken(info.csrf_token);
  await remember(info.user);
  return user;
}

/**
 * Ends the session on the server, then removes all the local data, the
 * changes not yet sent included: the caller asks the user first. It needs
 * the network: without it the server's session would stay open.
 */
export async function logout() {
  try {
    await api('/api/v1/session', { method: 'DELETE' });
  } catch (err) {
    // 401: the server had already ended the session.
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  user = null;
  await clearAll();
}

// Meta keys that outlive an ended session: whose work the outbox holds,
// and the device's id for the sync.
const KEPT_META = ['owner_id', 'client_id'];

/**
 * Removes the user and the fleet when the server ended the session, but
 * keeps the changes not yet sent, which go once the same user logs in again.
 */
export async function forget() {
  user = null;
  await clearFleet(KEPT_META);
}

/** Saves the account's language, which push texts and e-mails use. */
export async function saveLanguage(language) {
  const updated = await api('/api/v1/me', { method: 'PATCH', body: { language } });
  await remember(updated);
}

async function remember(next) {
  const saved = await getMeta('user');
  if (!next) {
    if (saved) await clearFleet(KEPT_META);
    user = null;
    return;
  }
  // NOTE: another user logging in on this device drops the changes that
  // the previous user left unsent. Only the logout warns about them.
  const owner = (await getMeta('owner_id')) ?? saved?.id;
  if (owner && owner !== next.id) await clearAll();
  await setMeta('user', next);
  await setMeta('owner_id', next.id);
  user = next;
}
