// A request's screen: its status and history, its photos, its work
// orders with the PDF of each done one, the commune's time and the
// comments. Technicians also get the steps that move it (plan, start,
// refuse) and a new work order. Every change goes through the outbox, so
// the screen works offline.

import { api, ApiError, NetworkError } from '../api.js';
import { get } from '../db.js';
import { facts, h } from '../dom.js';
import { field, localFormActions, onSubmit } from '../forms.js';
import { formatDate, formatDateTime, formatDuration, t } from '../i18n.js';
import { commentChange, commentsOf, OPEN_STATUSES, requestById, requestChange, workOrdersOf } from '../requests.js';
import { rerender } from '../router.js';
import { currentUser, isTechnician } from '../session.js';
import { backLink } from './fleet.js';
import { communeTimeCard } from './commune-time.js';
import { assetTitle } from './names.js';
import { missing } from './not-found.js';
import { photosSection } from './request-photos.js';
import { workOrderPDF } from './stored-files.js';
import { categoryName, requestStatusName, urgencyName, workOrderStatusName } from './work-names.js';
import { errorText, redrawUnlessTyping, refreshAfterSave, saveChanges } from './work-save.js';

export async function requestScreen({ params }) {
  const request = await loadRequest(params.id);
  if (!request) return missing(t('request_missing_title'), t('record_missing_text'));
  const [site, commune, asset, orders, comments] = await Promise.all([
    get('sites', request.site_id), get('communes', request.commune_id),
    request.asset_id ? get('assets', request.asset_id) : undefined, workOrdersOf(request.id), commentsOf(request.id),
  ]);
  const title = `${categoryName(request.category)} — ${site?.name ?? ''}`;

  return {
    title,
    body: [
      backLink('/requests', t('requests_title')),
      h('h1', null, title),
      h('p', { class: 'status-line' },
        h('span', { id: 'request-status', class: `status status-${request.status}`, dataset: { status: request.status } }, requestStatusName(request.status)),
        request.urgency === 'blocking' ? h('span', { class: 'badge badge-blocking' }, t('urgency_blocking')) : null),
      request.status === 'refused' ? h('p', { id: 'request-refused', class: 'warning', role: 'note' }, t('request_refused_reason', { reason: request.refused_reason })) : null,
      facts([
        [t('request_commune'), commune?.name],
        [t('request_site'), site?.name],
        [t('request_asset'), asset ? h('a', { href: `/assets/${asset.id}` }, [asset.tag, assetTitle(asset)].filter(Boolean).join(' · ')) : t('request_no_asset')],
        [t('request_urgency'), urgencyName(request.urgency)],
        [t('request_planned'), formatDate(request.planned_for), 'request-planned-for'],
        [t('request_description'), request.description, 'request-description'],
      ]),
      historySection(request, orders),
      await photosSection(request),
      isTechnician() && OPEN_STATUSES.includes(request.status) ? actionsSection(request) : null,
      await workOrdersSection(orders),
      communeTimeCard('request-time', [request.commune_id]),
      commentsSection(request, comments),
    ],
    refresh: redrawUnlessTyping(rerender),
  };
}

