// The list of requests (« Demandes »). A technician sees the new ones
// first, and the blocking ones first among them. A correspondent sees those
// of their communes, newest first. It reads the device only.

import { all } from '../db.js';
import { h } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { navigate } from '../router.js';
import { allRequests, byUrgency, newestFirst, OPEN_STATUSES, REQUEST_STATUSES } from '../requests.js';
import { currentUser, isTechnician } from '../session.js';
import { categoryName, requestStatusName } from './work-names.js';

const FILTERS = ['open', 'all', ...REQUEST_STATUSES];

export async function requestsScreen({ query }) {
  const filter = FILTERS.includes(query.get('status')) ? query.get('status') : 'open';
  const [requests, sites, communes, reports] = await Promise.all([allRequests(), all('sites'), all('communes'), all('problem_reports')]);
  const shown = requests.filter((r) => filter === 'all' || (filter === 'open' ? OPEN_STATUSES.includes(r.status) : r.status === filter));
  const sorted = isTechnician() ? byUrgency(shown) : newestFirst(shown);
  const siteNames = new Map(sites.map((s) => [s.id, s.name]));
  const communeNames = new Map(communes.map((c) => [c.id, c.name]));
  const newReports = reports.filter((r) => r.status === 'new').length;
  const title = t('requests_title');

  return {
    title,
    body: [
      h('h1', null, title),
      h('div', { class: 'actions' },
        currentUser()?.role !== 'committee' ? h('a', { id: 'request-new-link', href: '/requests/new', class: 'button primary' }, t('request_new_title')) : null,
        h('a', { id: 'problem-reports-link', href: '/problem-reports', class: 'button' }, t('reports_link', { count: newReports }))),
      filterForm(filter),
      h('p', { id: 'requests-count', class: 'detail', role: 'status' }, t('requests_count', { count: sorted.length })),
      sorted.length
        ? h('ul', { id: 'request-list', class: 'list' }, sorted.map((r) => requestItem(r, siteNames, communeNames)))
        : h('p', { id: 'requests-empty' }, t('requests_empty')),
    ],
  };
}

function filterForm(filter) {
  return h('div', { class: 'field' },
    h('label', { for: 'requests-filter' }, t('requests_filter')),
    h('select', { id: 'requests-filter', onchange: (event) => navigate(`/requests?status=${event.currentTarget.value}`, { replace: true }) },
      FILTERS.map((code) => h('option', { value: code, selected: code === filter }, code === 'open' || code === 'all' ? t(`requests_filter_${code}`) : requestStatusName(code)))));
}

function requestItem(request, siteNames, communeNames) {
  const blocking = request.urgency === 'blocking';
  const when = request.status === 'planned' && request.planned_for
    ? t('request_planned_for', { date: formatDate(request.planned_for) })
    : formatDate(request.created_at);
  return h('li', { dataset: { requestId: request.id, status: request.status, urgency: request.urgency } },
    h('a', { href: `/requests/${request.id}` },
      h('span', { class: 'list-text' },
        h('span', { class: 'list-title' }, `${categoryName(request.category)} — ${siteNames.get(request.site_id) ?? ''}`),
        h('span', { class: 'list-detail' }, [communeNames.get(request.commune_id), requestStatusName(request.status), when].filter(Boolean).join(' · '))),
      blocking ? h('span', { class: 'badge badge-blocking' }, t('urgency_blocking')) : null));
}
