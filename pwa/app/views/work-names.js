// Display names of the codes of requests, work orders, loans and the
// maintenance round, from the message catalogue (locales/fr-work.js).

import { t } from '../i18n.js';

/** Names a code through the catalogue key prefix_code; unknown codes show as is. */
function named(prefix, code) {
  const key = `${prefix}_${code}`;
  const text = t(key);
  return text === key ? String(code) : text;
}

export const categoryName = (code) => named('category', code);
export const requestStatusName = (code) => named('request_status', code);
export const urgencyName = (code) => named('urgency', code);
export const workOrderStatusName = (code) => named('work_order_status', code);
export const checklistName = (code) => named('work_order_check', code);
export const loanStatusName = (code) => named('loan_status', code);
export const visitStatusName = (code) => named('visit_status', code);
export const timeKindName = (code) => named('time_kind', code);
