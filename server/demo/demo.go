// Package demo loads the Bièvre Est demo set into an empty database. It
// holds the 13 communes of the Communauté de communes de Bièvre Est and the
// CCBE itself, with their schools, town halls and libraries. The fleet has
// 178 school PCs and 11 town-hall PCs, with printers, routers and
// whiteboards, and there is one demo account per role. The set is
// deterministic: ids and tags are the same at every load.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/loans"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/tags"
	"parc/server/tariffs"
)

// Password is the password of every demo account. It is public: demo
// accounts exist only in a database loaded with --demo.
const Password = "parc-demo"

// settingKey marks a database that holds the demo set.
const settingKey = "demo"

type marker struct {
	LoadedAt time.Time `json:"loaded_at"`
}

// ErrNotEmpty is returned by Load for a database that already holds data.
var ErrNotEmpty = errors.New("database is not empty")

// Summary counts what Load stored.
type Summary struct {
	Communes, Sites, Rooms, Assets, Users int
}

// Load stores the demo set in one transaction, tagged with prefix. It
// returns ErrNotEmpty, and changes nothing, when the database already
// holds communes, assets or users.
func Load(ctx context.Context, s *store.Store, prefix string, log *slog.Logger) (Summary, error) {
	data, err := build(prefix)
	if err != nil {
		return Summary{}, fmt.Errorf("build demo set: %w", err)
	}
	if err := hashPasswords(data.users); err != nil {
		return Summary{}, err
	}

	err = s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if s.Dialect == store.Postgres {
			// Two servers started together with --demo load it once.
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", int64(0x7061726364)); err != nil {
				return fmt.Errorf("lock demo load: %w", err)
			}
		}
		empty, err := isEmpty(ctx, tx)
		if err != nil {
			return err
		}
		if !empty {
			return ErrNotEmpty
		}
		return insert(ctx, tx, data)
	})
	if err != nil {
		return Summary{}, err
	}

	sum := Summary{
		Communes: len(data.communes), Sites: len(data.sites), Rooms: len(data.rooms),
		Assets: len(data.assets), Users: len(data.users),
	}
	log.Info("demo data loaded", "communes", sum.Communes, "sites", sum.Sites,
		"rooms", sum.Rooms, "assets", sum.Assets, "users", sum.Users)
	return sum, nil
}

func hashPasswords(users []accounts.User) error {
	for i := range users {
		hash, err := accounts.HashPassword(Password)
		if err != nil {
			return fmt.Errorf("hash demo password: %w", err)
		}
		users[i].PasswordHash = hash
	}
	return nil
}

func isEmpty(ctx context.Context, db bun.IDB) (bool, error) {
	for _, model := range []any{(*assets.Commune)(nil), (*assets.Asset)(nil), (*accounts.User)(nil)} {
		exists, err := db.NewSelect().Model(model).Exists(ctx)
		if err != nil {
			return false, fmt.Errorf("check for existing data: %w", err)
		}
		if exists {
			return false, nil
		}
	}
	return true, nil
}

func insert(ctx context.Context, tx bun.Tx, data dataset) error {
	if err := assets.InsertCommunes(ctx, tx, data.communes); err != nil {
		return err
	}
	if err := assets.InsertSites(ctx, tx, data.sites); err != nil {
		return err
	}
	if err := assets.InsertRooms(ctx, tx, data.rooms); err != nil {
		return err
	}
	if err := assets.InsertAssets(ctx, tx, data.assets); err != nil {
		return err
	}
	for i := range data.users {
		if err := accounts.InsertUser(ctx, tx, &data.users[i]); err != nil {
			return err
		}
	}
	if err := tags.RecordInventory(ctx, tx, data.prefix, "Inventaire initial (démonstration)", data.assigned); err != nil {
		return err
	}
	if err := loans.InsertSpares(ctx, tx, data.spares, data.communes[0].CreatedAt); err != nil {
		return err
	}
	if err := tariffs.Insert(ctx, tx, []tariffs.Tariff{exampleTariff(data.communes[0].CreatedAt)}); err != nil {
		return err
	}
	return settings.Set(ctx, tx, settingKey, marker{LoadedAt: time.Now().UTC()})
}

// Loaded reports whether the database holds the demo set.
func Loaded(ctx context.Context, db bun.IDB) (bool, error) {
	var m marker
	err := settings.Get(ctx, db, settingKey, &m)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
