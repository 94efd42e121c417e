// The yearly preventive-maintenance round, as the device keeps it: the
// campaigns, visits of sites and the check of each PC on a visit, all
// through the outbox. The campaign's coverage is counted by the server,
// so the screen reads it from the API and keeps the last response for
// offline use. A campaign opened on the device shows without coverage
// until the server has it.

import { api, ApiError } from './api.js';
import { all, byIndex, getMeta, setMeta } from './db.js';
import { uuidv7 } from './ids.js';
import { currentUser } from './session.js';

const CAMPAIGN_KEY = 'maintenance_campaign';

/** The items of a PC's checklist on a visit, as the API names them. */
export const CHECK_ITEMS = ['updates', 'antivirus', 'disk', 'cleaning'];

/** Returns the visits on the device, the next planned first. */
export async function allVisits() {
  const visits = await all('maintenance_visits');
  const rank = { planned: 0, done: 1, cancelled: 2 };
  return visits.sort((a, b) => (rank[a.status] ?? 3) - (rank[b.status] ?? 3) || String(a.planned_for).localeCompare(String(b.planned_for)));
}

/** Returns the checks of a visit, the latest first. */
export async function checksOf(visitId) {
  const checks = await byIndex('maintenance_checks', 'visit_id', visitId);
  return checks.sort((a, b) => String(b.checked_at).localeCompare(String(a.checked_at)));
}

/**
 * Returns the latest campaign with its coverage: from the server when it
 * responds, else as last read on this device. A campaign of a later year
 * that the device keeps (opened here, or pulled) comes instead, without
 * coverage. The result is {campaign, read_at, offline}; campaign is null
 * when there is none.
 */
export async function latestCampaign() {
  let found;
  try {
    const list = await api('/api/v1/maintenance/campaigns');
    const latest = (list?.items ?? list ?? [])[0];
    const campaign = latest ? await api(`/api/v1/maintenance/campaigns/${latest.year}`) : null;
    const saved = { campaign, read_at: new Date().toISOString() };
    await setMeta(CAMPAIGN_KEY, saved);
    found = { ...saved, offline: false };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const saved = await getMeta(CAMPAIGN_KEY);
    found = { campaign: saved?.campaign ?? null, read_at: saved?.read_at ?? null, offline: true };
  }
  const local = (await all('maintenance_campaigns')).sort((a, b) => b.year - a.year)[0];
  if (local && local.year > (found.campaign?.year ?? 0)) return { ...found, campaign: local };
  return found;
}

/**
 * Returns the outbox change that opens the campaign of a year. The server
 * keeps one campaign a year. When another device opened it first, the
 * push result names that campaign, and the device takes its id.
 */
export function openCampaignChange(year) {
  const id = uuidv7();
  const now = new Date().toISOString();
  return {
    entity: 'maintenance_campaign', entity_id: id, fields: { year }, create: true,
    record: { id, created_by: currentUser()?.id ?? null, created_at: now, updated_at: now },
  };
}

/** Returns the outbox change that plans a visit. */
export function newVisitChange({ id, site_id: siteId, planned_for: plannedFor, note }) {
  const now = new Date().toISOString();
  return {
    entity: 'maintenance_visit', entity_id: id, fields: { site_id: siteId, planned_for: plannedFor, note }, create: true,
    record: { id, status: 'planned', done_at: null, created_by: currentUser()?.id ?? null, created_at: now, updated_at: now },
  };
}

/** Returns the outbox change of members of a visit, such as its status. */
export function visitChange(visit, fields) {
  return { entity: 'maintenance_visit', entity_id: visit.id, fields };
}

/**
 * Returns the outbox change that records the checklist of one PC on a
 * visit, at the device's time.
 * @param {object} visit
 * @param {object} asset the PC, as the device has it
 * @param {{updates: boolean, antivirus: boolean, disk: boolean, cleaning: boolean, done: boolean, note: string}} items
 */
export function checkChange(visit, asset, items) {
  const id = uuidv7();
  const checkedAt = new Date().toISOString();
  return {
    entity: 'maintenance_check', entity_id: id, create: true,
    fields: { visit_id: visit.id, asset: asset.tag ?? asset.id, ...items, checked_at: checkedAt },
    record: { id, asset_id: asset.id, asset_tag: asset.tag ?? null, commune_id: visit.commune_id, checked_by: currentUser()?.id ?? null },
  };
}
