package workorders

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
)

// WorkOrderBody is the body of POST /api/v1/work-orders and of PATCH
// /api/v1/work-orders/{id}, and the fields of a pushed work_order
// operation. A PATCH changes only the members it carries.
type WorkOrderBody struct {
	// ID is the id the client made for a new work order. A PATCH ignores
	// it.
	ID assets.Field[string] `json:"id"`
	// Version is the version the client read, required by a PATCH.
	Version        *int                   `json:"version"`
	RequestID      assets.Field[string]   `json:"request_id"`
	SiteID         assets.Field[string]   `json:"site_id"`
	AssetIDs       assets.Field[[]string] `json:"asset_ids"`
	Category       assets.Field[string]   `json:"category"`
	Level          assets.Field[int]      `json:"level"`
	Status         assets.Field[string]   `json:"status"`
	Notes          assets.Field[string]   `json:"notes"`
	Checklist      assets.Field[[]string] `json:"checklist"`
	ChecklistOther assets.Field[[]string] `json:"checklist_other"`
	TravelMinutes  assets.Field[int]      `json:"travel_minutes"`
	Summary        assets.Field[string]   `json:"summary"`
	SignedBy       assets.Field[string]   `json:"signed_by"`
	// SignatureFileID is a stored file of kind signature, or null to
	// remove the signature.
	SignatureFileID assets.Field[string] `json:"signature_file_id"`
	OpenedAt        assets.Field[string] `json:"opened_at"`
	WorkedOn        assets.Field[string] `json:"worked_on"`
	// Minutes and TimeEntries record the work time at creation: either a
	// manual time or the timer's entries, never both.
	Minutes     assets.Field[int]             `json:"minutes"`
	TimeEntries assets.Field[[]TimeEntryBody] `json:"time_entries"`
}

// TimeEntryBody is the body of POST /api/v1/work-orders/{id}/time-entries,
// an item of a creation's time_entries, and the fields of a pushed
// time_entry operation, which also carry work_order_id.
type TimeEntryBody struct {
	ID          assets.Field[string] `json:"id"`
	WorkOrderID string               `json:"work_order_id"`
	Kind        string               `json:"kind"`
	// At is the device's time, in RFC 3339; a correction or manual entry
	// without it is dated now.
	At      string `json:"at"`
	Minutes *int   `json:"minutes"`
	Reason  string `json:"reason"`
}

// links are the ids of a body that point at other records.
type links struct {
	requestID *uuid.UUID
	siteID    *uuid.UUID
	assetIDs  []uuid.UUID
}

// apply copies the members of body to wo and returns the ids it names.
// It returns the 400 of an id, a date or a time that cannot be read.
func (body WorkOrderBody) apply(wo *WorkOrder) (links, error) {
	bad := field.Faults{}
	var l links
	l.requestID = readID(bad, "request_id", body.RequestID)
	l.siteID = readID(bad, "site_id", body.SiteID)
	if signature := readID(bad, "signature_file_id", body.SignatureFileID); signature != nil {
		wo.SignatureFileID = signature
		if *signature == uuid.Nil {
			wo.SignatureFileID = nil
		}
	}
	if body.AssetIDs.Set {
		l.assetIDs = make([]uuid.UUID, 0, len(body.AssetIDs.Value))
		for _, text := range body.AssetIDs.Value {
			if id := bad.ID("asset_ids", text); id != uuid.Nil && !slices.Contains(l.assetIDs, id) {
				l.assetIDs = append(l.assetIDs, id)
			}
		}
	}

	for _, m := range []struct {
		in  assets.Field[string]
		dst *string
	}{
		{body.Category, &wo.Category}, {body.Status, &wo.Status}, {body.Notes, &wo.Notes},
		{body.Summary, &wo.Summary}, {body.SignedBy, &wo.SignedBy},
	} {
		if m.in.Set {
			*m.dst = strings.TrimSpace(m.in.Value)
		}
	}
	if body.Level.Set {
		wo.Level = body.Level.Value
	}
	if body.TravelMinutes.Set {
		wo.TravelMinutes = body.TravelMinutes.Value
	}
	if body.Checklist.Set {
		wo.Checklist = trimAll(body.Checklist.Value)
	}
	if body.ChecklistOther.Set {
		wo.ChecklistOther = trimAll(body.ChecklistOther.Value)
	}
	if body.OpenedAt.Set {
		if at, ok := readTime(bad, "opened_at", body.OpenedAt.Value); ok {
			wo.OpenedAt = at
		}
	}
	if body.WorkedOn.Set {
		if d, ok := bad.Date("worked_on", body.WorkedOn.Value); ok {
			wo.WorkedOn = d
		}
	}
	return l, bad.Unreadable()
}

// readID reads an optional id member: nil when absent, null or "", and
// uuid.Nil for null or "" when the member is set, so that a caller can
// tell "clear" from "leave".
func readID(bad field.Faults, name string, in assets.Field[string]) *uuid.UUID {
	if !in.Set {
		return nil
	}
	if in.Value == "" {
		cleared := uuid.Nil
		return &cleared
	}
	id := bad.ID(name, in.Value)
	if id == uuid.Nil {
		return nil
	}
	return &id
}

// readTime reads an RFC 3339 time, kept to the microsecond as both
// databases store it.
func readTime(bad field.Faults, name, text string) (time.Time, bool) {
	at, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		bad.Add(name, i18n.Msg("work_order_time_unreadable", apierr.Quote(text)))
		return time.Time{}, false
	}
	return at.UTC().Truncate(time.Microsecond), true
}

func trimAll(items []string) []string {
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = strings.TrimSpace(item)
	}
	return out
}

// entry reads a time entry of the work order workOrderID by user. An
// entry without a time is dated now.
func (body TimeEntryBody) entry(id, workOrderID uuid.UUID, user uuid.UUID, now time.Time) (TimeEntry, error) {
	bad := field.Faults{}
	e := TimeEntry{
		ID: id, WorkOrderID: workOrderID, Kind: strings.TrimSpace(body.Kind), At: now,
		Minutes: body.Minutes, Reason: strings.TrimSpace(body.Reason), UserID: &user, CreatedAt: now,
	}
	if body.At != "" {
		e.At, _ = readTime(bad, "at", body.At)
	} else if isTimerEvent(e.Kind) {
		bad.Add("at", i18n.Msg("time_entry_at_missing", e.Kind))
	}
	if err := bad.Unreadable(); err != nil {
		return e, err
	}

	f := field.Faults{}
	f.Enum("kind", e.Kind, Kinds)
	f.Text("reason", e.Reason, false, maxReason)
	if err := f.Invalid(); err != nil {
		return e, err
	}
	return e, nil
}

// creationOnly is the 422 of a member that only a creation may carry.
func creationOnly(name string) error {
	return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: i18n.Msg("invalid_fields"),
		Fields: map[string]i18n.Message{name: i18n.Msg("work_order_creation_only")}}
}
