package sync_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/sync"
)

// note is a record of the shape that RecordWrite files.
type note struct {
	ID        uuid.UUID `json:"id"`
	Text      string    `json:"text"`
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

func TestRecordWriteChangeAndAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		commune := uuid.Must(uuid.NewV7())
		first := note{ID: uuid.Must(uuid.NewV7()), Text: "a", Version: 1, UpdatedAt: time.Now()}
		second := first
		second.Text, second.Version, second.UpdatedAt = "b", 2, first.UpdatedAt.Add(time.Minute)

		write(t, s, sync.Write[note]{Entity: "note", ID: first.ID, Version: 1, Commune: commune, After: first})
		write(t, s, sync.Write[note]{Entity: "note", ID: first.ID, Version: 2, Commune: commune, Before: &first, After: second})
		write(t, s, sync.Write[note]{Entity: "note", ID: first.ID, Version: 2, Commune: commune, Action: "archive", Before: &second, After: second})

		var fields string
		err := s.Reader.QueryRowContext(ctx, "SELECT fields FROM sync_field_writes WHERE entity_id = ? AND version = 2", first.ID.String()).Scan(&fields)
		if err != nil || fields != `["text"]` {
			t.Errorf("changed fields of version 2 = %q, %v, want [\"text\"] without bookkeeping members", fields, err)
		}
		var version int
		err = s.Reader.QueryRowContext(ctx, "SELECT version FROM sync_changes WHERE entity_id = ? AND commune_id = ?", first.ID.String(), commune.String()).Scan(&version)
		if err != nil || version != 2 {
			t.Errorf("version in the change sequence = %d, %v, want 2", version, err)
		}

		rows, err := s.Reader.QueryContext(ctx, "SELECT action, before_json FROM audit_entries WHERE entity = 'note' AND entity_id = ? ORDER BY id", first.ID.String())
		if err != nil {
			t.Fatalf("select audit entries: %v", err)
		}
		defer rows.Close()
		var actions []string
		var befores []sql.NullString
		for rows.Next() {
			var action string
			var before sql.NullString
			if err := rows.Scan(&action, &before); err != nil {
				t.Fatalf("scan audit entry: %v", err)
			}
			actions, befores = append(actions, action), append(befores, before)
		}
		if len(actions) != 3 || actions[0] != "create" || actions[1] != "update" || actions[2] != "archive" {
			t.Fatalf("audit actions = %v, want [create update archive]", actions)
		}
		if befores[0].Valid {
			t.Errorf("before_json of the creation = %q, want NULL", befores[0].String)
		}
		if !befores[1].Valid {
			t.Errorf("before_json of the update is NULL, want the record before it")
		}
	})
}

func write(t *testing.T, s *store.Store, w sync.Write[note]) {
	t.Helper()
	err := s.DB.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		if err := sync.Lock(ctx, tx); err != nil {
			return err
		}
		return sync.RecordWrite(ctx, tx, w)
	})
	if err != nil {
		t.Fatalf("record %s of version %d: %v", w.Action, w.Version, err)
	}
}
