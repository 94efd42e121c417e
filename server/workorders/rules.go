package workorders

import (
	"net/http"
	"parc/server/apierr"
	"parc/server/field"
	"parc/server/i18n"
	"slices"
	"strings"
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

// reject returns a 422 whose message, catalogue entry key, is also the
// fault of field.
func reject(field, key string, args ...any) *apierr.Error {
	m := i18n.Msg(key, args...)
	return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: m, Fields: map[string]i18n.Message{field: m}}
}

// checkChecklist checks the ticked codes and the free items.
func checkChecklist(f field.Faults, codes, other []string) {
	for i, code := range codes {
		switch {
		case !slices.Contains(ChecklistCodes, code):
			f.Add("checklist", i18n.Msg("fleet_enum", apierr.Quote(code), strings.Join(ChecklistCodes, ", ")))
		case slices.Index(codes, code) < i:
			f.Add("checklist", i18n.Msg("work_order_check_twice", code))
		}
	}
	if len(other) > maxOtherItems {
		f.Add("checklist_other", i18n.Msg("work_order_other_items", len(other), maxOtherItems))
	}
	for _, item := range other {
		if item == "" {
			f.Add("checklist_other", i18n.Msg("work_order_other_empty"))
		}
		f.Line("checklist_other", item, false, maxOtherItem)
	}
}

// statusName returns the name of a status in the catalogue.
func statusName(status string) i18n.Message {
	return i18n.Msg("work_order_status_" + status)
}
