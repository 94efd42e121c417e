package push

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Preferences are one user's notification switches. A user without a
// stored row has every event and e-mail switched on.
type Preferences struct {
	bun.BaseModel `bun:"table:notification_preferences,alias:np"`

	UserID uuid.UUID `bun:"user_id,pk,type:uuid"`
	// DisabledEvents lists the events switched off, separated by commas.
	DisabledEvents string `bun:"disabled_events"`
	// Email allows the e-mail fallback.
	Email     bool      `bun:"email"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// defaultPreferences returns the switches of a user who never changed
// them.
func defaultPreferences(userID uuid.UUID) Preferences {
	return Preferences{UserID: userID, Email: true}
}

func (p Preferences) enabled(event string) bool {
	return !slices.Contains(strings.Split(p.DisabledEvents, ","), event)
}

// set switches event on or off.
func (p *Preferences) set(event string, on bool) {
	var off []string
	for _, e := range strings.Split(p.DisabledEvents, ",") {
		if e != "" && e != event {
			off = append(off, e)
		}
	}
	if !on {
		off = append(off, event)
	}
	slices.Sort(off)
	p.DisabledEvents = strings.Join(off, ",")
}

// preferencesOf returns the preferences of users, defaults included.
func preferencesOf(ctx context.Context, db bun.IDB, users []uuid.UUID) (map[uuid.UUID]Preferences, error) {
	out := make(map[uuid.UUID]Preferences, len(users))
	for _, id := range users {
		out[id] = defaultPreferences(id)
	}
	if len(users) == 0 {
		return out, nil
	}
	var stored []Preferences
	if err := db.NewSelect().Model(&stored).Where("np.user_id IN (?)", bun.List(users)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("select notification preferences: %w", err)
	}
	for _, p := range stored {
		out[p.UserID] = p
	}
	return out, nil
}

// savePreferences stores p, replacing the user's row.
func savePreferences(ctx context.Context, db bun.IDB, p Preferences) error {
	p.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond)
	_, err := db.NewInsert().Model(&p).
		On("CONFLICT (user_id) DO UPDATE").
		Set("disabled_events = EXCLUDED.disabled_events").
		Set("email = EXCLUDED.email").
		Set("updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("store notification preferences of user %s: %w", p.UserID, err)
	}
	return nil
}
