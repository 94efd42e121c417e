// The handling of a scanned or typed code. The camera, the photo, the manual
// entry and hand scanners all go through openCode, so a code leads to the
// same screen whichever way it was read.

import { api, ApiError, NetworkError } from './api.js';
import { all, byIndex, eachAsset } from './db.js';
import { t } from './i18n.js';
import { navigate } from './router.js';
import { checkTag, looksLikeTag, prefixOf } from './tags.js';
import { fold } from './text.js';

const PLACE_KEY = 'parc.scan.place';

/**
 * Returns the current location, {site_id, room_id} (room_id may be null),
 * or null. It lasts for the browser tab's session: a location label scan
 * or the opening of a room screen sets it, and new assets created from a
 * scan of an unassigned tag go there.
 */
export function currentPlace() {
  try {
    const place = JSON.parse(sessionStorage.getItem(PLACE_KEY) ?? 'null');
    return place && place.site_id ? place : null;
  } catch {
    return null;
  }
}

/** Sets the current location, as after a scan of a room's label. */
export function rememberPlace(siteID, roomID = null) {
  if (!siteID) return;
  sessionStorage.setItem(PLACE_KEY, JSON.stringify({ site_id: siteID, room_id: roomID ?? null }));
}

/**
 * Returns the tag inside a label's QR code URL, such as BE000123W for
 * https://parc.example/t/BE000123W, or text itself when it is no such URL.
 */
