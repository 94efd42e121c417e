package requests

import (
	"slices"

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

// statusName returns the name of a status in the catalogue, which
// messages show in the user's language.
func statusName(status string) i18n.Message {
	return i18n.Msg("request_status_" + status)
}
