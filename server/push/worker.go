package push

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// wakeMu guards wakeCh, which Enqueue closes to wake every worker of the
// process at once.
var (
	wakeMu sync.Mutex
	wakeCh = make(chan struct{})
)

// wake signals the workers that messages were queued. Enqueue runs
// inside the caller's transaction, which commits only after it returns,
// so a worker may wake before the rows are visible. The wake is a hint,
// and settleDelay and the periodic poll back it up.
func wake() {
	wakeMu.Lock()
	close(wakeCh)
	wakeCh = make(chan struct{})
	wakeMu.Unlock()
}

func woken() <-chan struct{} {
	wakeMu.Lock()
	defer wakeMu.Unlock()
	return wakeCh
}

// settleDelay gives the transaction that woke the worker time to commit.
const settleDelay = 50 * time.Millisecond

// Start runs the worker and the checks in the background until the
// returned function is called. That function stops claiming new messages,
// waits for the messages being sent, and returns; call it before the
// database closes.
func (s *Service) Start() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1 + len(s.cfg.Checks))
	go func() {
		defer wg.Done()
		s.run(ctx)
	}()
	for _, c := range s.cfg.Checks {
		go func() {
			defer wg.Done()
			s.runCheck(ctx, c)
		}()
	}
	s.log.Info("notification worker started", "poll", s.cfg.Poll.String(), "checks", len(s.cfg.Checks))
	s.warnFallbackSubject(ctx)
	return func() {
		cancel()
		wg.Wait()
		s.log.Info("notification worker stopped")
	}
}

// warnFallbackSubject logs a warning when the deployment gives no contact
// for the VAPID subject, since some push services then reject messages.
func (s *Service) warnFallbackSubject(ctx context.Context) {
	dep, err := s.deployment(ctx)
	if err != nil {
		s.log.Error("failed to read the deployment settings", "error", err)
		return
	}
	if VAPIDSubject(dep.BaseURL, dep.SMTPURL) == FallbackSubject {
		s.log.Warn("VAPID subject falls back to a placeholder address; set PARC_BASE_URL to the server's https:// address",
			"subject", FallbackSubject)
	}
}

// errorLogEvery bounds how often the worker logs the same failure to read
// the queue, which repeats at every poll while the database is down.
const errorLogEvery = time.Minute

func (s *Service) run(ctx context.Context) {
	ticker := time.NewTicker(s.cfg.Poll)
	defer ticker.Stop()
	var lastLogged time.Time
	failures := 0
	for {
		wakeUp := woken()
		// Sends use their own context, so that a stop lets the messages
		// in flight finish and be marked, rather than be sent again by
		// the next process.
		if _, err := s.Drain(context.WithoutCancel(ctx), ctx.Done()); err != nil {
			failures++
			if time.Since(lastLogged) >= errorLogEvery {
				s.log.Error("failed to send queued notifications", "error", err, "failures", failures)
				lastLogged, failures = time.Now(), 0
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		case <-wakeUp:
			select {
			case <-ctx.Done():
				return
			case <-time.After(settleDelay):
			}
		}
	}
}

func (s *Service) runCheck(ctx context.Context, c Check) {
	for {
		if err := c.Run(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("failed to run notification check", "check", c.Name, "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(c.Every):
		}
	}
}

// Drain sends the due messages, a batch at a time, until none is due or
// stop is closed (nil never is). It returns how many it claimed. Tests
// call it to send the queue without the background worker.
func (s *Service) Drain(ctx context.Context, stop <-chan struct{}) (int, error) {
	total := 0
	for {
		select {
		case <-stop:
			return total, nil
		default:
		}
		dep, err := s.deployment(ctx)
		if err != nil {
			return total, err
		}
		batch, err := claim(ctx, s.store.DB, time.Now(), s.lease(), s.cfg.Batch)
		if err != nil || len(batch) == 0 {
			return total, err
		}
		total += len(batch)

		var wg sync.WaitGroup
		for _, d := range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.deliver(ctx, d, dep)
			}()
		}
		wg.Wait()
	}
}

// lease is how long a claimed batch stays this process's: every message
// of a batch is sent at once, each within SendTimeout, and the margin
// covers the database updates.
func (s *Service) lease() time.Duration {
	return 2*s.cfg.SendTimeout + 30*time.Second
}

// deliver makes one attempt at d and records the result.
func (s *Service) deliver(ctx context.Context, d Delivery, dep Deployment) {
	var p Payload
	if err := json.Unmarshal([]byte(d.Payload), &p); err != nil {
		s.giveUp(ctx, d, fmt.Errorf("decode payload: %w", err))
		return
	}
	if d.Channel == ChannelEmail {
		s.deliverEmail(ctx, d, p, dep)
		return
	}
	s.deliverPush(ctx, d, dep)
}

