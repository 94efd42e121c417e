// The service's settings: organisation, labels, e-mail, holidays, loans
// and retention. They live on the server only, so the screen needs the
// network. Technicians edit them, and committee members see them
// read-only. A setting that a PARC_* variable sets on the server cannot
// be changed here.

import { api, ApiError, apiUpload, NetworkError } from '../api.js';
import { h } from '../dom.js';
import { changes, clearErrors, field, formActions, parseDecimal } from '../forms.js';
import { formatDate, formatNumber, t } from '../i18n.js';
import { navigate } from '../router.js';
import { isTechnician } from '../session.js';
import { backLink } from './fleet.js';
import { growthEditor } from './growth-setting.js';
import { showToast } from './toast.js';

// Limits the server enforces (server/settings/patch.go), repeated here
// for the controls' min and max and the hints.
const MAX_OFFSET_MM = 5;
const MAX_LOAN_DAYS = 365;
const MIN_RETENTION_DAYS = 30;
const MAX_RETENTION_DAYS = 3650;
const MAX_LABEL_OWNER = 80;
const MAX_NAME = 200;

const RETENTION_PERIODS = ['public_reports_days', 'photos_days', 'signatures_days', 'audit_details_days'];

// The screen's sections and the settings in each, in order.
const SECTIONS = [
  ['settings_section_organisation', ['organisation_name', 'label_owner', 'base_url']],
  ['settings_section_labels', ['tag_prefix', 'label_calibration']],
  ['settings_section_email', ['smtp_url']],
  ['settings_section_holidays', ['school_holidays']],
  ['settings_section_loans', ['max_loan_days']],
  ['settings_section_reports', ['fleet_growth_percent']],
  ['settings_section_retention', ['retention']],
];

export async function serviceSettingsScreen() {
  const path = location.pathname;
  const title = t('service_settings_title');
  const heading = h('h1', null, title);
  const top = [backLink('/admin', t('admin_title')), heading];

  let settings;
  try {
    settings = (await api('/api/v1/settings')).settings;
  } catch (err) {
    return { title, body: [top, loadError(err)], refresh: null };
  }
  const templates = await labelTemplates(settings.label_calibration?.value);

  const editable = isTechnician();
  const editors = {};
  const sections = SECTIONS.map(([sectionTitle, keys]) => {
    const present = keys.filter((key) => settings[key]);
    if (!present.length) return null;
    const nodes = present.map((key) => {
      const item = settings[key];
      const locked = !editable || item.source === 'environment';
      editors[key] = EDITORS[key](key, item, locked, templates);
      const setting = h('div', { class: 'setting', dataset: { setting: key } }, editors[key].node);
      if (item.source === 'environment') {
        const noteID = `setting-${key}-env`;
        setting.append(h('p', { class: 'note', id: noteID }, t('settings_from_env', { env: item.env })));
        for (const control of setting.querySelectorAll('input, select, textarea')) {
          control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') ?? ''} ${noteID}`.trim());
        }
      }
      return setting;
    });
    const id = `section-${sectionTitle}`;
    return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, t(sectionTitle)), nodes);
  });

  const form = h('form', { id: 'settings-form', class: 'form', novalidate: true },
    editable ? sections : h('fieldset', { class: 'plain', disabled: true }, h('legend', { class: 'visually-hidden' }, title), sections),
    editable ? formActions(t('save')) : null);
  if (editable) form.addEventListener('submit', (event) => save(event, form, editors, path));

  return {
    title,
    body: [top, editable ? null : h('p', { class: 'note', id: 'settings-read-only' }, t('settings_read_only')), form],
    // The settings are not part of the local data, so a refresh of it
    // leaves the form and what the user typed alone.
    refresh: null,
  };
}

/** Explains why the settings could not be read. */
function loadError(err) {
  if (err instanceof NetworkError) return h('p', { class: 'note', id: 'settings-error' }, t('settings_offline'));
  if (err instanceof ApiError && err.status === 403) {
    return h('div', { class: 'note', id: 'settings-error' }, h('p', null, t('settings_forbidden')), h('p', { class: 'detail' }, err.message));
  }
  return h('p', { class: 'note error', id: 'settings-error', role: 'alert' }, err.message);
}

