// The form of a new request (« Nouvelle demande »). It shows the
// service's scope before the user submits: the categories the service
// covers at the chosen site, and those it leaves to others with who
// handles them, and takes photos. The request and its photos go through
// the outbox, so the form works offline.

import { ApiError } from '../api.js';
import { categoriesFor, siteOutOfScope } from '../charter.js';
import { all, byIndex, get } from '../db.js';
import { h } from '../dom.js';
import { field, localFormActions, onSubmit } from '../forms.js';
import { compareNames, t } from '../i18n.js';
import { uuidv7 } from '../ids.js';
import { isBeforeXP } from '../os.js';
import { queueChanges } from '../outbox.js';
import { newRequestChange } from '../requests.js';
import { navigate } from '../router.js';
import { currentUser } from '../session.js';
import { assetTitle } from './names.js';
import { missing } from './not-found.js';
import { newRequestPhotos } from './request-photos.js';
import { scanField } from './scan-field.js';
import { categoryName } from './work-names.js';
import { saveChanges } from './work-save.js';

export async function requestNewScreen({ query }) {
  if (currentUser()?.role === 'committee') return missing(t('request_new_title'), t('request_committee_text'));
  const [sites, communes] = await Promise.all([all('sites'), all('communes')]);
  const communeOf = new Map(communes.map((c) => [c.id, c]));
  const choices = sites.filter((s) => !s.archived_at)
    .map((s) => ({ site: s, label: `${communeOf.get(s.commune_id)?.name ?? ''} — ${s.name}` }))
    .sort((a, b) => compareNames(a.label, b.label));
  const preset = query.get('asset') ? await get('assets', query.get('asset')) : undefined;
  const id = uuidv7();
  const title = t('request_new_title');

  const siteSelect = h('select', { id: 'field-site_id', name: 'site_id', required: true, 'aria-describedby': 'request-site-warning field-site_id-error' },
    h('option', { value: '' }, t('choose')),
    choices.map(({ site, label }) => h('option', { value: site.id, selected: site.id === (preset?.site_id ?? query.get('site')) }, label)));
  const assetSelect = h('select', { id: 'field-asset_id', name: 'asset_id', 'aria-describedby': 'request-os-warning field-asset_id-error' });
  const categorySelect = h('select', { id: 'field-category', name: 'category', required: true, 'aria-describedby': 'request-category-help field-category-error' });
  const categoryHelp = h('p', { id: 'request-category-help', class: 'detail', 'aria-live': 'polite' });
  const siteWarning = h('p', { id: 'request-site-warning', class: 'warning', role: 'note', hidden: '' });
  const osWarning = h('p', { id: 'request-os-warning', class: 'warning', role: 'note', hidden: '' });
  const excluded = h('ul', { id: 'request-out-of-scope', class: 'scope-list' });

  const site = () => choices.find((c) => c.site.id === siteSelect.value)?.site;
  const asset = async () => (assetSelect.value ? get('assets', assetSelect.value) : undefined);

  const showSite = async (assetID) => {
    const chosen = site();
    const assets = chosen ? (await byIndex('assets', 'site_id', chosen.id)).filter((a) => !a.archived_at) : [];
    assets.sort((a, b) => compareNames(a.tag ?? '~', b.tag ?? '~'));
    assetSelect.replaceChildren(h('option', { value: '' }, t('request_no_asset')),
      ...assets.map((a) => h('option', { value: a.id, selected: a.id === assetID }, [a.tag, assetTitle(a)].filter(Boolean).join(' · '))));
    const outside = siteOutOfScope(chosen, communeOf.get(chosen?.commune_id));
    siteWarning.hidden = !outside;
    siteWarning.textContent = outside ? t('request_site_own_server') : '';
    fillCategories(categorySelect, excluded, chosen?.kind);
    await showAsset();
  };
  const showAsset = async () => {
    const chosen = await asset();
    const old = isBeforeXP(chosen?.os);
    osWarning.hidden = !old;
    osWarning.textContent = old ? t('request_asset_before_xp', { os: chosen.os }) : '';
  };
  const showHelp = () => {
    categoryHelp.textContent = categorySelect.value ? t(`category_help_${categorySelect.value}`) : t('request_category_hint');
  };
  siteSelect.addEventListener('change', () => showSite(''));
  assetSelect.addEventListener('change', showAsset);
  categorySelect.addEventListener('change', showHelp);

  const photos = newRequestPhotos();
  const scanner = scanField({
    id: 'request-scan', label: t('request_scan_label'), hint: t('request_scan_hint'), submitLabel: t('scan_field_submit'),
    onAsset: async (found) => {
      if (!choices.some((c) => c.site.id === found.site_id)) return { kind: 'elsewhere', text: t('request_scan_other', { tag: found.tag }) };
      siteSelect.value = found.site_id;
      await showSite(found.id);
      return { kind: 'seen', text: t('request_scan_chosen', { asset: `${found.tag} · ${assetTitle(found)}` }) };
    },
  });

  const form = h('form', { id: 'request-form', class: 'form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'field-site_id' }, t('request_site'), requiredMark()), siteSelect,
      h('p', { id: 'field-site_id-error', class: 'error', role: 'alert' })),
    siteWarning,
    h('div', { class: 'field' }, h('label', { for: 'field-asset_id' }, t('request_asset')), assetSelect,
      h('p', { id: 'field-asset_id-error', class: 'error', role: 'alert' })),
    osWarning,
    h('div', { class: 'field' }, h('label', { for: 'field-category' }, t('request_category'), requiredMark()), categoryHelp, categorySelect,
      h('p', { id: 'field-category-error', class: 'error', role: 'alert' })),
    h('section', { class: 'scope', 'aria-labelledby': 'request-out-of-scope-title' },
      h('h2', { id: 'request-out-of-scope-title' }, t('request_out_of_scope_title')),
      h('p', { class: 'detail' }, t('request_out_of_scope_intro')), excluded),
    urgencyField(),
    field({ name: 'description', label: t('request_description'), kind: 'textarea', required: true, hint: t('request_description_hint'), attrs: { maxlength: 4000 } }),
    photos.element,
    localFormActions(t('request_submit')));

  onSubmit(form, async (v) => {
    const urgency = form.querySelector('input[name="urgency"]:checked')?.value ?? '';
    refuseLocally({ ...v, urgency }, site(), await asset(), communeOf);
    const fields = { id, site_id: v.site_id, asset_id: v.asset_id || null, category: v.category, urgency, description: v.description };
    await saveChanges([newRequestChange(fields)]);
    // The photos follow the request without holding up the form: a photo
    // that the server rejects shows on the sync screen.
    await queueChanges(photos.changes({ id }));
    await navigate(`/requests/${id}`, { replace: true });
  });

  await showSite(preset?.id ?? '');
  showHelp();
  return {
    title,
    body: [h('h1', null, title), h('p', null, t('request_new_intro')), scanner.element, form],
    refresh: null,
  };
}