/** Returns the request from the device, or from the server when the device lacks it. */
async function loadRequest(id) {
  const local = await requestById(id);
  if (local) return local;
  try {
    return await api(`/api/v1/requests/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof NetworkError || err instanceof ApiError && (err.status === 404 || err.status === 400)) return undefined;
    throw err;
  }
}

/** Builds the history of the request from the dates its record and its work orders carry. */
function historySection(request, orders) {
  const steps = [[request.created_at, t('history_created')]];
  if (request.planned_for) steps.push([null, t('history_planned', { date: formatDate(request.planned_for) })]);
  for (const order of orders) {
    steps.push([order.opened_at, t('history_work_order', { status: workOrderStatusName(order.status) })]);
  }
  if (request.status === 'in_progress' && !orders.length) steps.push([request.updated_at, t('history_started')]);
  if (request.done_at) steps.push([request.done_at, t('history_done')]);
  if (request.status === 'refused') steps.push([request.updated_at, t('history_refused')]);
  return h('section', { 'aria-labelledby': 'request-history-title' },
    h('h2', { id: 'request-history-title' }, t('request_history')),
    h('ol', { id: 'request-history', class: 'history' }, steps.map(([when, text]) => h('li', null,
      when ? h('span', { class: 'detail' }, `${formatDateTime(when)} · `) : null, text))));
}

/** Builds the technician's steps: plan on a day, start, refuse with a reason, open a work order. */
function actionsSection(request) {
  const plan = h('form', { id: 'request-plan', class: 'form', novalidate: true },
    field({ name: 'planned_for', label: t('request_plan_date'), kind: 'date', value: request.planned_for, required: true }),
    localFormActions(t('request_plan')));
  onSubmit(plan, async (v) => {
    if (!v.planned_for) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), { planned_for: t('request_plan_date_missing') });
    const fields = request.status === 'planned' ? { planned_for: v.planned_for } : { status: 'planned', planned_for: v.planned_for };
    await saveChanges([requestChange(request, fields)]);
    await refreshAfterSave(plan);
  });

  const refuse = h('form', { id: 'request-refuse', class: 'form', novalidate: true },
    field({ name: 'refused_reason', label: t('request_refuse_reason'), kind: 'textarea', required: true, hint: t('request_refuse_hint'), attrs: { maxlength: 1000 } }),
    localFormActions(t('request_refuse')));
  refuse.querySelector('button[type=submit]').classList.add('danger');
  refuse.querySelector('button[type=submit]').classList.remove('primary');
  onSubmit(refuse, async (v) => {
    if (!v.refused_reason) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), { refused_reason: t('request_refuse_missing') });
    await saveChanges([requestChange(request, { status: 'refused', refused_reason: v.refused_reason })]);
    await refreshAfterSave(refuse);
  });

  const start = request.status !== 'in_progress'
    ? h('button', { id: 'request-start', type: 'button', class: 'button', onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        await saveChanges([requestChange(request, { status: 'in_progress' })]);
      } catch (err) {
        document.getElementById('request-actions-error').textContent = errorText(err);
        button.disabled = false;
        return;
      }
      await refreshAfterSave();
    } }, t('request_start'))
    : null;

  return h('section', { id: 'request-actions', class: 'card', 'aria-labelledby': 'request-actions-title' },
    h('h2', { id: 'request-actions-title' }, t('request_actions')),
    h('div', { class: 'actions' },
      h('a', { id: 'request-work-order-new', href: `/work-orders/new?request=${request.id}`, class: 'button primary' }, t('work_order_new_title')),
      start),
    h('p', { id: 'request-actions-error', class: 'error', role: 'alert' }),
    request.status !== 'in_progress' ? [plan, refuse] : null);
}

/** Builds the list of the request's work orders, each done one with the link to its PDF. */
async function workOrdersSection(orders) {
  const items = await Promise.all(orders.map(async (order) => h('li', { class: 'row work-order-row', dataset: { workOrderId: order.id, status: order.status } },
    h('a', { href: `/work-orders/${order.id}` },
      h('span', { class: 'list-text' },
        h('span', { id: `request-work-order-${order.id}-title`, class: 'list-title' }, t('work_order_of', { date: formatDate(order.opened_at) })),
        h('span', { class: 'list-detail' }, `${workOrderStatusName(order.status)} · ${formatDuration(order.work_minutes ?? 0)}`))),
    order.status === 'done'
      ? await workOrderPDF(order, `request-work-order-pdf-${order.id}`, { describedBy: `request-work-order-${order.id}-title` })
      : null)));
  return h('section', { 'aria-labelledby': 'request-work-orders-title' },
    h('h2', { id: 'request-work-orders-title' }, t('request_work_orders')),
    items.length ? h('ul', { id: 'request-work-orders', class: 'list' }, items) : h('p', { class: 'detail' }, t('request_no_work_order')));
}

function commentsSection(request, comments) {
  const me = currentUser()?.id;
  const form = h('form', { id: 'comment-form', class: 'form', novalidate: true },
    field({ name: 'body', label: t('comment_add_label'), kind: 'textarea', required: true, attrs: { maxlength: 4000 } }),
    localFormActions(t('comment_add')));
  onSubmit(form, async (v) => {
    if (!v.body) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), { body: t('comment_missing') });
    await saveChanges([commentChange(request, v.body)]);
    await refreshAfterSave(form, { clear: true });
  });
  return h('section', { 'aria-labelledby': 'request-comments-title' },
    h('h2', { id: 'request-comments-title' }, t('request_comments')),
    comments.length
      ? h('ul', { id: 'request-comments', class: 'comments' }, comments.map((c) => h('li', { dataset: { commentId: c.id } },
        h('p', { class: 'detail' }, c.author_id === me ? t('comment_by_you', { when: formatDateTime(c.created_at) }) : formatDateTime(c.created_at)),
        h('p', { class: 'comment-body' }, c.body))))
      : h('p', { class: 'detail' }, t('request_no_comment')),
    currentUser()?.role !== 'committee' ? form : null);
}