/**
 * Returns the label templates as [id, name] pairs, plus any template the
 * calibration names that the list lacks. Only technicians may list the
 * templates, so other roles see the template ids of the calibration.
 */
async function labelTemplates(calibration) {
  let list = [];
  try {
    list = (await api('/api/v1/label-templates')).items.map((template) => [template.id, template.name]);
  } catch (err) {
    if (!(err instanceof ApiError || err instanceof NetworkError)) throw err;
  }
  for (const id of Object.keys(calibration ?? {})) {
    if (!list.some(([known]) => known === id)) list.push([id, id]);
  }
  return list;
}

/**
 * Sends the changed settings only. Empty required numbers are caught
 * here, because an empty value would reach the server as null, which
 * puts back the default.
 */
async function save(event, form, editors, path) {
  event.preventDefault();
  const button = form.querySelector('button[type=submit]');
  clearErrors(form);

  const before = {};
  const next = {};
  const missing = {};
  for (const [key, editor] of Object.entries(editors)) {
    if (editor.locked) continue;
    const value = editor.read();
    if (value === undefined) {
      missing[key] = t('settings_required');
      continue;
    }
    before[key] = editor.before;
    next[key] = value;
  }
  if (Object.keys(missing).length) {
    showSettingErrors(form, new ApiError(422, 'invalid_fields', t('settings_check_fields'), missing));
    return;
  }
  // A typed password turns smtp_url into an object, so it counts as a
  // change even when the URL stays the same.
  const changed = changes(before, next);
  if (!Object.keys(changed).length) {
    form.querySelector('.form-summary').textContent = t('settings_nothing_changed');
    return;
  }

  button.disabled = true;
  try {
    await api('/api/v1/settings', { method: 'PATCH', body: changed });
  } catch (err) {
    showSettingErrors(form, err);
    return;
  } finally {
    button.disabled = false;
  }
  showToast(t('settings_saved'));
  await navigate(path, { replace: true });
}

/**
 * Shows the 422 messages, keyed by setting, under each setting's
 * controls, and the general message in the form's summary. The server
 * names only the setting, so in a group of controls the ones whose own
 * min, max, step or required fail are marked, or else the first one.
 */
function showSettingErrors(form, err) {
  clearErrors(form);
  const summary = form.querySelector('.form-summary');
  if (err instanceof ApiError) {
    for (const [key, message] of Object.entries(err.fields ?? {})) {
      const line = form.querySelector(`#field-${CSS.escape(key)}-error`);
      const setting = form.querySelector(`[data-setting="${CSS.escape(key)}"]`);
      if (!line || !setting) continue;
      line.textContent = message;
      const controls = [...setting.querySelectorAll('input, select, textarea')].filter((el) => !el.disabled);
      const invalid = controls.filter((el) => !el.validity.valid);
      for (const el of invalid.length ? invalid : controls.slice(0, 1)) el.setAttribute('aria-invalid', 'true');
    }
  }
  summary.textContent = err instanceof NetworkError ? t('form_offline') : err.message;
  (form.querySelector('[aria-invalid="true"]') ?? summary).focus();
}

/**
 * Returns the editor of a one-line text setting. hint is a catalogue key,
 * read when the screen is drawn so that it follows the language.
 */
function textEditor(attrs, { hint, hintParams, transform = (s) => s, kind = 'text' } = {}) {
  return (key, item, locked) => {
    const node = field({ name: key, label: t(`setting_${key}`), kind, value: item.value, hint: t(hint, hintParams), disabled: locked, attrs });
    const input = node.querySelector('input');
    return { node, locked, before: item.value ?? '', read: () => transform(input.value.trim()) };
  };
}

/** Reads a number control, or undefined when it is empty. */
function numberValue(input) {
  return input.value.trim() === '' ? undefined : Number(input.value);
}

