// Package loans keeps the pool of spare PCs and their loans ("prêts") to
// the sites of the communes. A technician checks a spare out by scanning
// its label, for a site, a reason and a due date within the deployment's
// max_loan_days, and checks it in by scanning it again with its condition.
// Each check-out and check-in also changes the status of the asset,
// through the fleet's own writer. Correspondents read the loans of their
// communes; only technicians write.
package loans
