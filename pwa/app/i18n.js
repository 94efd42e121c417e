// Message catalogues and locale-aware formatting. Every text the app shows
// comes from locales/fr.js or locales/en.js; French is the default.

import fr from './locales/fr.js';
import en from './locales/en.js';

const catalogues = { fr, en };

// Intl locale of each catalogue. English uses British conventions
// (day before month, euro amounts), closest to the users' own.
const intlLocales = { fr: 'fr-FR', en: 'en-GB' };

let current = 'fr';

/** @returns {'fr'|'en'} the language of the interface. */
export function language() {
  return current;
}

/**
 * Works out the interface language: the user's choice when they made
 * one, else the first browser language that has a catalogue, else French.
 * @param {string} choice 'auto', 'fr' or 'en'
 * @param {readonly string[]} browserLanguages navigator.languages
 */
export function resolveLanguage(choice, browserLanguages) {
  if (choice in catalogues) return choice;
  for (const tag of browserLanguages ?? []) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (base in catalogues) return base;
  }
  return 'fr';
}

/** Switches the interface language and the page's lang attribute. */
export function setLanguage(lang) {
  current = lang in catalogues ? lang : 'fr';
  document.documentElement.lang = current;
}

/**
 * Returns the message key in the current language, with {name}
 * placeholders replaced from params. A message given as plural forms
 * ({one, other}, plus an optional zero) is chosen by params.count.
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 */
export function t(key, params = {}) {
  return translate(current, key, params);
}

function translate(lang, key, params) {
  let text = catalogues[lang][key] ?? catalogues.fr[key];
  if (text === undefined) {
    console.warn('missing message', key);
    return key;
  }
  if (typeof text === 'object') {
    const n = Number(params.count ?? 0);
    const form = n === 0 && 'zero' in text ? 'zero' : new Intl.PluralRules(intlLocales[lang]).select(n);
    text = text[form] ?? text.other;
  }
  return text.replace(/\{(\w+)\}/g, (placeholder, name) => {
    if (!(name in params)) return placeholder;
    const value = params[name];
    return typeof value === 'number' ? formatNumber(value, lang) : String(value);
  });
}

/** Fills the elements marked data-i18n and data-i18n-aria-label. */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
}

function toDate(value) {
  return value instanceof Date ? value : new Date(value);
}

/** Formats a day: 04/12/2026 in French, 4 Dec 2026 in English. */
export function formatDate(value, lang = current) {
  if (value === null || value === undefined || value === '') return '';
  // A bare date (YYYY-MM-DD) is a calendar day: format it in UTC so that
  // no time zone moves it to the day before.
  const bare = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const options = lang === 'fr'
    ? { day: '2-digit', month: '2-digit', year: 'numeric' }
    : { day: 'numeric', month: 'short', year: 'numeric' };
  if (bare) options.timeZone = 'UTC';
  return new Intl.DateTimeFormat(intlLocales[lang], options).format(toDate(value));
}

/** Formats a day and a time of day, for "last synchronised" lines. */
export function formatDateTime(value, lang = current) {
  if (!value) return '';
  return new Intl.DateTimeFormat(intlLocales[lang], { dateStyle: 'short', timeStyle: 'short' }).format(toDate(value));
}

/** Formats minutes as hours and minutes: 1 h 30 in French. */
export function formatDuration(minutes, lang = current) {
  const total = Math.round(Number(minutes) || 0);
  const hours = Math.trunc(total / 60);
  const rest = Math.abs(total % 60);
  if (hours === 0) return translate(lang, 'duration_minutes', { m: rest });
  if (rest === 0) return translate(lang, 'duration_hours', { h: hours });
  return translate(lang, 'duration_hours_minutes', { h: hours, mm: String(rest).padStart(2, '0') });
}

/** Formats an amount in euros: 12,50 € in French. */
export function formatAmount(euros, lang = current) {
  return new Intl.NumberFormat(intlLocales[lang], { style: 'currency', currency: 'EUR' }).format(Number(euros) || 0);
}

/** Formats a number with the locale's digit grouping. */
export function formatNumber(value, lang = current) {
  return new Intl.NumberFormat(intlLocales[lang]).format(value);
}

/** Compares two names as the locale sorts them (accents, case, digits). */
export function compareNames(a, b) {
  return collator().compare(a ?? '', b ?? '');
}

let collatorCache = { lang: '', collator: null };

function collator() {
  if (collatorCache.lang !== current) {
    collatorCache = { lang: current, collator: new Intl.Collator(intlLocales[current], { numeric: true, sensitivity: 'base' }) };
  }
  return collatorCache.collator;
}
