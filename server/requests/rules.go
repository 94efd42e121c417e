package requests

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"net/http"
	"parc/server/apierr"
	"parc/server/i18n"
)

// Limits of the text of a request.
const (
	maxDescription = 4000
	maxReason      = 1000
	maxComment     = 4000
)

// transitions lists, for each status, the statuses a technician may move
// a request to. Done and refused are final: a new problem is a new
// request.
var transitions = map[string][]string{
	StatusNew:        {StatusPlanned, StatusInProgress, StatusRefused},
	StatusPlanned:    {StatusInProgress, StatusRefused},
	StatusInProgress: {StatusPlanned, StatusDone},
	StatusDone:       {},
	StatusRefused:    {},
}

// CanMove reports whether a request may go from one status to another.
// A planned request keeps its status when its date changes.
func CanMove(from, to string) bool {
	return slices.Contains(transitions[from], to)
}

// faults maps each field at fault to what is wrong with it.
type faults map[string]i18n.Message

func (f faults) add(field string, m i18n.Message) {
	if _, ok := f[field]; !ok {
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

// text checks a free text: required or not, at most max characters, line
// breaks allowed, no other control or invisible character.
func (f faults) text(name, value string, required bool, max int) {
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0 && required:
		f.add(name, i18n.Msg("fleet_text_empty", max))
	case n > max:
		f.add(name, i18n.Msg("fleet_text_long", apierr.Quote(value), n, max))
	case strings.IndexFunc(value, forbidden) >= 0:
		f.add(name, i18n.Msg("fleet_text_control", apierr.Quote(value)))
	}
}

func forbidden(r rune) bool {
	switch {
	case r == utf8.RuneError, unicode.Is(unicode.Cf, r), unicode.In(r, unicode.Zl, unicode.Zp):
		return true
	case unicode.IsControl(r):
		return !strings.ContainsRune("\n\r\t", r)
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

// statusName returns the name of a status in the catalogue, which
// messages show in the user's language.
func statusName(status string) i18n.Message {
	return i18n.Msg("request_status_" + status)
}
