package loans

import (
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/i18n"
)

// Limits of the text of a loan.
const (
	maxReason = 1000
	maxNote   = 4000
)

// faults maps each field at fault to what is wrong with it. The first
// fault of a field is the one reported.
type faults map[string]i18n.Message

func (f faults) add(field string, m i18n.Message) {
	if _, seen := f[field]; !seen {
		f[field] = m
	}
}

// invalid returns the 422 that lists the faults, or nil.
func (f faults) invalid() error {
	if len(f) == 0 {
		return nil
	}
	return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: i18n.Msg("invalid_fields"), Fields: f}
}

// unreadable returns the 400 of values that cannot be read, or nil.
func (f faults) unreadable() error {
	if len(f) == 0 {
		return nil
	}
	return &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_value", Message: i18n.Msg("fleet_invalid_values"), Fields: f}
}

// text checks a free text of at most max characters, with line breaks
// but no other control or invisible character.
func (f faults) text(name, value string, required bool, max int) {
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0 && required:
		f.add(name, i18n.Msg("fleet_text_empty", max))
	case n > max:
		f.add(name, i18n.Msg("fleet_text_long", apierr.Quote(value), n, max))
	case strings.IndexFunc(value, invisible) >= 0:
		f.add(name, i18n.Msg("fleet_text_control", apierr.Quote(value)))
	}
}

// invisible reports a rune that no text of a loan may hold: invalid
// UTF-8, format characters such as a zero-width space, line separators,
// and control characters other than line breaks and tabs.
func invisible(r rune) bool {
	switch {
	case r == utf8.RuneError, unicode.Is(unicode.Cf, r), unicode.In(r, unicode.Zl, unicode.Zp):
		return true
	case unicode.IsControl(r):
		return r != '\n' && r != '\r' && r != '\t'
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

// id reads a required id member.
func (f faults) id(name string, in assets.Field[string]) uuid.UUID {
	if !in.Set || in.Value == "" {
		return uuid.Nil
	}
	id, err := uuid.Parse(in.Value)
	if err != nil || len(in.Value) != 36 || id == uuid.Nil {
		f.add(name, i18n.Msg("fleet_id_unreadable", apierr.Quote(in.Value)))
		return uuid.Nil
	}
	return id
}

// date reads a date member written YYYY-MM-DD; ok is false when it is
// absent, empty or unreadable.
func (f faults) date(name string, in assets.Field[string]) (d assets.Date, ok bool) {
	if !in.Set || in.Value == "" {
		return d, false
	}
	t, err := time.Parse(time.DateOnly, in.Value)
	if err != nil {
		f.add(name, i18n.Msg("fleet_date_unreadable", apierr.Quote(in.Value)))
		return d, false
	}
	return assets.Date{Time: t}, true
}

// newID returns the id a client made for a new record, or a new UUIDv7.
func newID(in assets.Field[string]) (uuid.UUID, error) {
	bad := faults{}
	if id := bad.id("id", in); id != uuid.Nil {
		return id, nil
	}
	if err := bad.unreadable(); err != nil {
		return uuid.Nil, err
	}
	return uuid.Must(uuid.NewV7()), nil
}
