// Package field checks the members of request bodies for the domains
// that write synced records: requests, work orders, loans and
// maintenance. It collects the fault of each member and turns them into
// the 400 of values that cannot be read or the 422 of values that a rule
// rejects. The rules that need the database stay in each domain. The
// fleet (package assets) keeps its own checks, which have more rules.
// This package imports assets only for the body member type Field and
// for Date.
package field

import (
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"parc/server/apierr"
	"parc/server/i18n"
)

// Faults maps each member at fault to what is wrong with it. The first
// fault added for a member is the one reported.
type Faults map[string]i18n.Message

// Add records m as the fault of name, unless name already has one.
func (f Faults) Add(name string, m i18n.Message) {
	if _, found := f[name]; !found {
		f[name] = m
	}
}

// Invalid returns the 422 that lists the faults, or nil when there are
// none.
func (f Faults) Invalid() error {
	if len(f) == 0 {
		return nil
	}
	return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: i18n.Msg("invalid_fields"), Fields: f}
}

// Unreadable returns the 400 of members whose value cannot be read, such
// as an id that is not a UUID, or nil when there are none.
func (f Faults) Unreadable() error {
	if len(f) == 0 {
		return nil
	}
	return &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_value", Message: i18n.Msg("fleet_invalid_values"), Fields: f}
}

// Text checks a free text of at most max characters that may hold line
// breaks and tabs. An empty value is a fault only when required.
func (f Faults) Text(name, value string, required bool, max int) {
	f.text(name, value, required, max, true)
}

// Line checks a one-line text of at most max characters. Unlike Text, it
// rejects line breaks and tabs too, with a message that names them.
func (f Faults) Line(name, value string, required bool, max int) {
	f.text(name, value, required, max, false)
}

func (f Faults) text(name, value string, required bool, max int, multiline bool) {
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0 && required:
		f.Add(name, i18n.Msg("fleet_text_empty", max))
	case n > max:
		f.Add(name, i18n.Msg("fleet_text_long", apierr.Quote(value), n, max))
	case strings.ContainsFunc(value, func(r rune) bool { return forbidden(r, multiline) }):
		key := "fleet_text_control"
		if !multiline {
			key = "fleet_text_control_line"
		}
		f.Add(name, i18n.Msg(key, apierr.Quote(value)))
	}
}

// forbidden reports whether a text may not contain r. The forbidden runes
// are invalid UTF-8, format characters such as a zero-width space, line
// and paragraph separators, and control characters other than the line
// breaks and tabs of multiline text. PostgreSQL rejects NUL in text, and
// invisible characters make two values look the same.
func forbidden(r rune, multiline bool) bool {
	switch {
	case r == utf8.RuneError, unicode.Is(unicode.Cf, r), unicode.In(r, unicode.Zl, unicode.Zp):
		return true
	case r == '\n', r == '\r', r == '\t':
		return !multiline
	}
	return unicode.IsControl(r)
}

// Enum checks that value is one of allowed.
func (f Faults) Enum(name, value string, allowed []string) {
	switch {
	case value == "":
		f.Add(name, i18n.Msg("fleet_enum_missing", strings.Join(allowed, ", ")))
	case !slices.Contains(allowed, value):
		f.Add(name, i18n.Msg("fleet_enum", apierr.Quote(value), strings.Join(allowed, ", ")))
	}
}