const EDITORS = {
  organisation_name: textEditor({ maxlength: MAX_NAME, autocomplete: 'organization' }, { hint: 'setting_organisation_name_hint' }),
  label_owner: textEditor({ maxlength: MAX_LABEL_OWNER, autocomplete: 'off' }, { hint: 'setting_label_owner_hint', hintParams: { max: MAX_LABEL_OWNER } }),
  base_url: textEditor({ autocomplete: 'url', inputmode: 'url', spellcheck: 'false', placeholder: 'https://' }, {
    kind: 'url',
    hint: 'setting_base_url_hint',
    transform: (s) => s.replace(/\/+$/, ''),
  }),
  tag_prefix: textEditor({ maxlength: 3, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', pattern: '[A-Za-z]{1,3}', class: 'short' }, {
    hint: 'setting_tag_prefix_hint',
    transform: (s) => s.toUpperCase(),
  }),
  smtp_url: smtpEditor,
  label_calibration: calibrationEditor,
  school_holidays: holidaysEditor,
  max_loan_days: (key, item, locked) => {
    const node = field({ name: key, label: t('setting_max_loan_days'), kind: 'number', value: item.value, hint: t('setting_max_loan_days_hint', { max: MAX_LOAN_DAYS }), disabled: locked, attrs: { min: 1, max: MAX_LOAN_DAYS, step: 1, inputmode: 'numeric', class: 'short' } });
    const input = node.querySelector('input');
    return { node, locked, before: item.value, read: () => numberValue(input) };
  },
  retention: retentionEditor,
  fleet_growth_percent: growthEditor,
};

/**
 * Builds the mail server's editor: its URL without the password, and a
 * password control that is never filled in. The server keeps the stored
 * password when the URL comes without one. {"url", "password"} replaces
 * it, and an empty password removes it.
 */
function smtpEditor(key, item, locked) {
  const value = item.value ?? { url: '', password_set: false };
  const url = field({
    name: key, label: t('setting_smtp_url'), kind: 'url', value: value.url, hint: t('setting_smtp_url_hint'), disabled: locked,
    attrs: { autocomplete: 'off', inputmode: 'url', spellcheck: 'false', placeholder: 'smtp://' },
  });
  const password = field({
    name: 'smtp_password', label: t('setting_smtp_password'), kind: 'password', disabled: locked,
    hint: value.password_set ? t('setting_smtp_password_keep') : t('setting_smtp_password_hint'),
    attrs: { autocomplete: 'new-password', spellcheck: 'false' },
  });
  const remove = value.password_set
    ? field({ name: 'smtp_password_remove', label: t('setting_smtp_password_remove'), kind: 'checkbox', disabled: locked })
    : null;
  const urlInput = url.querySelector('input');
  const passwordInput = password.querySelector('input');
  const removeInput = remove?.querySelector('input');

  const node = h('div', null,
    url,
    value.password_set ? h('p', { class: 'badge password-set', id: 'smtp-password-set' }, t('setting_smtp_password_set')) : null,
    locked && item.source === 'environment' ? null : [password, remove]);
  return {
    node,
    locked,
    before: value.url,
    read: () => {
      const typed = passwordInput.value;
      if (removeInput?.checked) return { url: urlInput.value.trim(), password: '' };
      if (typed !== '') return { url: urlInput.value.trim(), password: typed };
      return urlInput.value.trim();
    },
  };
}

/** Builds the calibration editor: a row per label template with the printer's offsets in mm. */
function calibrationEditor(key, item, locked, templates) {
  const value = item.value ?? {};
  const before = Object.fromEntries(templates.map(([id]) => [id, offsetOf(value[id])]));
  const rows = templates.map(([id, name], i) => {
    const offset = before[id];
    const input = (axis, label) => {
      const inputID = `calibration-${i}-${axis}`;
      return h('div', { class: 'field' },
        h('label', { for: inputID }, label),
        h('input', {
          // A text field, because browsers drop a decimal comma typed into
          // type=number.
          id: inputID, type: 'text', value: formatNumber(offset[`offset_${axis}_mm`]), autocomplete: 'off',
          inputmode: 'decimal', disabled: locked, dataset: { template: id, axis }, 'aria-describedby': 'field-label_calibration-error',
        }));
    };
    return h('fieldset', { class: 'calibration-row' },
      h('legend', null, name),
      h('div', { class: 'pair' }, input('x', t('setting_offset_x')), input('y', t('setting_offset_y'))));
  });
  const node = h('fieldset', { class: 'field plain' },
    h('legend', { class: 'group-title' }, t('setting_label_calibration')),
    h('p', { class: 'detail' }, t('setting_label_calibration_hint', { max: MAX_OFFSET_MM })),
    rows.length ? rows : h('p', null, t('setting_label_calibration_none')),
    h('p', { id: 'field-label_calibration-error', class: 'error', role: 'alert' }));
  return {
    node,
    locked,
    before,
    read: () => {
      const out = {};
      for (const [id] of templates) out[id] = { offset_x_mm: 0, offset_y_mm: 0 };
      for (const input of node.querySelectorAll('input[data-template]')) {
        // An unreadable value goes as typed, and the server names it.
        const number = parseDecimal(input.value);
        out[input.dataset.template][`offset_${input.dataset.axis}_mm`] = number === null ? 0 : Number.isNaN(number) ? input.value : number;
      }
      return out;
    },
  };
}

