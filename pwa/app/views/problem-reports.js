// Problems reported from the QR code of a label (« Signalements »): anyone
// at a site may send one without an account, and the commune's
// correspondent, or a technician, turns it into a request or dismisses it.
// Both go through the outbox, so they work offline. The server checks
// them when the change arrives.

import { ApiError } from '../api.js';
import { categoriesFor } from '../charter.js';
import { all, remove } from '../db.js';
import { h } from '../dom.js';
import { field, localFormActions, onSubmit } from '../forms.js';
import { formatDateTime, t } from '../i18n.js';
import { convertReportChange, dismissReportChange, keepLocalRequest, problemReports } from '../requests.js';
import { navigate, rerender } from '../router.js';
import { currentUser } from '../session.js';
import { backLink } from './fleet.js';
import { assetTitle } from './names.js';
import { categoryName } from './work-names.js';
import { redrawUnlessTyping, saveChanges } from './work-save.js';

export async function problemReportsScreen({ query }) {
  const showAll = query.get('status') === 'all';
  const [reports, assets, sites] = await Promise.all([problemReports(), all('assets'), all('sites')]);
  const assetOf = new Map(assets.map((a) => [a.id, a]));
  const siteOf = new Map(sites.map((s) => [s.id, s]));
  const chosen = reports.find((r) => r.id === query.get('report'));
  let shown = showAll ? reports : reports.filter((r) => r.status === 'new');
  if (chosen) shown = [chosen];
  const mayHandle = Boolean(chosen) && currentUser()?.role !== 'committee';
  const title = t('problem_reports_title');

  return {
    title,
    body: [
      chosen ? backLink('/problem-reports', title) : null,
      h('h1', null, title),
      h('p', null, t('problem_reports_intro')),
      chosen ? null : h('div', { class: 'actions' },
        h('a', { id: 'reports-filter', href: showAll ? '/problem-reports' : '/problem-reports?status=all', class: 'button' },
          showAll ? t('reports_show_new') : t('reports_show_all'))),
      shown.length
        ? h('ul', { id: 'report-list', class: 'sync-list' }, shown.map((r) => reportItem(r, assetOf.get(r.asset_id), siteOf.get(r.site_id), mayHandle)))
        : h('p', { id: 'reports-empty' }, showAll ? t('problem_reports_none') : t('problem_reports_none_new')),
    ],
    refresh: redrawUnlessTyping(rerender),
  };
}

function reportItem(report, asset, site, mayHandle) {
  const heading = `report-${report.id}-title`;
  const assetName = asset ? [asset.tag, assetTitle(asset)].filter(Boolean).join(' · ') : t('reports_asset_unknown');
  const handle = report.status === 'new' && !mayHandle && currentUser()?.role !== 'committee'
    ? h('p', null, h('a', { id: `report-${report.id}-handle`, href: `/problem-reports?report=${report.id}`, class: 'button primary', 'aria-describedby': heading }, t('reports_handle')))
    : null;
  return h('li', { class: 'card sync-item', dataset: { reportId: report.id, status: report.status } },
    h('h2', { id: heading }, `${assetName} — ${site?.name ?? ''}`),
    h('p', { class: 'detail' }, t('reports_from', { name: report.reporter_name, when: formatDateTime(report.created_at) })),
    h('p', { class: 'comment-body' }, report.description),
    report.status === 'converted' ? h('p', null, h('a', { href: `/requests/${report.request_id}` }, t('reports_converted'))) : null,
    report.status === 'dismissed' ? h('p', { class: 'detail' }, t('reports_dismissed', { reason: report.dismissed_reason })) : null,
    handle,
    report.status === 'new' && mayHandle ? [convertForm(report, site), dismissForm(report)] : null);
}

function convertForm(report, site) {
  const { groups } = categoriesFor(site?.kind);
  const form = h('form', { id: 'report-convert', class: 'form', novalidate: true, 'aria-labelledby': 'report-convert-title' },
    h('h3', { id: 'report-convert-title' }, t('reports_convert')),
    field({
      name: 'category', label: t('request_category'), kind: 'select', required: true,
      options: [['', t('choose')], ...groups.flatMap((g) => g.codes.map((code) => [code, categoryName(code)]))],
    }),
    field({ name: 'urgency', label: t('request_urgency'), kind: 'select', value: 'normal',
      options: [['normal', t('urgency_normal')], ['blocking', t('urgency_blocking')]] }),
    localFormActions(t('reports_convert')));
  onSubmit(form, async (v) => {
    if (!v.category) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), { category: t('request_category_missing') });
    const { change, request } = convertReportChange(report, { category: v.category, urgency: v.urgency });
    await keepLocalRequest(request);
    try {
      await saveChanges([change]);
    } catch (err) {
      await remove('requests', request.id);
      throw err;
    }
    await navigate(`/requests/${request.id}`);
  });
  return form;
}

function dismissForm(report) {
  const form = h('form', { id: 'report-dismiss', class: 'form', novalidate: true, 'aria-labelledby': 'report-dismiss-title' },
    h('h3', { id: 'report-dismiss-title' }, t('reports_dismiss')),
    field({ name: 'reason', label: t('reports_dismiss_reason'), kind: 'textarea', required: true, attrs: { maxlength: 1000 } }),
    localFormActions(t('reports_dismiss')));
  onSubmit(form, async (v) => {
    if (!v.reason) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), { reason: t('reports_dismiss_missing') });
    await saveChanges([dismissReportChange(report, v.reason)]);
    await navigate('/problem-reports', { replace: true });
  }, { dismissed_reason: 'reason' });
  return form;
}
