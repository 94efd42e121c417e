// The inventory round (« état des lieux »): a technician walks through a
// site room by room and scans every asset tag. Rounds are written to
// IndexedDB, so a round works without signal and survives a reload. Each
// stored scan is queued as an inventory_scan op in the transaction that
// stores it, and a confirmed move also moves the asset, through the
// outbox, to the round's site and room.

import { all, byIndex, get, put } from './db.js';
import { uuidv7 } from './ids.js';
import { queueChanges } from './outbox.js';
import { checkTag } from './tags.js';

/** Returns the round not finished yet, the latest if there are several. */
export async function openRound() {
  const rounds = (await all('inventory_rounds')).filter((round) => !round.finished_at);
  return latest(rounds, 'started_at');
}

/** Returns the round finished last on this device, or undefined. */
export async function lastFinishedRound() {
  const rounds = (await all('inventory_rounds')).filter((round) => round.finished_at);
  return latest(rounds, 'finished_at');
}

function latest(records, field) {
  return records.sort((a, b) => b[field].localeCompare(a[field]))[0];
}

/** Starts a round of the site, with no current room yet. */
export async function startRound(siteId) {
  const round = { id: uuidv7(), site_id: siteId, room_id: null, started_at: new Date().toISOString(), finished_at: null };
  await put('inventory_rounds', round);
  return round;
}

/** Makes roomId the room where the next scans happen. */
export async function setRoom(round, roomId) {
  round.room_id = roomId || null;
  await put('inventory_rounds', round);
}

export async function finishRound(round) {
  round.finished_at = new Date().toISOString();
  await put('inventory_rounds', round);
}

/** Returns the scans of a round, oldest first. */
export async function roundScans(roundId) {
  const scans = await byIndex('inventory_scans', 'round_id', roundId);
  return scans.sort((a, b) => a.scanned_at.localeCompare(b.scanned_at) || a.id.localeCompare(b.id));
}

// A hand scanner sends one scan after another within milliseconds: each
// scan waits for the previous one, so that the second of two identical
// scans sees the first and is flagged as a duplicate.
let queue = Promise.resolve();

/**
 * Records a scanned or typed text in the round's current room and returns
 * the verdict, {kind, text, tag?, asset?, scan?, ...}, where kind is:
 *   invalid: not a tag (error as parseTag returns it), nothing stored;
 *   location: a location tag, nothing stored;
 *   no-room: no current room chosen yet, nothing stored;
 *   seen: the asset is recorded in this room, scan stored;
 *   duplicate: the asset, or the unknown tag, was scanned before in this
 *     round (first: that scan), scan stored with duplicate true;
 *   unknown: no asset on the device has this tag, scan stored with
 *     asset_id null;
 *   elsewhere: the asset is recorded in another room or site, nothing
 *     stored until confirmMove.
 */
export function recordScan(round, text) {
  const next = queue.then(() => judgeAndStore(round, text));
  queue = next.catch(() => {});
  return next;
}

async function judgeAndStore(round, text) {
  const parsed = checkTag(text);
  if (parsed.error) return { kind: 'invalid', text, error: parsed.error };
  const tag = parsed.tag.text;
  if (parsed.tag.kind === 'location') return { kind: 'location', text, tag };
  if (!round.room_id) return { kind: 'no-room', text, tag };

  const [assets, scans] = await Promise.all([byIndex('assets', 'tag', tag), roundScans(round.id)]);
  const asset = assets.find((a) => !a.archived_at) ?? assets[0];
  const first = scans.find((scan) => !scan.duplicate && (asset ? scan.asset_id === asset.id : scan.tag === tag));
  if (first) {
    return { kind: 'duplicate', text, tag, asset, first, scan: await store(round, tag, asset, { duplicate: true }) };
  }
  if (!asset) return { kind: 'unknown', text, tag, scan: await store(round, tag, null) };
  if (asset.site_id !== round.site_id || asset.room_id !== round.room_id) {
    return { kind: 'elsewhere', text, tag, asset };
  }
  return { kind: 'seen', text, tag, asset, scan: await store(round, tag, asset) };
}

