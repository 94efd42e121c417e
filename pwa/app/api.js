// Calls to the JSON API with the session cookie and the CSRF token.

import { language, t } from './i18n.js';

/** An error returned by the server, with its message in the user's language. */
export class ApiError extends Error {
  constructor(status, code, message, fields, current) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields ?? {};
    // The record as it is now on the server, sent with a 409 conflict.
    this.current = current ?? null;
  }
}

/** The request never reached the server: no signal, or the server is down. */
export class NetworkError extends Error {
  constructor(cause) {
    super(t('error_network'));
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

let csrfToken = '';

/** Keeps the CSRF token returned by GET and POST /api/v1/session. */
export function setCsrfToken(token) {
  csrfToken = token ?? '';
}

/**
 * Sends one API request and returns the decoded JSON body (null for 204).
 * A write made before the app had a CSRF token (it opened without signal)
 * first fetches one; a write refused for a stale token fetches a new one
 * and is sent once more.
 * @param {string} path
 * @param {{method?: string, body?: unknown, signal?: AbortSignal,
 *   contentType?: string, file?: boolean, headers?: object}} [options] see send()
 */
export async function api(path, options = {}) {
  const write = options.method && options.method !== 'GET' && options.method !== 'HEAD';
  if (write && !csrfToken) await renewCsrfToken();
  try {
    return await send(path, options);
  } catch (err) {
    if (!(write && err instanceof ApiError && err.code === 'csrf')) throw err;
    await renewCsrfToken();
    return send(path, options);
  }
}

async function renewCsrfToken() {
  const info = await send('/api/v1/session', {});
  setCsrfToken(info.csrf_token);
}

/**
 * Sends one request. body is encoded as JSON unless contentType is given
 * or body is FormData, in which case it is sent as it is (FormData as
 * multipart/form-data with the browser's boundary). With file set, a successful response
 * resolves to {blob, filename} instead of its decoded JSON. extra adds
 * headers, such as the id of an upload.
 */
async function send(path, { method = 'GET', body, signal, contentType, file = false, headers: extra = {} } = {}) {
  const headers = { ...extra, Accept: file ? '*/*' : 'application/json', 'Accept-Language': language() };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  const raw = contentType !== undefined || body instanceof FormData;
  if (body !== undefined && !(body instanceof FormData)) headers['Content-Type'] = contentType ?? 'application/json';

  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined || raw ? body : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new NetworkError(err);
  }
  if (file && response.ok) {
    return { blob: await response.blob(), filename: dispositionName(response.headers.get('Content-Disposition')) };
  }
  if (response.status === 204) return null;

  let data = null;
  try {
    data = await response.json();
  } catch {
    // Not JSON: a proxy's error page, for example.
  }
  if (!response.ok) {
    const error = data && data.error;
    throw new ApiError(
      response.status,
      error ? error.code : `http_${response.status}`,
      error ? error.message : t('error_http', { status: response.status }),
      error ? error.fields : {},
      error ? error.current : null,
    );
  }
  return data;
}

/**
 * Sends a body that is not JSON, such as the text of an iCalendar file,
 * and returns the decoded JSON response.
 * @param {string} path
 * @param {string|Blob} body
 * @param {string} contentType such as text/calendar
 */
export function apiUpload(path, body, contentType) {
  return api(path, { method: 'POST', body, contentType });
}

/**
 * Downloads a file from the API and returns it with the name that its
 * Content-Disposition header gives, or fallbackName when it gives none.
 * An error response throws ApiError, as api() does.
 * @returns {Promise<{blob: Blob, filename: string}>}
 */
export async function apiFile(path, fallbackName) {
  const { blob, filename } = await api(path, { file: true });
  return { blob, filename: filename || fallbackName };
}

/**
 * Returns the file name of a Content-Disposition header (RFC 6266): the
 * UTF-8 filename* form first, then the plain one, without any folder.
 */
function dispositionName(header) {
  if (!header) return '';
  let name = '';
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = '';
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
    if (plain) name = (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1').trim();
  }
  return name.split(/[\\/]/).pop();
}

/**
 * Reads every page of a list endpoint, following the "next" cursor.
 * @param {string} path such as /api/v1/assets or /api/v1/assets?archived=true
 * @returns {Promise<any[]>}
 */
export async function listAll(path) {
  const items = [];
  let cursor = '';
  do {
    const separator = path.includes('?') ? '&' : '?';
    const query = cursor ? `limit=500&cursor=${encodeURIComponent(cursor)}` : 'limit=500';
    const page = await api(path + separator + query);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}
