package web

import (
	"context"
	"net/http"
	"time"

	"parc/server/loans"
	"parc/server/push"
)

// overdueCheckEvery is how often the server looks for loans that fell
// overdue. A loan falls overdue at midnight, Paris time, so a quarter of
// an hour is the longest a correspondent waits for the notice.
const overdueCheckEvery = 15 * time.Minute

// newPush returns the notification service, with the deployment settings
// in force at each batch and the check of overdue loans. Its worker is
// not running: the caller starts it with Server.Push().Start().
func (s *server) newPush(ctx context.Context, cfg push.Config) (*push.Service, error) {
	deployment := func(ctx context.Context) (push.Deployment, error) {
		snap, err := s.settings.Current(ctx)
		v := snap.Values
		return push.Deployment{BaseURL: v.BaseURL, SMTPURL: v.SMTPURL, OrganisationName: v.OrganisationName}, err
	}
	cfg.Checks = append(cfg.Checks, push.Check{
		Name:  "loans_overdue",
		Every: overdueCheckEvery,
		Run: func(ctx context.Context) error {
			_, err := loans.NotifyOverdue(ctx, s.store.DB, loans.Today())
			return err
		},
	})
	return push.New(ctx, s.store, cfg, deployment, s.log)
}

// pushRoutes registers Web Push and the notification switches. Every
// signed-in user manages their own devices and switches.
func (s *server) pushRoutes(api router) {
	h := &push.Handler{Service: s.push}

	api.handle(http.MethodGet, "/push/vapid-public-key", ruleAnyUser, h.GetPublicKey)
	api.handle(http.MethodPost, "/push/subscriptions", ruleAnyUser, h.Subscribe)
	api.handle(http.MethodDelete, "/push/subscriptions", ruleAnyUser, h.Unsubscribe)
	api.handle(http.MethodGet, "/me/notifications", ruleAnyUser, h.GetNotifications)
	api.handle(http.MethodPut, "/me/notifications", ruleAnyUser, h.UpdateNotifications)
}

// Push returns the notification service, whose worker the caller starts
// and stops around serving.
func (s *Server) Push() *push.Service {
	return s.push
}
