// The yearly preventive-maintenance round (« Maintenance préventive »):
// the campaign's coverage per commune, from the server, and the visits of
// the sites, from the device, with the form that plans one. A technician
// opens the year's campaign offline too.

import { ApiError } from '../api.js';
import { all } from '../db.js';
import { parisYear } from '../days.js';
import { h } from '../dom.js';
import { field, localFormActions, onSubmit } from '../forms.js';
import { compareNames, formatDate, formatDateTime, formatNumber, t } from '../i18n.js';
import { uuidv7 } from '../ids.js';
import { allVisits, latestCampaign, newVisitChange, openCampaignChange } from '../maintenance.js';
import { rerender } from '../router.js';
import { isTechnician } from '../session.js';
import { visitStatusName } from './work-names.js';
import { errorText, redrawUnlessTyping, refreshAfterSave, saveChanges } from './work-save.js';

export async function maintenanceScreen() {
  const [visits, sites, communes, checks] = await Promise.all([allVisits(), all('sites'), all('communes'), all('maintenance_checks')]);
  const siteOf = new Map(sites.map((s) => [s.id, s]));
  const communeNames = new Map(communes.map((c) => [c.id, c.name]));
  const title = t('maintenance_title');
  const place = (siteID) => `${siteOf.get(siteID)?.name ?? ''} — ${communeNames.get(siteOf.get(siteID)?.commune_id) ?? ''}`;

  return {
    title,
    body: [
      h('h1', null, title),
      h('p', null, t('maintenance_intro')),
      campaignCard(),
      h('section', { 'aria-labelledby': 'visits-title' },
        h('h2', { id: 'visits-title' }, t('maintenance_visits')),
        visits.length
          ? h('ul', { id: 'visit-list', class: 'list' }, visits.map((visit) => h('li', { dataset: { visitId: visit.id, status: visit.status } },
            h('a', { href: `/maintenance/visits/${visit.id}` },
              h('span', { class: 'list-text' },
                h('span', { class: 'list-title' }, place(visit.site_id)),
                h('span', { class: 'list-detail' }, [formatDate(visit.planned_for), visitStatusName(visit.status),
                  t('visit_checked_count', { count: checks.filter((c) => c.visit_id === visit.id && c.done).length })].join(' · ')))))))
          : h('p', { id: 'visits-empty' }, t('maintenance_no_visit'))),
      isTechnician() ? planForm(sites, communeNames) : null,
    ],
    refresh: redrawUnlessTyping(rerender),
  };
}

/** Builds the card of the campaign's coverage, filled in when the server responds. */
function campaignCard() {
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'detail' }, t('time_loading')));
  const card = h('section', { id: 'maintenance-campaign', class: 'card', 'aria-labelledby': 'campaign-title' },
    h('h2', { id: 'campaign-title' }, t('maintenance_campaign')), body);
  latestCampaign().then(({ campaign, read_at: readAt, offline }) => {
    const note = offline ? h('p', { class: 'note' }, readAt ? t('time_offline', { when: formatDateTime(readAt) }) : t('time_offline_never')) : null;
    body.replaceChildren(...(campaign ? coverage(campaign) : noCampaign()), note ?? '');
  }).catch((err) => {
    body.replaceChildren(h('p', { class: 'error' }, err instanceof ApiError ? err.message : t('time_failed')));
  }).finally(() => body.removeAttribute('aria-busy'));
  return card;
}

function coverage(campaign) {
  const line = (id, name, counts) => {
    const text = t('maintenance_coverage', { name, done: counts.done, total: counts.in_scope, percent: counts.percent === null ? '—' : formatNumber(counts.percent) });
    return h('li', { class: 'time-line', dataset: { communeId: id ?? '', done: counts.done, inScope: counts.in_scope } },
      h('span', { id: `coverage-${id ?? 'total'}` }, text),
      h('progress', { max: Math.max(counts.in_scope, 1), value: counts.done, 'aria-labelledby': `coverage-${id ?? 'total'}` }));
  };
  if (!campaign.total) {
    return [
      h('p', { id: 'campaign-year' }, t('maintenance_campaign_year', { year: String(campaign.year) })),
      h('p', { id: 'campaign-on-device', class: 'note' }, t('campaign_on_device')),
    ];
  }
  return [
    h('p', { id: 'campaign-year' }, t('maintenance_campaign_year', { year: String(campaign.year) })),
    h('ul', { id: 'campaign-coverage', class: 'list time-lines' },
      (campaign.communes ?? []).map((c) => line(c.commune_id, c.name, c)),
      campaign.total ? line(null, t('maintenance_total'), campaign.total) : null),
  ];
}

function noCampaign() {
  const year = parisYear();
  const message = h('p', { id: 'campaign-open-error', class: 'error', role: 'alert' });
  const open = isTechnician()
    ? h('button', { id: 'campaign-open', type: 'button', class: 'button primary', onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        await saveChanges([openCampaignChange(year)]);
      } catch (err) {
        message.textContent = errorText(err);
        button.disabled = false;
        return;
      }
      await rerender();
    } }, t('maintenance_campaign_open', { year: String(year) }))
    : null;
  return [h('p', { id: 'campaign-none' }, t('maintenance_no_campaign')), open, message];
}

function planForm(sites, communeNames) {
  const options = sites.filter((s) => !s.archived_at)
    .map((s) => [s.id, `${communeNames.get(s.commune_id) ?? ''} — ${s.name}`])
    .sort((a, b) => compareNames(a[1], b[1]));
  const form = h('form', { id: 'visit-form', class: 'form', novalidate: true },
    field({ name: 'site_id', label: t('request_site'), kind: 'select', required: true, options: [['', t('choose')], ...options] }),
    field({ name: 'planned_for', label: t('visit_planned_for'), kind: 'date', required: true, hint: t('visit_planned_for_hint') }),
    field({ name: 'note', label: t('visit_note'), kind: 'textarea', attrs: { maxlength: 1000 } }),
    localFormActions(t('visit_plan')));
  onSubmit(form, async (v) => {
    const faults = {};
    if (!v.site_id) faults.site_id = t('request_site_missing');
    if (!v.planned_for) faults.planned_for = t('visit_planned_for_missing');
    if (Object.keys(faults).length) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), faults);
    await saveChanges([newVisitChange({ id: uuidv7(), site_id: v.site_id, planned_for: v.planned_for, note: v.note })]);
    await refreshAfterSave(form, { clear: true });
  });
  return h('section', { class: 'card', 'aria-labelledby': 'visit-form-title' }, h('h2', { id: 'visit-form-title' }, t('visit_plan_title')), form);
}
