// The work orders (« Fiches d'intervention »): the list, open ones first,
// and the form that opens one, for a request or on the spot. Both read
// and write the device, so they work offline.

import { ApiError } from '../api.js';
import { categoriesFor, levelsFor } from '../charter.js';
import { all, get } from '../db.js';
import { h } from '../dom.js';
import { field, localFormActions, onSubmit } from '../forms.js';
import { compareNames, formatDate, formatDuration, t } from '../i18n.js';
import { uuidv7 } from '../ids.js';
import { requestById } from '../requests.js';
import { navigate } from '../router.js';
import { isTechnician } from '../session.js';
import { allWorkOrders, newWorkOrderChange } from '../work-orders.js';
import { backLink } from './fleet.js';
import { missing } from './not-found.js';
import { categoryName, workOrderStatusName } from './work-names.js';
import { saveChanges } from './work-save.js';

export async function workOrdersScreen() {
  const [orders, sites] = await Promise.all([allWorkOrders(), all('sites')]);
  const siteNames = new Map(sites.map((s) => [s.id, s.name]));
  const title = t('work_orders_title');
  return {
    title,
    body: [
      h('h1', null, title),
      isTechnician() ? h('div', { class: 'actions' }, h('a', { id: 'work-order-new-link', href: '/work-orders/new', class: 'button primary' }, t('work_order_new_title'))) : null,
      orders.length
        ? h('ul', { id: 'work-order-list', class: 'list' }, orders.map((order) => h('li', { dataset: { workOrderId: order.id, status: order.status } },
          h('a', { href: `/work-orders/${order.id}` },
            h('span', { class: 'list-text' },
              h('span', { class: 'list-title' }, `${categoryName(order.category)} — ${siteNames.get(order.site_id) ?? ''}`),
              h('span', { class: 'list-detail' }, [workOrderStatusName(order.status), formatDate(order.opened_at), formatDuration(order.work_minutes ?? 0)].join(' · ')))))))
        : h('p', { id: 'work-orders-empty' }, t('work_orders_empty')),
    ],
  };
}

export async function workOrderNewScreen({ query }) {
  if (!isTechnician()) return missing(t('technician_only_title'), t('technician_only_text'));
  const request = query.get('request') ? await requestById(query.get('request')) : undefined;
  if (query.get('request') && !request) return missing(t('request_missing_title'), t('record_missing_text'));
  const [sites, communes] = await Promise.all([all('sites'), all('communes')]);
  const communeNames = new Map(communes.map((c) => [c.id, c.name]));
  const choices = sites.filter((s) => !s.archived_at)
    .map((s) => [s.id, `${communeNames.get(s.commune_id) ?? ''} — ${s.name}`])
    .sort((a, b) => compareNames(a[1], b[1]));
  const id = uuidv7();
  const title = t('work_order_new_title');

  const siteField = request
    ? h('div', null, h('input', { type: 'hidden', name: 'site_id', value: request.site_id }),
      h('p', { id: 'work-order-request' }, t('work_order_for_request', { category: categoryName(request.category), site: (await get('sites', request.site_id))?.name ?? '' })))
    : field({ name: 'site_id', label: t('request_site'), kind: 'select', required: true, value: query.get('site') ?? '', options: [['', t('choose')], ...choices] });
  const categoryField = h('div', { class: 'field' },
    h('label', { for: 'field-category' }, t('request_category')),
    h('select', { id: 'field-category', name: 'category', 'aria-describedby': 'field-category-error' }),
    h('p', { id: 'field-category-error', class: 'error', role: 'alert' }));
  const levelField = field({ name: 'level', label: t('work_order_level'), kind: 'select', options: [], hint: t('work_order_level_hint') });

  const showSite = async (siteID) => {
    const site = siteID ? await get('sites', siteID) : undefined;
    const select = categoryField.querySelector('select');
    const previous = select.value || request?.category || '';
    select.replaceChildren(h('option', { value: '' }, t('choose')),
      ...categoriesFor(site?.kind).groups.map((group) => h('optgroup', { label: t(`category_group_${group.key}`) },
        group.codes.map((code) => h('option', { value: code, selected: code === previous }, categoryName(code))))));
    levelField.querySelector('select').replaceChildren(...levelsFor(site?.kind).map((level) => h('option', { value: String(level) }, t('work_order_level_n', { level }))));
  };
  siteField.querySelector('select')?.addEventListener('change', (event) => showSite(event.currentTarget.value));
  await showSite(request?.site_id ?? query.get('site'));

  const form = h('form', { id: 'work-order-form', class: 'form', novalidate: true },
    siteField, categoryField, levelField, localFormActions(t('work_order_open')));
  onSubmit(form, async (v) => {
    const faults = {};
    if (!v.site_id) faults.site_id = t('request_site_missing');
    if (!v.category) faults.category = t('request_category_missing');
    if (Object.keys(faults).length) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), faults);
    const site = await get('sites', v.site_id);
    await saveChanges([newWorkOrderChange({
      id, request_id: request?.id ?? null, site_id: v.site_id, commune_id: site?.commune_id ?? request?.commune_id,
      category: v.category, level: Number(v.level) || 1,
    })]);
    await navigate(`/work-orders/${id}`, { replace: true });
  });

  return {
    title,
    body: [
      request ? backLink(`/requests/${request.id}`, t('request_back')) : backLink('/work-orders', t('work_orders_title')),
      h('h1', null, title),
      h('p', null, t('work_order_new_intro')),
      form,
    ],
    refresh: null,
  };
}
