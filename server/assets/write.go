package assets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// Writer makes the changes to the fleet. Each method checks its request,
// writes in one transaction with one audit entry by the actor, and
// returns the record as stored.
type Writer struct {
	DB *bun.DB
	// TagPrefix returns the prefix in force of the deployment's asset tags,
	// read when a write puts a tag on an asset.
	TagPrefix func(ctx context.Context) (string, error)
	Tags      TagRegistry
}

// Actions of the audit entries that fleet writes add.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionArchive = "archive"
	ActionRestore = "restore"
)

// Field is a member of a request body that may be absent, null or set to
// a value, so that a PATCH changes only the members it carries. A null
// member leaves Value at its zero value.
type Field[T any] struct {
	// Set is true when the body has the member, Null when its value is null.
	Set, Null bool
	Value     T
}

// UnmarshalJSON records that the member is present. encoding/json calls
// it for a null value too.
func (f *Field[T]) UnmarshalJSON(b []byte) error {
	f.Set = true
	if string(b) == "null" {
		f.Null = true
		return nil
	}
	return json.Unmarshal(b, &f.Value)
}

// inTx runs write in a transaction that holds the lock of synced writes,
// which also serializes the fleet's checks: a name unique without regard
// to case or accents, a parent that is not archived, no active children
// left when archiving. Under READ COMMITTED, two transactions could each
// pass their check and together break the rule.
func (w *Writer) inTx(ctx context.Context, write func(ctx context.Context, tx bun.Tx) error) error {
	return sync.InTx(ctx, w.DB, write)
}

// now returns the time of a write, to the microsecond that PostgreSQL
// keeps, so that a record reads back the same on both engines.
func now() time.Time {
	return time.Now().UTC().Truncate(time.Microsecond)
}

// faults maps each field at fault to what is wrong with it. The first
// fault found for a field is the one reported.
type faults map[string]i18n.Message

func (f faults) add(field string, m i18n.Message) {
	if _, ok := f[field]; !ok {
		f[field] = m
	}
}

// invalid returns the 422 that lists the faults, or nil when there is none.
func (f faults) invalid() error {
	if len(f) == 0 {
		return nil
	}
	return &apierr.Error{
		Status: http.StatusUnprocessableEntity, Code: "invalid_fields",
		Message: i18n.Msg("invalid_fields"), Fields: f,
	}
}

// unreadable returns the 400 of members whose value cannot be read, such
// as an id that is not a UUID or a date that is not YYYY-MM-DD, or nil.
func (f faults) unreadable() error {
	if len(f) == 0 {
		return nil
	}
	return &apierr.Error{
		Status: http.StatusBadRequest, Code: "invalid_value",
		Message: i18n.Msg("fleet_invalid_values"), Fields: f,
	}
}

// id reads an id member: ok is false when the member is absent or
// unreadable, and the id is uuid.Nil for null or "".
func (f faults) id(name string, in Field[string]) (id uuid.UUID, ok bool) {
	if !in.Set {
		return uuid.Nil, false
	}
	if in.Value == "" {
		return uuid.Nil, true
	}
	id, err := uuid.Parse(in.Value)
	if err != nil || len(in.Value) != 36 || id == uuid.Nil {
		f.add(name, i18n.Msg("fleet_id_unreadable", apierr.Quote(in.Value)))
		return uuid.Nil, false
	}
	return id, true
}

// date reads a date member: ok is false when the member is absent or
// unreadable, and the date is nil for null or "".
func (f faults) date(name string, in Field[string]) (d *Date, ok bool) {
	if !in.Set {
		return nil, false
	}
	if in.Value == "" {
		return nil, true
	}
	t, err := time.Parse(time.DateOnly, in.Value)
	if err != nil {
		f.add(name, i18n.Msg("fleet_date_unreadable", apierr.Quote(in.Value)))
		return nil, false
	}
	return &Date{t}, true
}

// textRule is the set of limits of a text field.
type textRule struct {
	// max is the length limit in characters.
	max      int
	required bool
	// multiline allows line breaks and tabs.
	multiline bool
}

var (
	nameRule    = textRule{max: 100, required: true}
	shortRule   = textRule{max: 100}
	addressRule = textRule{max: 300, multiline: true}
	modelRule   = textRule{max: 200}
	notesRule   = textRule{max: 4000, multiline: true}
)

// lineBreaks are the control characters that multiline text may hold.
const lineBreaks = "\n\r\t"