func (s *Service) deliverPush(ctx context.Context, d Delivery, dep Deployment) {
	sub, err := subscriptionByID(ctx, s.store.DB, d.SubscriptionID)
	if errors.Is(err, errNoSubscription) {
		s.record(ctx, d, StatusDropped, "subscription removed")
		return
	}
	if err != nil {
		s.retry(ctx, d, 0, err)
		return
	}

	res, err := s.sender(VAPIDSubject(dep.BaseURL, dep.SMTPURL)).Send(ctx, sub, Message{
		Payload: []byte(d.Payload), TTL: time.Duration(d.TTLSeconds) * time.Second, Urgency: d.Urgency,
	})
	switch res.Outcome {
	case Sent:
		s.record(ctx, d, StatusSent, "")
		s.log.Debug("notification sent", "delivery_id", d.ID, "subscription_id", sub.ID, "status", res.Status)
	case Gone:
		s.removeGone(ctx, d, sub, res.Status)
	case Retry:
		if err == nil {
			err = fmt.Errorf("push service responded %d", res.Status)
		}
		s.retry(ctx, d, res.RetryAfter, err)
	default:
		if err == nil {
			err = fmt.Errorf("push service responded %d", res.Status)
		}
		s.giveUp(ctx, d, err)
	}
}

// removeGone deletes a subscription that its push service reports gone, drops d, and queues the e-mail of d's event when the user has no
// device left.
func (s *Service) removeGone(ctx context.Context, d Delivery, sub Subscription, status int) {
	if _, err := s.store.DB.NewDelete().Model((*Subscription)(nil)).Where("id = ?", sub.ID).Exec(ctx); err != nil {
		s.retry(ctx, d, 0, fmt.Errorf("delete push subscription: %w", err))
		return
	}
	s.log.Info("push subscription removed", "subscription_id", sub.ID, "user_id", d.UserID, "status", status)
	if !s.record(ctx, d, StatusDropped, fmt.Sprintf("push service responded %d", status)) {
		return
	}
	if err := s.fallBackToEmail(ctx, d); err != nil {
		s.log.Error("failed to queue the e-mail of a removed push subscription", "delivery_id", d.ID, "error", err)
	}
}

// retry puts d back in the queue after the backoff, or after the delay
// the push service asked for when that is longer, unless d used its last
// attempt.
func (s *Service) retry(ctx context.Context, d Delivery, asked time.Duration, cause error) {
	if d.Attempts >= s.cfg.MaxAttempts {
		s.giveUp(ctx, d, cause)
		return
	}
	delay := max(s.backoff(d.Attempts), asked)
	if _, err := finish(ctx, s.store.DB, d, StatusPending, time.Now().Add(delay), cause.Error()); err != nil {
		s.log.Error("failed to schedule a notification retry", "delivery_id", d.ID, "error", err)
		return
	}
	s.log.Warn("notification retry scheduled", "delivery_id", d.ID, "channel", d.Channel,
		"attempt", d.Attempts, "delay", delay.String(), "timeout", IsTimeout(cause), "error", cause)
}

func (s *Service) giveUp(ctx context.Context, d Delivery, cause error) {
	if s.record(ctx, d, StatusFailed, cause.Error()) {
		s.log.Error("notification given up", "delivery_id", d.ID, "channel", d.Channel,
			"user_id", d.UserID, "attempts", d.Attempts, "error", cause)
	}
}

// record finishes d with status and reports whether the row was still
// this process's.
func (s *Service) record(ctx context.Context, d Delivery, status, lastError string) bool {
	ok, err := finish(ctx, s.store.DB, d, status, time.Now(), lastError)
	if err != nil {
		s.log.Error("failed to record a notification attempt", "delivery_id", d.ID, "status", status, "error", err)
		return false
	}
	if !ok {
		s.log.Warn("notification lease lost before its result was recorded", "delivery_id", d.ID, "status", status)
	}
	return ok
}

var errNoSubscription = errors.New("push subscription removed")

// subscriptionByID returns the subscription id, or errNoSubscription.
func subscriptionByID(ctx context.Context, db bun.IDB, id *uuid.UUID) (Subscription, error) {
	var sub Subscription
	if id == nil {
		return sub, errNoSubscription
	}
	err := db.NewSelect().Model(&sub).Where("ps.id = ?", *id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return sub, errNoSubscription
	}
	if err != nil {
		return sub, fmt.Errorf("select push subscription %s: %w", *id, err)
	}
	return sub, nil
}
