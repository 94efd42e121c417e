// Who is logged in. The server's session is the reference; the user saved
// at the last login lets the app open without signal.

import { api, ApiError, NetworkError, setCsrfToken } from './api.js';
import { clearAll, getMeta, setMeta } from './db.js';

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
 * Ends the session on the server, then removes the local data. It needs
 * the network: without it the server's session would stay open.
 */
export async function logout() {
  try {
    await api('/api/v1/session', { method: 'DELETE' });
  } catch (err) {
    // 401: the server had already ended the session.
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  await forget();
}

/** Removes the user and the local data, when the server ended the session. */
export async function forget() {
  user = null;
  await clearAll();
}

/** Saves the account's language, which push texts and e-mails use. */
export async function saveLanguage(language) {
  const updated = await api('/api/v1/me', { method: 'PATCH', body: { language } });
  await remember(updated);
}

async function remember(next) {
  const saved = await getMeta('user');
  if (!next) {
    if (saved) await clearAll();
    user = null;
    return;
  }
  if (saved && saved.id !== next.id) await clearAll();
  await setMeta('user', next);
  user = next;
}
