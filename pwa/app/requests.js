// Requests (« demandes d'intervention »), their comments and the problems
// reported from labels, as the device keeps them. Requests and comments
// change through the outbox, so they work offline. Problem reports are
// handled through the REST API, which needs the network.

import { api } from './api.js';
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
 * Turns a problem report into a request on the server and stores both
 * as the server returns them. Needs the network: throws NetworkError
 * without it, and ApiError with the server's reason.
 */
export async function convertReport(report, { category, urgency, description }) {
  const body = { category, urgency };
  if (description) body.description = description;
  const request = await api(`/api/v1/problem-reports/${encodeURIComponent(report.id)}/convert`, { method: 'POST', body });
  await put('requests', request);
  await put('problem_reports', { ...report, status: 'converted', request_id: request.id });
  return request;
}

/** Dismisses a problem report with a reason, on the server. Needs the network. */
export async function dismissReport(report, reason) {
  const stored = await api(`/api/v1/problem-reports/${encodeURIComponent(report.id)}/dismiss`, { method: 'POST', body: { reason } });
  await put('problem_reports', stored ?? { ...report, status: 'dismissed', dismissed_reason: reason });
}

/** Returns a request by id from the device, or undefined. */
export function requestById(id) {
  return get('requests', id);
}
