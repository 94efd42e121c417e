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
 *   {kind: 'problem', message, tag?, createPath?}: an invalid, foreign or
 *     unknown tag, with the message that explains it.
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

  if (navigator.onLine) {
    try {
      return { kind: 'asset', asset: await api(`/api/v1/assets/by-tag/${encodeURIComponent(tag.text)}`) };
    } catch (err) {
      if (err instanceof NetworkError) return problem(t('scan_offline_unknown', { tag: tag.text }), tag.text);
      if (err instanceof ApiError && err.status === 400) return problem(t('scan_server_refused', { message: err.message }));
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  } else {
    return problem(t('scan_offline_unknown', { tag: tag.text }), tag.text);
  }

  // The server has no asset with this tag. It returns 404 not_found
  // alike for a tag that is unassigned, void or was never printed.
  // TODO: tell a void tag apart once the API reports a tag's state.
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
 * Resolves a location tag. Rooms and sites would carry their tag in a
 * `tag` field. The API sends none yet, and its by-tag route returns only
 * 404 for a location's tag, so such a scan ends with an explanation.
 */
async function resolveLocation(tag) {
  const [rooms, sites] = await Promise.all([all('rooms'), all('sites')]);
  const room = rooms.find((r) => r.tag === tag);
  if (room) {
    rememberPlace(room.site_id, room.id);
    return { kind: 'place', path: `/rooms/${room.id}`, site_id: room.site_id, room_id: room.id };
  }
  const site = sites.find((s) => s.tag === tag);
  if (site) {
    rememberPlace(site.id, null);
    return { kind: 'place', path: `/sites/${site.id}`, site_id: site.id, room_id: null };
  }
  return problem(t('scan_location_unknown', { tag }));
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
