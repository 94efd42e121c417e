// Package settings reads and writes deployment-wide settings, kept as JSON
// values under a key in the settings table. Domain packages define their own
// keys; this package does not interpret them.
package settings

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"parc/server/store"
)

type setting struct {
	bun.BaseModel `bun:"table:settings,alias:st"`

	Key       string    `bun:"key,pk"`
	Value     string    `bun:"value"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// Get decodes the value stored under key into v, or returns
// store.ErrNotFound when the key is not set.
func Get(ctx context.Context, db bun.IDB, key string, v any) error {
	var s setting
	err := db.NewSelect().Model(&s).Where("st.key = ?", key).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("setting %s: %w", key, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("select setting %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(s.Value), v); err != nil {
		return fmt.Errorf("decode setting %s: %w", key, err)
	}
	return nil
}

// Set stores v as JSON under key, replacing any previous value.
func Set(ctx context.Context, db bun.IDB, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode setting %s: %w", key, err)
	}
	s := setting{Key: key, Value: string(b), UpdatedAt: time.Now().UTC()}
	_, err = db.NewInsert().Model(&s).
		On("CONFLICT (key) DO UPDATE").
		Set("value = EXCLUDED.value").
		Set("updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("store setting %s: %w", key, err)
	}
	return nil
}
