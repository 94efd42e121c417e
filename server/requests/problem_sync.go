package requests

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// ReportSyncBody is the fields of a pushed problem_report operation: the
// handling of a new report, as a correspondent or a technician decided it
// offline.
type ReportSyncBody struct {
	// Status is "converted" or "dismissed".
	Status string `json:"status"`
	// RequestID is the request the report becomes, for "converted": the
	// id of a request of the report's commune, or a new id, which creates
	// the request from Request at the asset's site.
	RequestID string `json:"request_id"`
	// Request is the request to create, as the REST convert body has it.
	Request *ConvertBody `json:"request"`
	// DismissedReason is the reason of a dismissal, required as in REST.
	DismissedReason string `json:"dismissed_reason"`
}

// SyncReports returns the entity that applies the problem_report
// operations devices push: an upsert turns a new report into a request or
// dismisses it, with the checks and permissions of the REST API. A report
// that someone already handled is rejected with already_handled, except
// the same conversion sent again, which changes nothing.
func SyncReports() sync.Entity {
	return reportEntity{}
}

type reportEntity struct{}

// Apply applies one operation; see sync.Entity.
func (reportEntity) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	body, err := sync.ReadUpsert[ReportSyncBody](op, "not_deletable", "problem_report_not_deletable")
	if err != nil {
		return sync.Applied{}, err
	}
	requestID, err := readRequestID(body)
	if err != nil {
		return sync.Applied{}, err
	}

	report, err := handleable(ctx, tx, actor, op.EntityID)
	if sameConversion(err, report, body.Status, requestID) {
		return sync.Applied{EntityID: report.ID, Version: report.Version, Before: report, After: report}, nil
	}
	if err != nil {
		return sync.Applied{}, err
	}

	switch body.Status {
	case ReportConverted:
		err = linkOrConvert(ctx, tx, actor, report, requestID, body.Request)
	case ReportDismissed:
		_, err = dismissIn(ctx, tx, actor, report, body.DismissedReason)
		err = renameFault(err, "reason", "dismissed_reason")
	}
	if err != nil {
		return sync.Applied{}, err
	}
	after, err := ReportByID(ctx, tx, report.ID)
	return sync.Applied{EntityID: report.ID, Version: after.Version, Before: report, After: after}, err
}

// readRequestID checks the status and reads the request id that a
// conversion needs.
func readRequestID(body ReportSyncBody) (uuid.UUID, error) {
	switch body.Status {
	case ReportDismissed:
		return uuid.Nil, nil
	case ReportConverted:
	default:
		f := field.Faults{}
		f.Enum("status", body.Status, []string{ReportConverted, ReportDismissed})
		return uuid.Nil, f.Invalid()
	}
	id, err := uuid.Parse(body.RequestID)
	if body.RequestID == "" {
		return uuid.Nil, invalidField("request_id", i18n.Msg("problem_report_sync_request_missing"))
	}
	if err != nil || len(body.RequestID) != 36 || id == uuid.Nil {
		return uuid.Nil, &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_value", Message: i18n.Msg("fleet_invalid_values"),
			Fields: map[string]i18n.Message{"request_id": i18n.Msg("fleet_id_unreadable", apierr.Quote(body.RequestID))}}
	}
	return id, nil
}

// sameConversion reports whether the operation repeats the conversion
// that the report already went through, into the same request: a device
// that sends it again under another op id then changes nothing.
func sameConversion(err error, report ProblemReport, status string, requestID uuid.UUID) bool {
	var rejection *apierr.Error
	return errors.As(err, &rejection) && rejection.Code == "already_handled" &&
		status == ReportConverted && report.Status == ReportConverted &&
		report.RequestID != nil && *report.RequestID == requestID
}

// linkOrConvert converts report into the request requestID: an existing
// request of the report's commune that no other report became, or a new
// one made from body.
func linkOrConvert(ctx context.Context, tx bun.IDB, actor sync.Actor, report ProblemReport, requestID uuid.UUID, body *ConvertBody) error {
	existing, err := RequestByID(ctx, tx, requestID)
	if errors.Is(err, store.ErrNotFound) {
		if body == nil {
			return invalidField("request", i18n.Msg("problem_report_sync_request_body", requestID.String()))
		}
		_, err = convertIn(ctx, tx, actor, report, requestID, *body)
		return err
	}
	if err != nil {
		return err
	}

	if existing.CommuneID != report.CommuneID || !actor.Scope.Allows(existing.CommuneID) {
		return invalidField("request_id", i18n.Msg("problem_report_sync_request_commune", requestID.String()))
	}
	linked, err := tx.NewSelect().Table("problem_reports").Where("request_id = ?", requestID).Exists(ctx)
	if err != nil {
		return err
	}
	if linked {
		return invalidField("request_id", i18n.Msg("problem_report_sync_request_taken", requestID.String()))
	}
	return handle(ctx, tx, actor, report, func(r *ProblemReport) {
		r.Status, r.RequestID = ReportConverted, &existing.ID
	})
}

// invalidField is the 422 of one member at fault.
func invalidField(name string, m i18n.Message) error {
	return field.Faults{name: m}.Invalid()
}

// renameFault files the fault of member from under member to, since a
// pushed operation names the dismissal's reason as the record does.
func renameFault(err error, from, to string) error {
	var rejection *apierr.Error
	if errors.As(err, &rejection) {
		if m, ok := rejection.Fields[from]; ok {
			delete(rejection.Fields, from)
			rejection.Fields[to] = m
		}
	}
	return err
}