// text checks the value of a text field against rule. Control characters
// are rejected because no field needs them and PostgreSQL rejects NUL in
// text. Invisible format characters (zero-width space, soft hyphen,
// direction overrides), line separators and invalid UTF-8 are rejected too,
// because they make two names look the same or text display wrongly.
func (f faults) text(name, value string, rule textRule) {
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0 && rule.required:
		f.add(name, i18n.Msg("fleet_text_empty", rule.max))
	case n > rule.max:
		f.add(name, i18n.Msg("fleet_text_long", apierr.Quote(value), n, rule.max))
	case strings.IndexFunc(value, func(r rune) bool { return forbiddenRune(r, rule.multiline) }) >= 0:
		if rule.multiline {
			f.add(name, i18n.Msg("fleet_text_control", apierr.Quote(value)))
		} else {
			f.add(name, i18n.Msg("fleet_text_control_line", apierr.Quote(value)))
		}
	}
}

// forbiddenRune reports whether r may not appear in a text field;
// multiline fields may hold the characters of lineBreaks.
func forbiddenRune(r rune, multiline bool) bool {
	switch {
	case r == utf8.RuneError, unicode.Is(unicode.Cf, r), unicode.In(r, unicode.Zl, unicode.Zp):
		return true
	case unicode.IsControl(r):
		return !(multiline && strings.ContainsRune(lineBreaks, r))
	}
	return false
}

// enum checks that value is one of allowed.
func (f faults) enum(name, value string, allowed []string) {
	switch {
	case value == "":
		f.add(name, i18n.Msg("fleet_enum_missing", strings.Join(allowed, ", ")))
	case !slices.Contains(allowed, value):
		f.add(name, i18n.Msg("fleet_enum", apierr.Quote(value), strings.Join(allowed, ", ")))
	}
}

// sibling is the name of a record that shares a parent with the one
// written, for the check of unique names.
type sibling struct {
	ID   uuid.UUID `bun:"id"`
	Name string    `bun:"name"`
	// Slug is read for communes only.
	Slug       string     `bun:"slug"`
	ArchivedAt *time.Time `bun:"archived_at"`
}

// sameName returns the sibling other than id whose name folds like name,
// active ones first. Names are folded in Go rather than in SQL, so that
// both engines compare them alike, which stays cheap because a parent has
// few children.
func sameName(siblings []sibling, id uuid.UUID, name string) (sibling, bool) {
	folded := store.Fold(name)
	var found sibling
	ok := false
	for _, s := range siblings {
		if s.ID == id || store.Fold(s.Name) != folded {
			continue
		}
		if !ok || found.ArchivedAt != nil {
			found, ok = s, true
		}
	}
	return found, ok
}

// nameTaken adds a fault on name when a sibling other than id has a name
// that folds like name, and reports whether it added one. The message key
// is activeKey, or archivedKey when that sibling is archived.
func (f faults) nameTaken(siblings []sibling, id uuid.UUID, name, activeKey, archivedKey string) bool {
	other, ok := sameName(siblings, id, name)
	if !ok {
		return false
	}
	key := activeKey
	if other.ArchivedAt != nil {
		key = archivedKey
	}
	f.add("name", i18n.Msg(key, other.Name))
	return true
}

// archivedParent adds the fault m of a record whose parent is archived.
// The fault goes on field when the write moves the record to that parent,
// creation included, and otherwise on archived when the record stays
// active.
func (f faults) archivedParent(field string, moved, active bool, m i18n.Message) {
	switch {
	case moved:
		f.add(field, m)
	case active:
		f.add("archived", m)
	}
}

// siblings reads the id, name and archived_at of the rows of table whose
// column equals parent, or of every row when column is empty, and their
// slug when withSlug is true.
func siblings(ctx context.Context, tx bun.IDB, table, column string, parent uuid.UUID, withSlug bool) ([]sibling, error) {
	q := tx.NewSelect().Table(table).Column("id", "name", "archived_at")
	if withSlug {
		q = q.Column("slug")
	}
	if column != "" {
		q = q.Where("? = ?", bun.Ident(column), parent)
	}
	out := []sibling{}
	if err := q.Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("select names of %s: %w", table, err)
	}
	return out, nil
}

// count runs a count query of the checks.
func count(ctx context.Context, q *bun.SelectQuery, what string) (int, error) {
	n, err := q.Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", what, err)
	}
	return int(n), nil
}

// isNotFound reports whether err is a store.ErrNotFound.
func isNotFound(err error) bool {
	return errors.Is(err, store.ErrNotFound)
}
