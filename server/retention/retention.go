// Package retention removes personal data once the periods of the
// retention setting are over: the details of old audit entries, and the
// sessions that can no longer be used. It runs when parc serve starts and
// then daily. Records that other packages own are purged through the
// functions those packages give it, such as requests.PurgePhotos.
package retention

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/audit"
	"parc/server/files"
	"parc/server/settings"
	"parc/server/store"
)

// Result counts what one purge removed.
type Result struct {
	// AuditEntriesCleared counts the audit entries whose before and after
	// documents were cleared.
	AuditEntriesCleared int64
	// SessionsDeleted counts the expired or revoked sessions deleted.
	SessionsDeleted int64
}

// Purge applies the audit and session periods of r at now in one
// transaction. PurgeFiles applies those of photos and signatures.
//
// TODO: delete public problem reports after r.PublicReportsDays.
func Purge(ctx context.Context, db *bun.DB, now time.Time, r settings.Retention) (Result, error) {
	var out Result
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		cutoff := now.AddDate(0, 0, -r.AuditDetailsDays)
		if out.AuditEntriesCleared, err = audit.ClearDetailsBefore(ctx, tx, cutoff); err != nil {
			return err
		}
		out.SessionsDeleted, err = accounts.DeleteDeadSessions(ctx, tx, now)
		return err
	})
	return out, err
}

// Runner purges when it starts and then at every Interval.
type Runner struct {
	Store    *store.Store
	Settings *settings.Service
	Log      *slog.Logger
	// Now is time.Now outside tests.
	Now func() time.Time
	// Interval is 24 hours when zero.
	Interval time.Duration
}

// Run purges at once, then at every interval, until ctx ends. A failed
// purge is logged and tried again at the next interval.
func (r *Runner) Run(ctx context.Context) {
	interval := r.Interval
	if interval == 0 {
		interval = 24 * time.Hour
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		r.Once(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// Once runs one purge with the retention periods in force, and logs its
// start, its counts or its error.
func (r *Runner) Once(ctx context.Context) {
	start, now := time.Now(), r.Now()
	snap, err := r.Settings.Current(ctx)
	if err != nil {
		if ctx.Err() == nil {
			r.Log.Error("failed to purge expired personal data", "step", "read settings", "error", err)
		}
		return
	}
	periods := snap.Values.Retention
	r.Log.Info("retention purge started", "audit_details_days", periods.AuditDetailsDays)

	res, err := Purge(ctx, r.Store.DB, now, periods)
	if err != nil {
		if ctx.Err() != nil {
			return // the server is stopping, which is no failure
		}
		r.Log.Error("failed to purge expired personal data", "step", "purge", "error", err)
		return
	}
	r.Log.Info("retention purge finished", "audit_entries_cleared", res.AuditEntriesCleared,
		"sessions_deleted", res.SessionsDeleted, "duration_ms", time.Since(start).Milliseconds())

	start = time.Now()
	got, err := PurgeFiles(ctx, r.Store.DB, files.New(r.Store), now, periods)
	if err != nil {
		if ctx.Err() == nil {
			r.Log.Error("failed to purge expired files", "photos_days", periods.PhotosDays, "signatures_days", periods.SignaturesDays, "error", err)
		}
		return
	}
	r.Log.Info("retention purge of files finished", "photos_unlinked", got.PhotosUnlinked, "signatures_unlinked", got.SignaturesUnlinked,
		"files_deleted", got.FilesDeleted, "blobs_deleted", got.BlobsDeleted, "duration_ms", time.Since(start).Milliseconds())
}
