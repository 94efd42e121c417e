// Creating and editing communes, sites, rooms and assets, for technicians.
// Communes and sites are written to the server, so they need the network;
// the server's response is stored in IndexedDB at once. Rooms and assets
// go through the outbox (fleet-save.js), so they work offline too.

import { api, ApiError, NetworkError } from '../api.js';
import { all, byIndex, get, put, remove } from '../db.js';
import { h } from '../dom.js';
import { changes, field, formActions, localFormActions, onSubmit, showErrors } from '../forms.js';
import { compareNames, t } from '../i18n.js';
import { uuidv7 } from '../ids.js';
import { rejectedOp } from '../outbox.js';
import { navigate } from '../router.js';
import { isTechnician } from '../session.js';
import { confirmDialog } from './dialog.js';
import { archiveRecord, rejection, saveRecord } from './fleet-save.js';
import { missing } from './not-found.js';
import { assetKindName, assetStatusName, communeKindName, siteKindName } from './names.js';
import { backLink } from './fleet.js';

const COMMUNE_KINDS = ['commune', 'intercommunality'];
const SITE_KINDS = ['school', 'town_hall', 'library', 'ccbe_office'];
const ASSET_KINDS = ['pc', 'laptop', 'printer', 'router', 'screen', 'interactive_whiteboard', 'tablet', 'other'];
const ASSET_STATUSES = ['in_service', 'broken', 'on_loan', 'in_stock', 'retired'];

/**
 * Reads the record to edit from the server, so the form starts from its
 * latest version; without signal, from the device.
 */
