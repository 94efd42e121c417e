// Work orders (« fiches d'intervention ») and their time entries, as the
// device keeps them. Both change through the outbox, so a technician
// records the work and runs the timer without signal. The timer's time
// is the device's clock, which the server checks on arrival.

import { all, byIndex } from './db.js';
import { uuidv7 } from './ids.js';
import { currentUser } from './session.js';
import { IDLE, STOPPED } from './timer.js';

/** Codes of the checklist of actions done (server/workorders ChecklistCodes). */
export const CHECKLIST = [
  'updates_installed', 'antivirus_checked', 'disk_checked', 'backup_checked',
  'cleaned', 'network_checked', 'printer_tested', 'user_informed',
];

/** Returns every work order on the device, open ones first, then the newest. */
export async function allWorkOrders() {
  const orders = await all('work_orders');
  return orders.sort((a, b) => Number(a.status === 'done') - Number(b.status === 'done')
    || String(b.opened_at).localeCompare(String(a.opened_at)));
}

/**
 * Returns the outbox change that opens a work order. The local record
 * carries the members that the server derives, so that the screens show
 * it at once.
 * @param {{id: string, request_id: string|null, site_id: string, commune_id: string,
 *   category: string, level: number}} spec
 */
export function newWorkOrderChange({ id, commune_id: communeId, ...spec }) {
  const now = new Date().toISOString();
  const fields = { ...spec, asset_ids: [], opened_at: now };
  if (!fields.request_id) delete fields.request_id;
  return {
    entity: 'work_order', entity_id: id, fields, create: true,
    record: {
      id, commune_id: communeId, status: 'planned', notes: '', checklist: [], checklist_other: [], travel_minutes: 0,
      work_minutes: 0, timer_state: IDLE, summary: '', signed_by: '', signature_file_id: null, done_at: null,
      created_by: currentUser()?.id ?? null, created_at: now, updated_at: now,
    },
  };
}

/** Returns the outbox change of members of a work order. */
export function workOrderChange(order, fields) {
  return { entity: 'work_order', entity_id: order.id, fields };
}

/**
 * Returns the time entries of a work order in the order the server
 * applies them: those it numbered by their ordinal, then those still on
 * the device in the order they were made.
 */
export async function entriesOf(workOrderId) {
  const entries = await byIndex('time_entries', 'work_order_id', workOrderId);
  return entries.sort((a, b) => (a.ordinal ?? Infinity) - (b.ordinal ?? Infinity) || (a.local_order ?? 0) - (b.local_order ?? 0));
}

/**
 * Returns the outbox change of a time entry: a timer event (start, pause,
 * resume, stop) at the device's time now, or a correction or manual entry
 * with minutes and a reason.
 * @param {object} order the work order
 * @param {object[]} entries its entries, from entriesOf
 * @param {{kind: string, minutes?: number, reason?: string}} spec
 */
export function timeEntryChange(order, entries, { kind, minutes, reason }) {
  const id = uuidv7();
  const fields = { work_order_id: order.id, kind, at: new Date().toISOString() };
  if (minutes !== undefined) fields.minutes = minutes;
  if (reason) fields.reason = reason;
  const localOrder = Math.max(0, ...entries.map((e) => e.local_order ?? e.ordinal ?? 0)) + 1;
  return {
    entity: 'time_entry', entity_id: id, fields, create: true,
    record: { id, commune_id: order.commune_id, ordinal: null, local_order: localOrder, user_id: currentUser()?.id ?? null },
  };
}

/**
 * Returns the status the work order has once the server has its queued
 * entries: a timer start moves a planned work order to in progress.
 */
export function effectiveStatus(order, timer) {
  if (order.status === 'planned' && timer.firstStartAt !== null) return 'in_progress';
  return order.status;
}

/** Reports whether the timer must stop before the work order can close. */
export function timerOpen(timer) {
  return timer.state !== IDLE && timer.state !== STOPPED;
}