function codeText(text) {
  const trimmed = String(text ?? '').trim();
  const url = /^https?:\/\/[^/]+\/t\/([^/?#]+)\/?(?:[?#].*)?$/i.exec(trimmed);
  if (!url) return trimmed;
  try {
    return decodeURIComponent(url[1]);
  } catch {
    return url[1];
  }
}

/**
 * Works out what a code leads to, without navigating. The result is one of
 *   {kind: 'asset', asset}: a tagged asset, or the one asset with that serial;
 *   {kind: 'new', tag, path}: a tag on no asset, with the form that creates one;
 *   {kind: 'place', path, site_id, room_id}: a location label;
 *   {kind: 'search', path}: a serial number that matches no asset or several;
 *   {kind: 'problem', message, tag?, createPath?}: an invalid, void, foreign
 *     or unknown tag, with the message that explains it. createPath, the
 *     new-asset form, is set only when the tag may still go on an asset.
 * @param {string} raw the text that was read or typed
 */
export async function resolveCode(raw) {
  const text = codeText(raw);
  if (!text) return problem(t('scan_tag_empty'));
  if (!looksLikeTag(text) && !prefixOf(text)) return resolveSerial(text);

  const parsed = checkTag(text);
  if (parsed.error) return problem(tagErrorMessage(parsed.error));
  const tag = parsed.tag;
  if (tag.kind === 'location') return resolveLocation(tag.text);

  const [local] = await byIndex('assets', 'tag', tag.text);
  if (local) return { kind: 'asset', asset: local };

  if (!navigator.onLine) return problem(t('scan_offline_unknown', { tag: tag.text }), tag.text);
  try {
    return { kind: 'asset', asset: await api(`/api/v1/assets/by-tag/${encodeURIComponent(tag.text)}`) };
  } catch (err) {
    if (err instanceof NetworkError) return problem(t('scan_offline_unknown', { tag: tag.text }), tag.text);
    if (err instanceof ApiError && err.status === 400) return problem(t('scan_server_refused', { message: err.message }));
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    return resolveMissingAsset(tag, err.code);
  }
}

/**
 * Resolves an asset tag that no asset of the user carries, from the code
 * of the server's 404: the state of the tag in the registry.
 */
async function resolveMissingAsset(tag, code) {
  switch (code) {
    case 'tag_unassigned':
      return { kind: 'new', tag: tag.text, path: newAssetPath(tag.text) };
    case 'tag_void':
      return problem(t('scan_void', { tag: tag.text }));
    case 'tag_unknown':
      return problem(t('scan_unknown', { tag: tag.text }));
    case 'location_tag':
      return resolveLocation(tag.text);
  }

  // A server older than these codes returns not_found for every tag that
  // no asset carries.
  const prefixes = await knownPrefixes();
  if (prefixes.size > 0 && !prefixes.has(tag.prefix)) {
    return problem(t('scan_foreign', { tag: tag.text, prefix: tag.prefix }), tag.text);
  }
  return { kind: 'new', tag: tag.text, path: newAssetPath(tag.text) };
}

/** Returns the message that explains an error of tags.js parseTag. */
export function tagErrorMessage(error) {
  const input = String(error.input ?? '').trim();
  switch (error.reason) {
    case 'empty':
      return t('scan_tag_empty');
    case 'charset':
      return t('scan_tag_charset', { input, character: error.character });
    case 'prefix':
      return t('scan_tag_prefix', { input, prefix: error.prefix });
    case 'length':
      return t('scan_tag_length', { input, count: error.length, expected: error.expected, prefix: error.prefix });
    case 'serial':
      return t('scan_tag_serial', { input, serial: error.serial });
    default:
      return t('scan_tag_check', { input, found: error.found, expected: error.expected });
  }
}

/** Returns the path of the form that creates an asset with tag, at the current location. */
export function newAssetPath(tag) {
  const query = new URLSearchParams({ tag });
  const place = currentPlace();
  if (place) {
    query.set('site', place.site_id);
    if (place.room_id) query.set('room', place.room_id);
  }
  return `/assets/new?${query}`;
}

/**
 * Resolves a location tag and makes its room or site the current location.
 * Rooms and sites on this device carry their location tag in `tag`, and
 * when none has it, the server looks the tag up in its registry.
 */
async function resolveLocation(tag) {
  const [rooms, sites] = await Promise.all([all('rooms'), all('sites')]);
  const room = rooms.find((r) => r.tag === tag);
  if (room) return openPlace(room.site_id, room.id);
  const site = sites.find((s) => s.tag === tag);
  if (site) return openPlace(site.id, null);

  if (!navigator.onLine) return problem(t('scan_location_offline', { tag }));
  try {
    const place = await api(`/api/v1/places/by-tag/${encodeURIComponent(tag)}`);
    return openPlace(place.site_id, place.room_id);
  } catch (err) {
    if (err instanceof NetworkError) return problem(t('scan_location_offline', { tag }));
    if (err instanceof ApiError && err.status === 400) return problem(t('scan_server_refused', { message: err.message }));
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    switch (err.code) {
      case 'tag_void':
        return problem(t('scan_void', { tag }));
      case 'tag_unassigned':
        return problem(t('scan_location_unassigned', { tag }));
      default:
        return problem(t('scan_location_unknown', { tag }));
    }
  }
}

/** Makes a room, or a site when roomID is null, the current location and returns the result that opens it. */
function openPlace(siteID, roomID) {
  rememberPlace(siteID, roomID);
  const path = roomID ? `/rooms/${roomID}` : `/sites/${siteID}`;
  return { kind: 'place', path, site_id: siteID, room_id: roomID };
}

/** Looks a serial number up in the local store: one match opens it, else the search. */
async function resolveSerial(text) {
  const needle = fold(text);
  const found = [];
  await eachAsset((asset) => {
    if (asset.serial && fold(asset.serial) === needle) found.push(asset);
    return found.length < 2;
  });
  if (found.length === 1) return { kind: 'asset', asset: found[0] };
  return { kind: 'search', path: `/search?q=${encodeURIComponent(text)}` };
}

let prefixCache = null;
document.addEventListener('parc:data', () => {
  prefixCache = null;
});

/** Returns the prefixes of the tags of the assets on this device. */
async function knownPrefixes() {
  if (!prefixCache) {
    const prefixes = new Set();
    await eachAsset((asset) => {
      const prefix = prefixOf(asset.tag);
      if (prefix) prefixes.add(prefix);
    });
    prefixCache = prefixes;
  }
  return prefixCache;
}

function problem(message, tag = null) {
  return { kind: 'problem', message, tag, createPath: tag ? newAssetPath(tag) : null };
}

/**
 * Opens what a code leads to: the asset sheet, the new-asset form, the
 * room or the search. A problem opens the scanner screen with its
 * explanation, unless onProblem handles it (the scanner screen itself).
 * Returns the result of resolveCode.
 * @param {string} text
 * @param {{onProblem?: (result: any) => void}} [options]
 */
export async function openCode(text, { onProblem } = {}) {
  const result = await resolveCode(text);
  switch (result.kind) {
    case 'asset':
      await navigate(`/assets/${result.asset.id}`);
      break;
    case 'new':
    case 'place':
    case 'search':
      await navigate(result.path);
      break;
    default:
      if (onProblem) {
        onProblem(result);
      } else {
        await navigate(`/scan?code=${encodeURIComponent(codeText(text))}`);
      }
  }
  return result;
}
