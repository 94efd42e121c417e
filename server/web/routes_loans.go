package web

import (
	"context"
	"net/http"

	"parc/server/loans"
)

// loansWriter returns the writer of loans, with the max_loan_days setting
// in force at each write.
func (s *server) loansWriter() *loans.Writer {
	maxDays := func(ctx context.Context) (int, error) {
		snap, err := s.settings.Current(ctx)
		return snap.Values.MaxLoanDays, err
	}
	return &loans.Writer{DB: s.store.DB, Fleet: s.fleetWriter(), MaxLoanDays: maxDays}
}

// loanRoutes registers the spare-PC loans and the pool of spares. Every
// role reads them, a correspondent those of their communes only;
// technicians write.
func (s *server) loanRoutes(api router) {
	h := &loans.Handler{Store: s.store, Writer: s.loansWriter(), Log: s.log}

	api.handle(http.MethodGet, "/loans", ruleAnyUser, h.ListLoans)
	api.handle(http.MethodPost, "/loans", ruleTechnicians, h.CheckOut)
	api.handle(http.MethodGet, "/loans/:id", ruleAnyUser, h.GetLoan)
	api.handle(http.MethodPatch, "/loans/:id", ruleTechnicians, h.UpdateLoan)
	api.handle(http.MethodPost, "/loans/:id/return", ruleTechnicians, h.ReturnLoan)
	api.handle(http.MethodPost, "/loans/by-tag/:tag/return", ruleTechnicians, h.ReturnByTag)
	api.handle(http.MethodGet, "/spares", ruleAnyUser, h.ListSpares)
	api.handle(http.MethodPost, "/spares", ruleTechnicians, h.AddSpare)
	api.handle(http.MethodDelete, "/spares/:asset_id", ruleTechnicians, h.RemoveSpare)
}
