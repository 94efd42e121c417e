package requests

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/sync"
)

// ConvertBody is the body of POST /api/v1/problem-reports/{id}/convert:
// the request to make of the report. The description defaults to the
// report's, with who reported it.
type ConvertBody struct {
	Category    string `json:"category"`
	Urgency     string `json:"urgency"`
	Description string `json:"description"`
}

// Convert makes a request of the new problem report id, at its asset's
// site, and marks the report converted. It returns the request.
func (w *Writer) Convert(ctx context.Context, actor sync.Actor, id uuid.UUID, body ConvertBody) (Request, error) {
	var created Request
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		report, err := handleable(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		created, err = convertIn(ctx, tx, actor, report, uuid.Must(uuid.NewV7()), body)
		return err
	})
	return created, err
}

// convertIn creates the request requestID of report, a new report that
// actor may handle, and marks the report converted.
func convertIn(ctx context.Context, tx bun.IDB, actor sync.Actor, report ProblemReport, requestID uuid.UUID, body ConvertBody) (Request, error) {
	description := strings.TrimSpace(body.Description)
	if description == "" {
		description = i18n.Msg("problem_report_description", report.Description, report.ReporterName).Text(i18n.French)
	}
	req := RequestBody{
		SiteID:      setField(report.SiteID.String()),
		AssetID:     setField(report.AssetID.String()),
		Category:    setField(body.Category),
		Urgency:     setField(body.Urgency),
		Description: setField(description),
	}
	created, err := createIn(ctx, tx, actor, requestID, req)
	if err != nil {
		return created, err
	}
	return created, handle(ctx, tx, actor, report, func(r *ProblemReport) {
		r.Status, r.RequestID = ReportConverted, &created.ID
	})
}

// Dismiss marks the new problem report id dismissed, with the reason.
func (w *Writer) Dismiss(ctx context.Context, actor sync.Actor, id uuid.UUID, reason string) (ProblemReport, error) {
	var after ProblemReport
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		report, err := handleable(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		after, err = dismissIn(ctx, tx, actor, report, reason)
		return err
	})
	return after, err
}

// dismissIn marks report, a new report that actor may handle, dismissed
// with the reason, which is required, and returns it as stored.
func dismissIn(ctx context.Context, tx bun.IDB, actor sync.Actor, report ProblemReport, reason string) (ProblemReport, error) {
	reason = strings.TrimSpace(reason)
	f := field.Faults{}
	f.Text("reason", reason, true, maxDismissReason)
	if err := f.Invalid(); err != nil {
		return report, err
	}
	if err := handle(ctx, tx, actor, report, func(r *ProblemReport) {
		r.Status, r.DismissedReason = ReportDismissed, reason
	}); err != nil {
		return report, err
	}
	return ReportByID(ctx, tx, report.ID)
}

// handle applies change to a report and stores it as the actor's.
func handle(ctx context.Context, tx bun.IDB, actor sync.Actor, report ProblemReport, change func(r *ProblemReport)) error {
	next := report
	change(&next)
	next.HandledBy = &actor.UserID
	next.UpdatedAt, next.Version = time.Now().UTC().Truncate(time.Microsecond), report.Version+1
	_, err := tx.NewUpdate().Model(&next).
		Column("status", "request_id", "dismissed_reason", "handled_by", "updated_at", "version").
		WherePK().Exec(ctx)
	if err != nil {
		return fmt.Errorf("update problem report %s: %w", report.ID, err)
	}
	_, err = recordReport(ctx, tx, &actor.UserID, &report, report.ID)
	return err
}

// setField returns a body member set to value.
func setField(value string) assets.Field[string] {
	return assets.Field[string]{Set: true, Value: value}
}