function offsetOf(offset) {
  return { offset_x_mm: offset?.offset_x_mm ?? 0, offset_y_mm: offset?.offset_y_mm ?? 0 };
}

/**
 * Builds the school holidays' editor: an editable list of ranges and an
 * import from an iCalendar file. The server reads the file and returns
 * its ranges, which replace the list once the user confirms.
 */
function holidaysEditor(key, item, locked) {
  const before = (item.value ?? []).map(({ name, start, end }) => ({ name, start, end }));
  const list = h('ol', { class: 'holiday-list', id: 'holiday-list' });
  const empty = h('p', { id: 'holidays-empty' }, t('setting_holidays_none'));
  const preview = h('div', { id: 'holiday-import-area' });

  const refreshList = () => {
    renumber(list);
    empty.hidden = list.children.length > 0;
  };
  const addRow = (holiday, focus) => {
    const row = holidayRow(holiday, locked, () => {
      const next = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      refreshList();
      (next?.querySelector('input') ?? addButton)?.focus();
    });
    list.append(row);
    refreshList();
    if (focus) row.querySelector('input').focus();
  };
  const replaceAll = (holidays) => {
    list.replaceChildren();
    for (const holiday of holidays) addRow(holiday, false);
    refreshList();
  };

  const addButton = locked ? null : h('button', {
    type: 'button', class: 'button', id: 'holiday-add',
    onclick: () => addRow({ name: '', start: '', end: '' }, true),
  }, t('setting_holiday_add'));

  const fileInput = locked ? null : h('input', {
    id: 'holiday-import', type: 'file', accept: '.ics,text/calendar', 'aria-describedby': 'holiday-import-hint',
    onchange: (event) => importFile(event.currentTarget, preview, replaceAll),
  });

  for (const holiday of before) addRow(holiday, false);
  const node = h('fieldset', { class: 'field plain' },
    // The section's heading already names the list.
    h('legend', { class: 'visually-hidden' }, t('setting_school_holidays')),
    h('p', { class: 'detail' }, t('setting_school_holidays_hint')),
    list,
    empty,
    h('p', { id: 'field-school_holidays-error', class: 'error', role: 'alert' }),
    addButton ? h('div', { class: 'actions' }, addButton) : null,
    fileInput ? h('div', { class: 'field' },
      h('label', { for: 'holiday-import' }, t('setting_holidays_import')),
      h('p', { class: 'detail', id: 'holiday-import-hint' }, t('setting_holidays_import_hint')),
      fileInput) : null,
    preview);
  return {
    node,
    locked,
    before,
    read: () => [...list.children].map((row) => ({
      name: row.querySelector('[data-part=name]').value.trim(),
      start: row.querySelector('[data-part=start]').value,
      end: row.querySelector('[data-part=end]').value,
    })),
  };
}

/** Builds the row of one range of holidays: its name, first and last day, and a remove button. */
function holidayRow(holiday, locked, onRemove) {
  const part = (name, kind, label, value, attrs) => h('div', { class: 'field' },
    h('label', { dataset: { for: name } }, label),
    h('input', { type: kind, value, required: true, disabled: locked, dataset: { part: name }, 'aria-describedby': 'field-school_holidays-error', ...attrs }));
  return h('li', { class: 'holiday-row' },
    h('fieldset', null,
      h('legend', null),
      h('div', { class: 'holiday-fields' },
        part('name', 'text', t('setting_holiday_name'), holiday.name, { maxlength: MAX_NAME, autocomplete: 'off' }),
        h('div', { class: 'pair' },
          part('start', 'date', t('setting_holiday_start'), holiday.start),
          part('end', 'date', t('setting_holiday_end'), holiday.end)),
        locked ? null : h('button', { type: 'button', class: 'button danger', onclick: onRemove }, t('setting_holiday_remove')))));
}

