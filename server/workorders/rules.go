package workorders

import (
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"parc/server/apierr"
	"parc/server/i18n"
)

// Limits of the members of a work order.
const (
	maxNotes         = 4000
	maxSummary       = 4000
	maxSignedBy      = 200
	maxReason        = 1000
	maxOtherItems    = 20
	maxOtherItem     = 200
	maxAssets        = 100
	maxTravelMinutes = 24 * 60
	maxBodyEntries   = 200
)

// transitions lists, for each status, the statuses a work order may move
// to. Work recorded afterwards goes from planned straight to done. Done
// is final unless a technician reopens the work order to add work.
var transitions = map[string][]string{
	StatusPlanned:    {StatusInProgress, StatusDone},
	StatusInProgress: {StatusDone},
	StatusDone:       {StatusInProgress},
}

// CanMove reports whether a work order may go from one status to another.
func CanMove(from, to string) bool {
	return slices.Contains(transitions[from], to)
}

// faults maps each member at fault to what is wrong with it.
type faults map[string]i18n.Message

func (f faults) add(field string, m i18n.Message) {
	if _, found := f[field]; !found {
		f[field] = m
	}
}

// invalid returns the 422 that lists the faults, or nil when there are
// none.
func (f faults) invalid() error {
	if len(f) == 0 {
		return nil
	}
	return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: i18n.Msg("invalid_fields"), Fields: f}
}

// unreadable returns the 400 of members that cannot be read, or nil.
func (f faults) unreadable() error {
	if len(f) == 0 {
		return nil
	}
	return &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_value", Message: i18n.Msg("fleet_invalid_values"), Fields: f}
}

// reject returns a 422 whose message, catalogue entry key, is also the
// fault of field.
func reject(field, key string, args ...any) *apierr.Error {
	m := i18n.Msg(key, args...)
	return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: m, Fields: map[string]i18n.Message{field: m}}
}

// text checks free text of at most max characters: line breaks are
// allowed when multiline, other control and invisible characters never.
func (f faults) text(name, value string, max int, multiline bool) {
	n := utf8.RuneCountInString(value)
	switch {
	case n > max:
		f.add(name, i18n.Msg("fleet_text_long", apierr.Quote(value), n, max))
	case strings.ContainsFunc(value, func(r rune) bool { return badRune(r, multiline) }):
		key := "fleet_text_control"
		if !multiline {
			key = "fleet_text_control_line"
		}
		f.add(name, i18n.Msg(key, apierr.Quote(value)))
	}
}

func badRune(r rune, multiline bool) bool {
	if r == utf8.RuneError || unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Zl, unicode.Zp) {
		return true
	}
	if r == '\n' || r == '\r' || r == '\t' {
		return !multiline
	}
	return unicode.IsControl(r)
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

// checklist checks the ticked codes and the free items.
func (f faults) checklist(codes, other []string) {
	for i, code := range codes {
		switch {
		case !slices.Contains(ChecklistCodes, code):
			f.add("checklist", i18n.Msg("fleet_enum", apierr.Quote(code), strings.Join(ChecklistCodes, ", ")))
		case slices.Index(codes, code) < i:
			f.add("checklist", i18n.Msg("work_order_check_twice", code))
		}
	}
	if len(other) > maxOtherItems {
		f.add("checklist_other", i18n.Msg("work_order_other_items", len(other), maxOtherItems))
	}
	for _, item := range other {
		if item == "" {
			f.add("checklist_other", i18n.Msg("work_order_other_empty"))
		}
		f.text("checklist_other", item, maxOtherItem, false)
	}
}

// statusName returns the name of a status in the catalogue.
func statusName(status string) i18n.Message {
	return i18n.Msg("work_order_status_" + status)
}
