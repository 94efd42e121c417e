package sync

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"parc/server/accounts"
	"parc/server/apierr"
)

// Page sizes of a pull.
const (
	DefaultPullLimit = 1000
	MaxPullLimit     = 5000
)

// PulledChange is one record a pull sends: its fields as stored now, or
// a tombstone without fields.
type PulledChange struct {
	Seq      int64     `json:"seq"`
	Entity   string    `json:"entity"`
	EntityID uuid.UUID `json:"entity_id"`
	Action   string    `json:"action"`
	Fields   any       `json:"fields"`
	Version  int       `json:"version"`
}

// PullPage is the response to a pull.
type PullPage struct {
	Changes []PulledChange `json:"changes"`
	Cursor  string         `json:"cursor"`
	More    bool           `json:"more"`
	// Reset makes the device clear its copy before applying the page:
	// on a first load, and when the cursor no longer fits the user.
	Reset bool `json:"reset"`
}

// Pull returns the changes after cursor that scope may see, at most
// limit of them, in sequence order. An empty cursor starts a full load,
// which leaves tombstones out. A cursor made for another scope, such as
// a correspondent given another commune since, or one ahead of the
// sequence, such as after a restore, starts a full load too.
func (e *Engine) Pull(ctx context.Context, scope accounts.Scope, cursor string, limit int) (PullPage, error) {
	after, reset, err := readCursor(cursor, scope)
	if err != nil {
		return PullPage{}, err
	}

	var page PullPage
	err = e.Reader.RunInTx(ctx, snapshot(e.Reader), func(ctx context.Context, tx bun.Tx) error {
		last, err := lastSeq(ctx, tx)
		if err != nil {
			return err
		}
		if after > last {
			after, reset = 0, true
		}
		page, err = e.readPage(ctx, tx, scope, after, limit)
		return err
	})
	page.Reset = reset
	return page, err
}

// snapshot returns the options of a read transaction that reads one
// state of the database. A SQLite read transaction already does.
func snapshot(db *bun.DB) *sql.TxOptions {
	if db.Dialect().Name() == dialect.PG {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return nil
}

func (e *Engine) readPage(ctx context.Context, tx bun.Tx, scope accounts.Scope, after int64, limit int) (PullPage, error) {
	rows, err := changesAfter(ctx, tx, scope, after, limit+1)
	if err != nil {
		return PullPage{}, err
	}
	page := PullPage{Changes: []PulledChange{}, Cursor: makeCursor(after, scope)}
	if len(rows) > limit {
		rows, page.More = rows[:limit], true
	}
	if len(rows) == 0 {
		return page, nil
	}
	// The cursor moves to the last row read, tombstones included, so a
	// page that ends on a tombstone resumes right after it.
	page.Cursor = makeCursor(rows[len(rows)-1].Seq, scope)

	records, err := e.load(ctx, tx, rows)
	if err != nil {
		return PullPage{}, err
	}
	for _, row := range rows {
		c := PulledChange{Seq: row.Seq, Entity: row.Entity, EntityID: row.EntityID, Action: row.Action, Version: row.Version}
		if row.Action == ActionUpsert {
			record, ok := records[row.Entity][row.EntityID]
			if !ok {
				continue
			}
			c.Fields = record
		}
		page.Changes = append(page.Changes, c)
	}
	return page, nil
}

// changesAfter reads the rows of the sequence after seq that scope may
// see. A first load reads no tombstone: the device has nothing to drop.
func changesAfter(ctx context.Context, tx bun.IDB, scope accounts.Scope, seq int64, n int) ([]changeRow, error) {
	if !scope.All && len(scope.Communes) == 0 {
		return nil, nil
	}
	var rows []changeRow
	q := tx.NewSelect().Model(&rows).Where("seq > ?", seq).OrderExpr("seq").Limit(int64(n))
	if !scope.All {
		q = q.Where("commune_id IN (?)", bun.In(append([]uuid.UUID{Everyone}, scope.Communes...)))
	}
	if seq == 0 {
		q = q.Where("action = ?", ActionUpsert)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("select changes after %d: %w", seq, err)
	}
	return rows, nil
}

// load reads the records of the upserts among rows, by entity and id.
func (e *Engine) load(ctx context.Context, tx bun.IDB, rows []changeRow) (map[string]map[uuid.UUID]any, error) {
	ids := map[string][]uuid.UUID{}
	for _, row := range rows {
		if row.Action == ActionUpsert {
			ids[row.Entity] = append(ids[row.Entity], row.EntityID)
		}
	}
	out := make(map[string]map[uuid.UUID]any, len(ids))
	for entity, list := range ids {
		loader, ok := e.Loaders[entity]
		if !ok {
			return nil, fmt.Errorf("no loader for synced entity %q", entity)
		}
		records, err := loader(ctx, tx, list)
		if err != nil {
			return nil, err
		}
		out[entity] = records
	}
	return out, nil
}

func lastSeq(ctx context.Context, tx bun.IDB) (int64, error) {
	var last int64
	err := tx.NewSelect().Table("sync_counters").Column("seq").Where("name = 'changes'").Scan(ctx, &last)
	if err != nil {
		return 0, fmt.Errorf("read the change sequence: %w", err)
	}
	return last, nil
}

// A cursor is "<seq>.<scope>", where scope is a short digest of the
// communes the user could see when it was made.
func makeCursor(seq int64, scope accounts.Scope) string {
	return strconv.FormatInt(seq, 10) + "." + scopeDigest(scope)
}

// readCursor returns the sequence number after which to read, and true
// when the device must clear its copy first.
func readCursor(cursor string, scope accounts.Scope) (int64, bool, error) {
	if cursor == "" {
		return 0, true, nil
	}
	num, digest, ok := strings.Cut(cursor, ".")
	seq, err := strconv.ParseInt(num, 10, 64)
	if !ok || err != nil || seq < 0 || len(digest) != 16 {
		return 0, false, apierr.New(http.StatusBadRequest, "invalid_cursor", "sync_cursor_unreadable", apierr.Quote(cursor))
	}
	if digest != scopeDigest(scope) {
		return 0, true, nil
	}
	return seq, false, nil
}

func scopeDigest(scope accounts.Scope) string {
	if scope.All {
		return "0000000000000000"
	}
	ids := make([]string, len(scope.Communes))
	for i, id := range scope.Communes {
		ids[i] = id.String()
	}
	slices.Sort(ids)
	sum := sha256.Sum256([]byte(strings.Join(ids, ",")))
	return hex.EncodeToString(sum[:8])
}
