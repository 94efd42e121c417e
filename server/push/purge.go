package push

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// keepFinished is how long the worker keeps a message it sent, dropped or
// gave up on, for operators who look into a delivery. Payloads quote
// request descriptions, so finished rows do not stay longer.
const keepFinished = 30 * 24 * time.Hour

// purgeEvery is how often the worker deletes finished messages.
const purgeEvery = 24 * time.Hour

// purgeFinished deletes the messages finished before now-keepFinished and
// returns how many it deleted. Events stay, because the dedupe key of an
// overdue loan must outlive its messages.
func purgeFinished(ctx context.Context, db bun.IDB, now time.Time) (int64, error) {
	res, err := db.NewDelete().Model((*Delivery)(nil)).
		Where("status <> ?", StatusPending).
		Where("updated_at < ?", sqlTime(now.Add(-keepFinished))).
		Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("delete finished notification deliveries: %w", err)
	}
	return res.RowsAffected()
}

// purgeCheck returns the check that runs purgeFinished.
func (s *Service) purgeCheck() Check {
	return Check{Name: "purge_notifications", Every: purgeEvery, Run: func(ctx context.Context) error {
		n, err := purgeFinished(ctx, s.store.DB, time.Now())
		if err == nil && n > 0 {
			s.log.Info("finished notifications deleted", "count", n, "older_than", keepFinished.String())
		}
		return err
	}}
}
