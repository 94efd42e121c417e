// Loans of spare PCs (« prêts »), as the device keeps them. Check-out and
// check-in go through the outbox, so they work offline. The device checks
// a check-out against the pool of spares it pulls (store loan_spares).
// The server checks the pool again, and the longest loan, when the change
// arrives.

import { all } from './db.js';
import { parisDay } from './days.js';
import { currentUser } from './session.js';

/**
 * Returns the status of a loan on the day today (YYYY-MM-DD, Paris):
 * closed once returned, overdue when still out after its due date, open
 * otherwise. The server's status is as of the day it sent the loan, so
 * the device works it out again.
 */
export function loanStatus(loan, today = parisDay()) {
  if (loan.returned_at || loan.return_condition) return 'closed';
  return loan.due_date && loan.due_date < today ? 'overdue' : 'open';
}

/** Returns the loans not returned yet, overdue ones first, then by due date. */
export async function openLoans(today = parisDay()) {
  const loans = (await all('loans')).filter((loan) => loanStatus(loan, today) !== 'closed');
  return loans.sort((a, b) => Number(loanStatus(b, today) === 'overdue') - Number(loanStatus(a, today) === 'overdue')
    || String(a.due_date).localeCompare(String(b.due_date)));
}

/** Returns the open loan of an asset, or undefined. */
export async function openLoanOf(assetId) {
  return (await all('loans')).find((loan) => loan.asset_id === assetId && loanStatus(loan) !== 'closed');
}

/**
 * Returns the outbox change that checks a spare PC out.
 * @param {{id: string, asset: object, commune_id: string, site_id: string, reason: string, due_date: string}} spec
 */
export function checkOutChange({ id, asset, ...fields }) {
  const now = new Date().toISOString();
  return {
    entity: 'loan', entity_id: id, fields: { asset: asset.tag ?? asset.id, ...fields }, create: true,
    record: {
      id, asset_id: asset.id, asset_tag: asset.tag ?? null, checked_out_at: now, checked_out_by: currentUser()?.id ?? null,
      returned_at: null, return_condition: null, return_note: '', status: 'open', created_at: now, updated_at: now,
    },
  };
}

/** Returns the outbox change that checks a loaned PC back in. */
export function checkInChange(loan, condition, note) {
  return { entity: 'loan', entity_id: loan.id, fields: { return_condition: condition, return_note: note } };
}
