package push

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/store"
	"parc/server/store/storetest"
)

func TestPurgeFinishedKeepsPending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now()
		user := accounts.User{ID: uuid.Must(uuid.NewV7()), Email: "purge@example.test", Name: "P", Role: accounts.RoleTechnician,
			PasswordHash: "x", Language: "fr", CreatedAt: now, UpdatedAt: now, Version: 1}
		if err := accounts.InsertUser(ctx, s.DB, &user); err != nil {
			t.Fatal(err)
		}
		event := eventRow{ID: uuid.Must(uuid.NewV7()), Kind: EventRequestCreated, EntityID: uuid.Must(uuid.NewV7()), CreatedAt: sqlTime(now)}
		if _, err := s.DB.NewInsert().Model(&event).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		old, recent := sqlTime(now.Add(-keepFinished-time.Hour)), sqlTime(now)
		rows := map[string]Delivery{}
		for name, d := range map[string]struct {
			status string
			at     time.Time
		}{"old sent": {StatusSent, old}, "old failed": {StatusFailed, old}, "old pending": {StatusPending, old}, "recent sent": {StatusSent, recent}} {
			row := Delivery{ID: uuid.Must(uuid.NewV7()), EventID: event.ID, UserID: user.ID, Channel: ChannelPush, Payload: "{}",
				Urgency: "normal", TTLSeconds: 60, Status: d.status, NextAttemptAt: d.at, CreatedAt: d.at, UpdatedAt: d.at}
			if _, err := s.DB.NewInsert().Model(&row).Exec(ctx); err != nil {
				t.Fatal(err)
			}
			rows[name] = row
		}

		n, err := purgeFinished(ctx, s.DB, now)
		if err != nil || n != 2 {
			t.Fatalf("purgeFinished = %d, %v; want the 2 old finished rows", n, err)
		}
		for name, want := range map[string]bool{"old sent": false, "old failed": false, "old pending": true, "recent sent": true} {
			exists, err := s.DB.NewSelect().Model((*Delivery)(nil)).Where("id = ?", rows[name].ID).Exists(ctx)
			if err != nil || exists != want {
				t.Errorf("%s row exists = %v (%v), want %v", name, exists, err, want)
			}
		}
	})
}
