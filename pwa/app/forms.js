// Form building blocks for the administration screens: labelled fields
// with a hint and an error line, and the handling of the API's responses
// (422 with the fields at fault, 409 with the record as it is now).

import { ApiError, NetworkError } from './api.js';
import { h } from './dom.js';
import { formatNumber, t } from './i18n.js';

/**
 * Builds a labelled control. kind is 'text', 'email', 'number', 'decimal', 'date',
 * 'url', 'password', 'textarea', 'select' (options: [[value, label]]) or
 * 'checkbox'. A 'decimal' control is a text field that accepts a comma
 * or a point, because browsers drop the French decimal comma from
 * type=number. The control's name is the API field it edits.
 * @param {{name: string, label: string, kind?: string, value?: any, hint?: string,
 *   options?: [string, string][], required?: boolean, disabled?: boolean,
 *   attrs?: Record<string, any>}} spec
 */
export function field(spec) {
  const { name, label, kind = 'text', value, hint, options, required, disabled, attrs } = spec;
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const common = { id, name, required, disabled, 'aria-describedby': describedBy, ...attrs };

  let control;
  if (kind === 'select') {
    control = h('select', common, options.map(([v, text]) => h('option', { value: v, selected: String(value ?? '') === v }, text)));
  } else if (kind === 'textarea') {
    control = h('textarea', { ...common, rows: 4 }, value ?? '');
  } else if (kind === 'checkbox') {
    control = h('input', { ...common, type: 'checkbox', checked: Boolean(value) });
    return h('div', { class: 'field checkbox' },
      h('label', { for: id }, control, h('span', null, label)),
      hint ? h('p', { id: `${id}-hint`, class: 'detail' }, hint) : null,
      h('p', { id: `${id}-error`, class: 'error', role: 'alert' }));
  } else if (kind === 'decimal') {
    const shown = typeof value === 'number' ? formatNumber(value) : value ?? '';
    control = h('input', { ...common, type: 'text', inputmode: 'decimal', value: shown, dataset: { kind: 'decimal' }, autocomplete: 'off' });
  } else {
    control = h('input', { ...common, type: kind, value: value ?? '' });
  }
  return h('div', { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    hint ? h('p', { id: `${id}-hint`, class: 'detail' }, hint) : null,
    control,
    h('p', { id: `${id}-error`, class: 'error', role: 'alert' }));
}

/**
 * Reads the controls of a form into an object by name: numbers for
 * type=number and decimal fields (null when empty, NaN when unreadable),
 * booleans for checkboxes, null for an empty date, trimmed text otherwise.
 */
export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') {
      out[el.name] = el.checked;
    } else if (el.type === 'number') {
      out[el.name] = el.value === '' ? null : Number(el.value);
    } else if (el.dataset.kind === 'decimal') {
      out[el.name] = parseDecimal(el.value);
    } else if (el.type === 'date') {
      out[el.name] = el.value || null;
    } else {
      out[el.name] = el.value.trim();
    }
  }
  return out;
}

/**
 * Reads a decimal number written with a comma or a point, and spaces as
 * thousands separators: "12,5" and "12.5" give 12.5, "" gives null, and
 * anything else NaN.
 */
export function parseDecimal(text) {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (cleaned === '') return null;
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : NaN;
}

/** Clears the error lines and marks of a form. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('.error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * Shows an API error on the form: each field's message under its control,
 * the general message in the form's summary, and focus on the first
 * field at fault. fieldMap renames API fields to control names.
 */
export function showErrors(form, err, fieldMap = {}) {
  clearErrors(form);
  const summary = form.querySelector('.form-summary');
  let first = null;
  // Reasons about a member that the form has no control for go to the
  // summary, so that none is lost.
  const unshown = [];
  if (err instanceof ApiError) {
    for (const [apiName, message] of Object.entries(err.fields ?? {})) {
      const name = fieldMap[apiName] ?? apiName;
      const control = form.elements.namedItem(name);
      const line = form.querySelector(`#field-${CSS.escape(name)}-error`);
      if (control && line) {
        line.textContent = message;
        (control.setAttribute ? control : control[0]).setAttribute('aria-invalid', 'true');
        first ??= control.focus ? control : null;
      } else {
        unshown.push(message);
      }
    }
  }
  if (summary) summary.textContent = err instanceof NetworkError ? t('form_offline') : [err.message, ...unshown].join(' ');
  (first ?? summary)?.focus?.();
}

/**
 * Builds the end of a form: the summary line for errors, the submit button
 * and optional extra buttons. Without signal, a note explains that saving
 * needs the network.
 */
export function formActions(submitLabel, ...extra) {
  return actions(submitLabel, extra, 'form_needs_network');
}

/**
 * Builds the end of a form that saves on the device first (through the
 * outbox). Without signal, its note explains that the change goes later.
 */
export function localFormActions(submitLabel, ...extra) {
  return actions(submitLabel, extra, 'form_saves_offline');
}

function actions(submitLabel, extra, offlineNote) {
  return [
    h('p', { class: 'form-summary error', role: 'alert', tabindex: '-1' }),
    navigator.onLine ? null : h('p', { class: 'note' }, t(offlineNote)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, submitLabel), ...extra),
  ];
}

/**
 * Runs save when the form is submitted, with the submit button disabled
 * meanwhile, and shows its error on the form.
 */
export function onSubmit(form, save, fieldMap) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    clearErrors(form);
    try {
      await save(values(form));
    } catch (err) {
      showErrors(form, err, fieldMap);
      if (err instanceof ApiError && err.status === 409 && form.onConflict) form.onConflict(err);
    } finally {
      button.disabled = false;
    }
  });
}

/** Returns only the entries of next that differ from before, for a PATCH. */
export function changes(before, next) {
  const out = {};
  for (const [key, value] of Object.entries(next)) {
    const old = before[key] ?? (typeof value === 'string' ? '' : null);
    if (JSON.stringify(old) !== JSON.stringify(value)) out[key] = value;
  }
  return out;
}