/** Gives the rows their number, ids and label links again after a change. */
function renumber(list) {
  [...list.children].forEach((row, i) => {
    row.querySelector('legend').textContent = t('setting_holiday_legend', { n: i + 1 });
    for (const label of row.querySelectorAll('label[data-for]')) {
      const id = `holiday-${i}-${label.dataset.for}`;
      label.htmlFor = id;
      row.querySelector(`[data-part=${label.dataset.for}]`).id = id;
    }
  });
}

/** Sends the chosen iCalendar file to the server and shows the ranges it found. */
async function importFile(input, preview, replaceAll) {
  const file = input.files[0];
  if (!file) return;
  preview.replaceChildren(h('p', { role: 'status' }, t('setting_holidays_reading', { file: file.name })));
  let ranges;
  try {
    const answer = await apiUpload('/api/v1/settings/school-holidays/import', await file.text(), 'text/calendar');
    ranges = answer.ranges ?? [];
  } catch (err) {
    // A file that the server reads but rejects comes back as a 422 with
    // the reason under the field "file".
    const message = err instanceof NetworkError ? t('form_offline') : err.fields?.file ?? err.message;
    preview.replaceChildren(h('p', { class: 'error', role: 'alert', id: 'holiday-import-error' }, message));
    return;
  } finally {
    input.value = '';
  }

  const close = () => {
    preview.replaceChildren();
    input.focus();
  };
  const title = h('h3', { tabindex: '-1' }, t('setting_holidays_found', { count: ranges.length, file: file.name }));
  preview.replaceChildren(h('div', { class: 'import-preview', id: 'holiday-import-preview' },
    title,
    ranges.length ? h('ul', null, ranges.map((range) => h('li', null,
      t('setting_holiday_range', { name: range.name, start: formatDate(range.start), end: formatDate(range.end) })))) : null,
    ranges.length ? h('p', null, t('setting_holidays_replace_text')) : null,
    h('div', { class: 'actions' },
      ranges.length ? h('button', {
        type: 'button', class: 'button primary', id: 'holiday-import-confirm',
        onclick: () => {
          replaceAll(ranges);
          preview.replaceChildren(h('p', { role: 'status' }, t('setting_holidays_replaced', { count: ranges.length })));
          document.getElementById('holiday-list').querySelector('input')?.focus();
        },
      }, t('setting_holidays_replace')) : null,
      h('button', { type: 'button', class: 'button', id: 'holiday-import-cancel', onclick: close }, t('cancel')))));
  title.focus();
}

/** Builds the editor of how long each kind of personal data is kept, in days. */
function retentionEditor(key, item, locked) {
  const value = item.value ?? {};
  const inputs = RETENTION_PERIODS.map((period) => {
    const node = field({
      name: `retention.${period}`, label: t(`setting_retention_${period}`), kind: 'number', value: value[period],
      hint: t(`setting_retention_${period}_hint`), disabled: locked,
      attrs: { min: MIN_RETENTION_DAYS, max: MAX_RETENTION_DAYS, step: 1, inputmode: 'numeric', class: 'short', 'aria-describedby': `field-retention.${period}-hint field-retention-error` },
    });
    return [period, node];
  });
  const node = h('fieldset', { class: 'field plain' },
    h('legend', { class: 'visually-hidden' }, t('setting_retention')),
    h('p', { class: 'detail' }, t('setting_retention_hint', { min: MIN_RETENTION_DAYS, max: MAX_RETENTION_DAYS })),
    inputs.map(([, field]) => field),
    h('p', { id: 'field-retention-error', class: 'error', role: 'alert' }));
  return {
    node,
    locked,
    before: Object.fromEntries(RETENTION_PERIODS.map((period) => [period, value[period]])),
    read: () => {
      const out = {};
      for (const [period, field] of inputs) {
        const number = numberValue(field.querySelector('input'));
        if (number === undefined) return undefined;
        out[period] = number;
      }
      return out;
    },
  };
}
