// Requests (« demandes d'intervention »), their comments and the problems
// reported from labels, as the device keeps them. All of them change
// through the outbox, so they work offline.

import { all, byIndex, get, put } from './db.js';
import { uuidv7 } from './ids.js';
import { currentUser } from './session.js';

/** Statuses of a request, in the order it goes through them. */
export const REQUEST_STATUSES = ['new', 'planned', 'in_progress', 'done', 'refused'];

/** Statuses of a request that still needs the service. */
export const OPEN_STATUSES = ['new', 'planned', 'in_progress'];

/** Returns every request on the device. */
export function allRequests() {
  return all('requests');
}

/**
 * Sorts requests for the technician: by status (new first), then
 * blocking before normal, then the oldest first, since it waited longest.
 */
export function byUrgency(requests) {
  const rank = (r) => REQUEST_STATUSES.indexOf(r.status);
  return [...requests].sort((a, b) => rank(a) - rank(b)
    || Number(b.urgency === 'blocking') - Number(a.urgency === 'blocking')
    || String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')));
}

/** Sorts requests newest first, as a correspondent follows them. */
export function newestFirst(requests) {
  return [...requests].sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')));
}

/**
 * Returns the outbox change that files a new request. The local record
 * carries what the server fills in, so that the lists show it at once.
 * @param {{id: string, site_id: string, asset_id: string|null, category: string,
 *   urgency: string, description: string}} fields
 */
export function newRequestChange({ id, ...fields }) {
  const now = new Date().toISOString();
  return {
    entity: 'request', entity_id: id, fields, create: true,
    record: {
      id, status: 'new', planned_for: null, refused_reason: '', done_at: null,
      created_by: currentUser()?.id ?? null, created_at: now, updated_at: now,
    },
  };
}

/** Returns the outbox change of members of a request, such as its status. */
export function requestChange(request, fields) {
  return { entity: 'request', entity_id: request.id, fields };
}

/** Returns the outbox change that adds a comment to a request. */
export function commentChange(request, body) {
  const id = uuidv7();
  return {
    entity: 'request_comment', entity_id: id, fields: { request_id: request.id, body }, create: true,
    record: { id, commune_id: request.commune_id, author_id: currentUser()?.id ?? null, created_at: new Date().toISOString() },
  };
}

/** Returns the comments of a request, oldest first. */
export async function commentsOf(requestId) {
  const comments = await byIndex('request_comments', 'request_id', requestId);
  return comments.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
}

/** Returns the work orders of a request, oldest first. */
export async function workOrdersOf(requestId) {
  const orders = await byIndex('work_orders', 'request_id', requestId);
  return orders.sort((a, b) => String(a.opened_at).localeCompare(String(b.opened_at)));
}

/** Returns the problem reports on the device, newest first. */
export async function problemReports() {
  const reports = await all('problem_reports');
  return reports.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
}

/**
 * Returns the outbox change that turns a problem report into a new
 * request, and the local copy of that request. The server creates the
 * request from the report's op, at the asset's site, so the two cannot
 * part: a report that someone else handled first is rejected with
 * nothing created. The copy shows the request on the device until the
 * pull brings the server's.
 * @param {object} report
 * @param {{category: string, urgency: string, description?: string}} request
 * @returns {{change: object, request: object}}
 */
export function convertReportChange(report, { category, urgency, description }) {
  const id = uuidv7();
  const now = new Date().toISOString();
  const fields = { category, urgency };
  if (description) fields.description = description;
  return {
    change: { entity: 'problem_report', entity_id: report.id, fields: { status: 'converted', request_id: id, request: fields } },
    request: {
      id, site_id: report.site_id, commune_id: report.commune_id, asset_id: report.asset_id, category, urgency,
      description: description || report.description, status: 'new', planned_for: null, refused_reason: '', photo_ids: [],
      done_at: null, created_by: currentUser()?.id ?? null, created_at: now, updated_at: now,
    },
  };
}

/** Returns the outbox change that dismisses a problem report with a reason. */
export function dismissReportChange(report, reason) {
  return { entity: 'problem_report', entity_id: report.id, fields: { status: 'dismissed', dismissed_reason: reason } };
}

/** Keeps the local copy of a request made on the device, until the pull brings the server's. */
export function keepLocalRequest(request) {
  return put('requests', request);
}

/** Returns a request by id from the device, or undefined. */
export function requestById(id) {
  return get('requests', id);
}