const requiredMark = () => h('span', { class: 'required', 'aria-hidden': 'true' }, ' *');

/** Fills the category select by group and the list of what the service leaves to others. */
function fillCategories(select, excluded, siteKind) {
  const previous = select.value;
  const { groups, excluded: others } = categoriesFor(siteKind);
  select.replaceChildren(h('option', { value: '' }, t('choose')),
    ...groups.map((group) => h('optgroup', { label: t(`category_group_${group.key}`) },
      group.codes.map((code) => h('option', { value: code, selected: code === previous }, categoryName(code))))));
  excluded.replaceChildren(...others.map((code) => h('li', { dataset: { category: code } },
    h('span', { class: 'list-title' }, categoryName(code)), ' ',
    h('span', { class: 'detail' }, t(`category_who_${code}`)))));
}

function urgencyField() {
  const option = (value, checked) => h('label', { class: 'radio' },
    h('input', { type: 'radio', name: 'urgency', value, checked, id: `urgency-${value}`, 'aria-describedby': `urgency-${value}-hint` }),
    h('span', null, h('span', { class: 'list-title' }, t(`urgency_${value}`)), h('span', { id: `urgency-${value}-hint`, class: 'list-detail' }, t(`urgency_${value}_hint`))));
  return h('fieldset', { class: 'plain', 'aria-describedby': 'field-urgency-error' },
    h('legend', null, t('request_urgency')),
    option('blocking', false), option('normal', true),
    h('p', { id: 'field-urgency-error', class: 'error', role: 'alert' }));
}

/**
 * Throws the 422 that the server would return for a request it cannot
 * take, so that the form shows the reason before the request leaves the
 * device.
 */
function refuseLocally(v, site, asset, communeOf) {
  const fields = {};
  if (!v.site_id) fields.site_id = t('request_site_missing');
  else if (siteOutOfScope(site, communeOf.get(site.commune_id))) fields.site_id = t('request_site_own_server');
  if (asset && isBeforeXP(asset.os)) fields.asset_id = t('request_asset_before_xp', { os: asset.os });
  if (!v.category) fields.category = t('request_category_missing');
  if (!v.urgency) fields.urgency = t('request_urgency_missing');
  if (!v.description) fields.description = t('request_description_missing');
  if (Object.keys(fields).length) throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), fields);
}
