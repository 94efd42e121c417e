package retention_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/audit"
	"parc/server/retention"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/store/storetest"
)

func TestPurgeDeletesDeadSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, _, err := accounts.CreateUser(ctx, s.DB, nil, accounts.NewUser{Email: "purge@demo.invalid", Name: "Purge", Role: accounts.RoleCommittee})
		if err != nil {
			t.Fatalf("create user: %v", err)
		}
		live, _, err := accounts.CreateSession(ctx, s.DB, u.ID, "live", "127.0.0.1", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := accounts.CreateSession(ctx, s.DB, u.ID, "expired", "127.0.0.1", time.Minute); err != nil {
			t.Fatal(err)
		}
		revoked, _, err := accounts.CreateSession(ctx, s.DB, u.ID, "revoked", "127.0.0.1", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if err := accounts.RevokeSession(ctx, s.DB, u.ID, revoked.ID, time.Now()); err != nil {
			t.Fatal(err)
		}

		// One hour later, the one-minute session has expired.
		clock := time.Now().Add(time.Hour)
		got, err := retention.Purge(ctx, s.DB, clock, settings.Defaults().Retention)
		if err != nil {
			t.Fatalf("Purge: %v", err)
		}
		if got.SessionsDeleted != 2 || got.AuditEntriesCleared != 0 {
			t.Errorf("Purge = %+v, want the expired and the revoked session deleted, no audit entry cleared", got)
		}
		var left []accounts.Session
		if err := s.Reader.NewSelect().Model(&left).Where("user_id = ?", u.ID).Scan(ctx); err != nil || len(left) != 1 || left[0].ID != live.ID {
			t.Errorf("sessions left: %+v (%v), want the live one", left, err)
		}

		again, err := retention.Purge(ctx, s.DB, clock, settings.Defaults().Retention)
		if err != nil || again != (retention.Result{}) {
			t.Errorf("second purge: %+v, %v; want nothing to do", again, err)
		}
	})
}

// TestPurgeClearsOnlyOldDetails uses a fixed clock, so that the entries
// on each side of the cutoff are known.
func TestPurgeClearsOnlyOldDetails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)
		doc := json.RawMessage(`{"name":"Ancien nom"}`)
		ids := map[int]uuid.UUID{}
		for _, days := range []int{400, 31, 29, 1} {
			e := audit.Entry{
				ID: uuid.Must(uuid.NewV7()), At: now.AddDate(0, 0, -days),
				Entity: "user", EntityID: uuid.Must(uuid.NewV7()), Action: "update", Before: doc, After: doc,
			}
			if _, err := s.DB.NewInsert().Model(&e).Exec(ctx); err != nil {
				t.Fatalf("insert audit entry: %v", err)
			}
			ids[days] = e.ID
		}

		periods := settings.Retention{PublicReportsDays: 30, PhotosDays: 30, SignaturesDays: 30, AuditDetailsDays: 30}
		got, err := retention.Purge(ctx, s.DB, now, periods)
		if err != nil || got.AuditEntriesCleared != 2 {
			t.Fatalf("Purge: %+v, %v; want 2 entries cleared", got, err)
		}
		for days, id := range ids {
			var e audit.Entry
			if err := s.Reader.NewSelect().Model(&e).Where("id = ?", id).Scan(ctx); err != nil {
				t.Fatal(err)
			}
			cleared := e.Before == nil && e.After == nil
			if cleared != (days > 30) {
				t.Errorf("entry %d days old: before %s after %s, want cleared %v", days, e.Before, e.After, days > 30)
			}
			if e.Action != "update" || e.Entity != "user" {
				t.Errorf("entry %d days old lost who did what: %+v", days, e)
			}
		}
	})
}

func TestRunnerLogsItsCounts(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	var logs bytes.Buffer
	now := time.Date(2027, 6, 1, 12, 0, 0, 0, time.UTC)
	r := &retention.Runner{
		Store: s, Settings: settings.NewService(s, settings.Defaults(), nil),
		Log: slog.New(slog.NewTextHandler(&logs, nil)), Now: func() time.Time { return now },
	}
	r.Once(context.Background())
	text := logs.String()
	for _, want := range []string{"retention purge started", "audit_details_days=365", "retention purge finished", "audit_entries_cleared=0", "sessions_deleted=0"} {
		if !strings.Contains(text, want) {
			t.Errorf("log lacks %q:\n%s", want, text)
		}
	}

	// A purge that fails is logged as an error.
	if _, err := s.DB.ExecContext(context.Background(), "DROP TABLE audit_entries"); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	r.Once(context.Background())
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "failed to purge") {
		t.Errorf("log of a failed purge:\n%s", logs.String())
	}
}