/**
 * Records an "elsewhere" verdict as seen in the round's current room,
 * with the room and site the asset was recorded in, and moves the asset
 * to the round's site and room. A scan of the same asset stored meanwhile
 * makes this one a duplicate, which moves nothing.
 */
export function confirmMove(round, verdict) {
  const next = queue.then(async () => {
    const scans = await roundScans(round.id);
    const duplicate = scans.some((scan) => !scan.duplicate && scan.asset_id === verdict.asset.id);
    const move = { entity: 'asset', entity_id: verdict.asset.id, fields: { site_id: round.site_id, room_id: round.room_id } };
    return store(round, verdict.tag, verdict.asset, {
      duplicate,
      moved_from_room_id: verdict.asset.room_id ?? null,
      moved_from_site_id: verdict.asset.site_id,
    }, duplicate ? [] : [move]);
  });
  queue = next.catch(() => {});
  return next;
}

/**
 * Stores a scan and queues it as an inventory_scan op, with the other
 * changes given, in one transaction.
 */
async function store(round, tag, asset, extra = {}, changes = []) {
  const scan = {
    id: uuidv7(),
    round_id: round.id,
    asset_id: asset ? asset.id : null,
    tag,
    room_id: round.room_id,
    site_id: round.site_id,
    scanned_at: new Date().toISOString(),
    moved_from_room_id: null,
    moved_from_site_id: null,
    duplicate: false,
    ...extra,
  };
  const fields = {
    round_id: scan.round_id, asset_id: scan.asset_id, tag: scan.tag, site_id: scan.site_id, room_id: scan.room_id,
    scanned_at: scan.scanned_at, moved_from_site_id: scan.moved_from_site_id, moved_from_room_id: scan.moved_from_room_id,
    duplicate: scan.duplicate,
  };
  await queueChanges([{ entity: 'inventory_scan', entity_id: scan.id, fields, scan }, ...changes]);
  return scan;
}

/**
 * Counts and lists what a round found, from the site's assets on the
 * device. Expected assets are the site's assets that are not archived and
 * carry a tag, since an asset without a tag cannot be scanned; those are
 * listed apart as untagged. An asset is seen once a scan that is not a
 * duplicate names it, in any room.
 * @returns {Promise<{scans: object[], assets: Map<string, object>,
 *   site: Progress, room: (roomId: string) => Progress, unknown: object[]}>}
 *   where Progress is {seen, expected, missing: asset[], untagged: asset[]}
 */
export async function roundSummary(round) {
  const [siteAssets, scans] = await Promise.all([byIndex('assets', 'site_id', round.site_id), roundScans(round.id)]);
  const live = siteAssets.filter((asset) => !asset.archived_at);
  const expected = live.filter((asset) => asset.tag);
  const untagged = live.filter((asset) => !asset.tag);
  const counted = scans.filter((scan) => !scan.duplicate);
  const seenIn = new Map(counted.filter((scan) => scan.asset_id).map((scan) => [scan.asset_id, scan.room_id]));

  // Assets moved in from another site are not among the site's assets.
  const assets = new Map(siteAssets.map((asset) => [asset.id, asset]));
  for (const scan of scans) {
    if (scan.asset_id && !assets.has(scan.asset_id)) {
      const asset = await get('assets', scan.asset_id);
      if (asset) assets.set(asset.id, asset);
    }
  }

  const site = {
    seen: expected.filter((asset) => seenIn.has(asset.id)).length,
    expected: expected.length,
    missing: expected.filter((asset) => !seenIn.has(asset.id)),
    untagged,
  };
  // A room counts its expected assets scanned in it. One scanned in
  // another room was moved there, so it is not missing either.
  const room = (roomId) => {
    const inRoom = expected.filter((asset) => asset.room_id === roomId);
    return {
      seen: inRoom.filter((asset) => seenIn.get(asset.id) === roomId).length,
      expected: inRoom.length,
      missing: inRoom.filter((asset) => !seenIn.has(asset.id)),
      untagged: untagged.filter((asset) => asset.room_id === roomId),
    };
  };
  return { scans, assets, site, room, unknown: counted.filter((scan) => !scan.asset_id) };
}
