// The amounts of the tariff form: the form takes euros and hours, the API
// cents and minutes. readAmounts checks the text of each field in the
// form's unit, so that a mistake is named on the device, in euros or
// hours, before anything goes to the server.

import { parseDecimal } from './forms.js';
import { formatAmount, formatNumber, t } from './i18n.js';

// Limits of the server (server/tariffs/writes.go), in the API's units.
const MAX_CENTS = 100_000_000;
const MAX_INCLUDED_MINUTES = 366 * 24 * 60;

/**
 * The amount fields: the control's name, the API member, the factor from
 * the control's unit to the API's, the API's maximum, the unit and whether
 * the field is required. The commune fee may be left empty for none.
 */
export const AMOUNTS = [
  { control: 'pc_fee', member: 'pc_fee_cents', factor: 100, max: MAX_CENTS, unit: 'euros', required: true },
  { control: 'commune_fee', member: 'commune_fee_cents', factor: 100, max: MAX_CENTS, unit: 'euros', required: false },
  { control: 'hourly_rate', member: 'hourly_rate_cents', factor: 100, max: MAX_CENTS, unit: 'euros', required: true },
  { control: 'included_hours', member: 'included_minutes', factor: 60, max: MAX_INCLUDED_MINUTES, unit: 'hours', required: true },
];

/**
 * Reads the texts of the amount fields, by control name. Returns the API
 * members in cents and minutes, and a message by control for each field
 * that is missing, unreadable or out of range (empty when all are valid).
 * @param {Record<string, string>} texts
 */
export function readAmounts(texts) {
  const members = {};
  const faults = {};
  for (const amount of AMOUNTS) {
    const text = (texts[amount.control] ?? '').trim();
    const fault = amountFault(amount, text);
    if (fault) {
      faults[amount.control] = fault;
      continue;
    }
    const value = parseDecimal(text);
    members[amount.member] = value === null ? 0 : Math.round(value * amount.factor);
  }
  return { members, faults };
}

/** Returns the message for the text of one amount field, or null when it is valid. */
function amountFault(amount, text) {
  const value = parseDecimal(text);
  if (value === null) return amount.required ? t(`tariff_${amount.unit}_required`) : null;
  if (Number.isNaN(value)) return t(`tariff_${amount.unit}_invalid`, { value: text });

  const max = amount.max / amount.factor;
  if (value < 0 || Math.round(value * amount.factor) > amount.max) {
    const limit = amount.unit === 'euros' ? formatAmount(max) : formatNumber(max);
    return t(`tariff_${amount.unit}_range`, { value: text, max: limit });
  }
  return null;
}