async function latest(collection, id) {
  try {
    return await api(`/api/v1/${collection}/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof NetworkError) return get(collection, id);
    if (err.status === 404 || err.status === 400) return undefined;
    throw err;
  }
}

/**
 * Returns the room or asset to edit as the device has it, its queued
 * changes included. A record that the device lacks (archived, or not
 * pulled yet) comes from the server.
 */
async function local(collection, id) {
  return (await get(collection, id)) ?? latest(collection, id);
}

/**
 * Returns what an outbox form works on: the record's id, made now for a
 * creation, the record as the form opens it, and the rejected op that
 * « Corriger » on the sync screen opened the form to correct.
 */
async function outboxTarget(entity, record, query) {
  const fixID = query.get('fix');
  const fixing = fixID ? await rejectedOp(fixID) : null;
  return { entity, id: record?.id ?? uuidv7(), before: record ?? null, fixing: fixing?.entity_id === record?.id ? fixing : null };
}

/**
 * Sends a create (POST) or an edit (PATCH with the version read), stores
 * the server's response locally and returns it.
 */
async function save(collection, before, next) {
  const saved = before
    ? await api(`/api/v1/${collection}/${before.id}`, { method: 'PATCH', body: { version: before.version, ...changes(before, next) } })
    : await api(`/api/v1/${collection}`, { method: 'POST', body: next });
  if (saved.archived_at) {
    await remove(collection, saved.id);
  } else {
    await put(collection, saved);
  }
  return saved;
}

/**
 * Builds a form screen: title, back link, fields, and for an existing record the
 * archive or restore button. On a 409 the form offers to start again from
 * the record as it is now.
 */
function formScreen({ title, back, fields, submitLabel, onSave, archive, fixing, offline = false }) {
  const conflict = h('div', { class: 'conflict', hidden: true });
  const actions = offline ? localFormActions : formActions;
  const form = h('form', { class: 'form', novalidate: true }, fields, actions(submitLabel, archive ?? null));
  // The reasons of the rejected change that the user came to correct.
  if (fixing) showErrors(form, rejection(fixing.error));
  form.onConflict = () => {
    conflict.hidden = false;
    conflict.replaceChildren(
      h('p', null, t('form_conflict')),
      h('button', { type: 'button', class: 'button', onclick: () => navigate(location.pathname + location.search, { replace: true }) }, t('form_conflict_reload')));
  };
  onSubmit(form, onSave, { allowance_minutes: 'allowance_hours' });
  // refresh: null keeps the form as the user is filling it when the local
  // data changes.
  return { title, body: [back, h('h1', null, title), conflict, form], refresh: null };
}

/**
 * Builds the archive (or restore) button of an edit form. entity names
 * the outbox entity of a room or an asset. Communes and sites have none
 * and are archived on the server directly.
 */
function archiveButton(collection, record, afterPath, entity) {
  const archived = Boolean(record.archived_at);
  return h('button', {
    type: 'button',
    id: 'archive-button',
    class: 'button danger',
    onclick: async (event) => {
      const form = event.currentTarget.form;
      if (!archived && !(await confirmDialog({
        id: 'archive-dialog', title: t('archive'), text: t('archive_confirm'),
        confirmLabel: t('archive'), cancelLabel: t('cancel'), danger: true,
      }))) return;
      try {
        if (entity) {
          await archiveRecord(entity, record, !archived);
        } else {
          await save(collection, record, { archived: !archived });
        }
        await navigate(afterPath, { replace: true });
      } catch (err) {
        // A refused archive names what is still active under fields.archived.
        const reasons = Object.values(err.fields ?? {});
        form.querySelector('.form-summary').textContent = reasons.length ? reasons.join(' ') : err.message;
      }
    },
  }, archived ? t('restore') : t('archive'));
}

/** Returns the screen a correspondent or committee member gets on a form's address. */
function technicianOnly() {
  return missing(t('technician_only_title'), t('technician_only_text'));
}

const options = (codes, name) => codes.map((code) => [code, name(code)]);

export async function communeEditScreen({ params }) {
  if (!isTechnician()) return technicianOnly();
  const commune = params.id ? await latest('communes', params.id) : null;
  if (params.id && !commune) return missing(t('commune_missing_title'), t('record_missing_text'));

  const hours = commune ? commune.allowance_minutes / 60 : '';
  return formScreen({
    title: commune ? t('commune_edit_title', { name: commune.name }) : t('commune_new_title'),
    back: commune ? backLink(`/communes/${commune.id}`, commune.name) : backLink('/communes', t('communes_title')),
    submitLabel: commune ? t('save') : t('create'),
    fields: [
      field({ name: 'name', label: t('commune_name'), value: commune?.name, required: true, attrs: { maxlength: 100, autocomplete: 'off' } }),
      field({ name: 'kind', label: t('commune_kind'), kind: 'select', value: commune?.kind ?? 'commune', options: options(COMMUNE_KINDS, communeKindName) }),
      field({ name: 'allowance_hours', label: t('commune_allowance_hours'), kind: 'decimal', value: hours, hint: t('commune_allowance_hint') }),
      field({ name: 'has_server', label: t('commune_has_server_field'), kind: 'checkbox', value: commune?.has_server, hint: t('commune_has_server_hint') }),
    ],
    archive: commune ? archiveButton('communes', commune, '/communes') : null,
    onSave: async (v) => {
      if (Number.isNaN(v.allowance_hours)) {
        const message = t('commune_allowance_invalid');
        throw new ApiError(422, 'invalid_allowance', message, { allowance_minutes: message });
      }
      const next = { name: v.name, kind: v.kind, has_server: v.has_server, allowance_minutes: v.allowance_hours === null ? 0 : Math.round(v.allowance_hours * 60) };
      const saved = await save('communes', commune, next);
      await navigate(`/communes/${saved.id}`, { replace: true });
    },
  });
}

export async function siteEditScreen({ params, query }) {
  if (!isTechnician()) return technicianOnly();
  const site = params.id ? await latest('sites', params.id) : null;
  if (params.id && !site) return missing(t('site_missing_title'), t('record_missing_text'));
  const communeID = site?.commune_id ?? query.get('commune');
  const commune = communeID ? await get('communes', communeID) : undefined;
  const communes = (await all('communes')).sort((a, b) => compareNames(a.name, b.name));

  return formScreen({
    title: site ? t('site_edit_title', { name: site.name }) : t('site_new_title'),
    back: site ? backLink(`/sites/${site.id}`, site.name) : commune ? backLink(`/communes/${commune.id}`, commune.name) : null,
    submitLabel: site ? t('save') : t('create'),
    fields: [
      field({ name: 'commune_id', label: t('asset_commune'), kind: 'select', value: communeID, required: true, options: [['', t('choose')], ...communes.map((c) => [c.id, c.name])] }),
      field({ name: 'name', label: t('site_name'), value: site?.name, required: true, attrs: { maxlength: 100, autocomplete: 'off' } }),
      field({ name: 'kind', label: t('site_kind'), kind: 'select', value: site?.kind ?? 'school', options: options(SITE_KINDS, siteKindName) }),
      field({ name: 'address', label: t('site_address'), kind: 'textarea', value: site?.address, attrs: { maxlength: 300 } }),
    ],
    archive: site ? archiveButton('sites', site, `/communes/${site.commune_id}`) : null,
    onSave: async (v) => {
      const saved = await save('sites', site, { ...v, address: v.address || null });
      await navigate(`/sites/${saved.id}`, { replace: true });
    },
  });
}

export async function roomEditScreen({ params, query }) {
  if (!isTechnician()) return technicianOnly();
  const room = params.id ? await local('rooms', params.id) : null;
  if (params.id && !room) return missing(t('room_missing_title'), t('record_missing_text'));
  const siteID = room?.site_id ?? query.get('site');
  const site = siteID ? await get('sites', siteID) : undefined;
  if (!site) return missing(t('site_missing_title'), t('record_missing_text'));
  const target = await outboxTarget('room', room, query);

  return formScreen({
    title: room ? t('room_edit_title', { name: room.name }) : t('room_new_title', { site: site.name }),
    back: room ? backLink(`/rooms/${room.id}`, room.name) : backLink(`/sites/${site.id}`, site.name),
    submitLabel: room ? t('save') : t('create'),
    fields: [
      h('input', { type: 'hidden', name: 'site_id', value: site.id }),
      field({ name: 'name', label: t('room_name'), value: room?.name, required: true, hint: t('room_name_hint'), attrs: { maxlength: 100, autocomplete: 'off' } }),
    ],
    archive: room ? archiveButton('rooms', room, `/sites/${room.site_id}`, 'room') : null,
    fixing: target.fixing,
    offline: true,
    onSave: async (v) => {
      const id = await saveRecord(target, v);
      await navigate(`/rooms/${id}`, { replace: true });
    },
  });
}

export async function assetEditScreen({ params, query }) {
  if (!isTechnician()) return technicianOnly();
  const asset = params.id ? await local('assets', params.id) : null;
  if (params.id && !asset) return missing(t('asset_missing_title'), t('record_missing_text'));
  const target = await outboxTarget('asset', asset, query);
  const siteID = asset?.site_id ?? query.get('site');
  const roomID = asset?.room_id ?? query.get('room') ?? '';
  const sites = await sitesByCommune();

  const roomField = field({ name: 'room_id', label: t('asset_room'), kind: 'select', value: roomID, options: await roomOptions(siteID) });
  const siteField = field({
    name: 'site_id', label: t('asset_site'), kind: 'select', value: siteID, required: true,
    options: [['', t('choose')], ...sites],
    attrs: { onchange: async (event) => {
      const select = roomField.querySelector('select');
      select.replaceChildren(...(await roomOptions(event.currentTarget.value)).map(([v, text]) => h('option', { value: v }, text)));
    } },
  });

  const title = asset ? t('asset_edit_title', { name: asset.tag ?? asset.model ?? '' }) : t('asset_new_title');
  return formScreen({
    title,
    back: asset ? backLink(`/assets/${asset.id}`, asset.tag ?? t('asset_untagged')) : siteID ? backLink(`/sites/${siteID}`, t('back_site')) : null,
    submitLabel: asset ? t('save') : t('create'),
    fields: [
      field({ name: 'tag', label: t('asset_tag'), value: asset?.tag ?? query.get('tag'), hint: t('asset_tag_hint'), attrs: { autocapitalize: 'characters', spellcheck: 'false', autocomplete: 'off', maxlength: 12, 'data-scan': 'fill' } }),
      field({ name: 'kind', label: t('asset_kind'), kind: 'select', value: asset?.kind ?? 'pc', options: options(ASSET_KINDS, assetKindName) }),
      field({ name: 'brand', label: t('asset_brand'), value: asset?.brand, attrs: { maxlength: 100 } }),
      field({ name: 'model', label: t('asset_model_only'), value: asset?.model, attrs: { maxlength: 100 } }),
      field({ name: 'serial', label: t('asset_serial'), value: asset?.serial, attrs: { maxlength: 100, spellcheck: 'false' } }),
      field({ name: 'status', label: t('asset_status'), kind: 'select', value: asset?.status ?? 'in_service', options: options(ASSET_STATUSES, assetStatusName) }),
      siteField,
      roomField,
      field({ name: 'os', label: t('asset_os'), value: asset?.os, hint: t('asset_os_hint'), attrs: { maxlength: 100 } }),
      field({ name: 'os_version', label: t('asset_os_version'), value: asset?.os_version, attrs: { maxlength: 100 } }),
      field({ name: 'purchase_date', label: t('asset_purchase_date'), kind: 'date', value: asset?.purchase_date }),
      field({ name: 'warranty_end', label: t('asset_warranty_end'), kind: 'date', value: asset?.warranty_end }),
      field({ name: 'recommended_model', label: t('asset_recommended_model'), value: asset?.recommended_model, attrs: { maxlength: 200 } }),
      field({ name: 'notes', label: t('asset_notes'), kind: 'textarea', value: asset?.notes, attrs: { maxlength: 4000 } }),
    ],
    archive: asset ? archiveButton('assets', asset, `/sites/${asset.site_id}`, 'asset') : null,
    fixing: target.fixing,
    offline: true,
    onSave: async (v) => {
      const next = { ...v, tag: v.tag ? v.tag.toUpperCase().replace(/\s/g, '') : null, room_id: v.room_id || null };
      const id = await saveRecord(target, next);
      await navigate(`/assets/${id}`, { replace: true });
    },
  });
}

/** Returns every site as [id, "Commune — Site"], sorted by commune then site. */
async function sitesByCommune() {
  const [communes, sites] = await Promise.all([all('communes'), all('sites')]);
  const names = new Map(communes.map((c) => [c.id, c.name]));
  return sites
    .map((s) => [s.id, `${names.get(s.commune_id) ?? ''} — ${s.name}`])
    .sort((a, b) => compareNames(a[1], b[1]));
}

/** Returns the rooms of a site as select options, after "no room". */
async function roomOptions(siteID) {
  const rooms = siteID ? await byIndex('rooms', 'site_id', siteID) : [];
  return [['', t('asset_no_room')], ...rooms.sort((a, b) => compareNames(a.name, b.name)).map((r) => [r.id, r.name])];
}
