package requests

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// Statuses of a problem report.
const (
	ReportNew       = "new"
	ReportConverted = "converted"
	ReportDismissed = "dismissed"
)

// ReportStatuses lists the statuses of a problem report.
var ReportStatuses = []string{ReportNew, ReportConverted, ReportDismissed}

// Limits of a problem report's text.
const (
	maxReporterName  = 100
	maxReportText    = 2000
	maxDismissReason = 1000
)

// ProblemReport is a problem that someone at a site reported from the QR
// code of an asset's label, without an account.
type ProblemReport struct {
	bun.BaseModel `bun:"table:problem_reports,alias:pr"`

	ID      uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	AssetID uuid.UUID `bun:"asset_id,type:uuid" json:"asset_id"`
	// SiteID and CommuneID are the asset's, read through joins.
	SiteID       uuid.UUID `bun:"site_id,scanonly" json:"site_id"`
	CommuneID    uuid.UUID `bun:"commune_id,scanonly" json:"commune_id"`
	ReporterName string    `bun:"reporter_name" json:"reporter_name"`
	Description  string    `bun:"description" json:"description"`
	Status       string    `bun:"status" json:"status"`
	// RequestID is the request a correspondent made of the report.
	RequestID       *uuid.UUID `bun:"request_id,type:uuid" json:"request_id"`
	DismissedReason string     `bun:"dismissed_reason" json:"dismissed_reason"`
	HandledBy       *uuid.UUID `bun:"handled_by,type:uuid" json:"handled_by"`
	CreatedAt       time.Time  `bun:"created_at" json:"created_at"`
	UpdatedAt       time.Time  `bun:"updated_at" json:"updated_at"`
	Version         int        `bun:"version" json:"version"`
}

func reportQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*ProblemReport)(nil)).
		ColumnExpr("pr.*").ColumnExpr("a.site_id, s.commune_id").
		Join("JOIN assets AS a ON a.id = pr.asset_id").
		Join("JOIN sites AS s ON s.id = a.site_id")
}

// ReportByID returns one problem report, or store.ErrNotFound.
func ReportByID(ctx context.Context, db bun.IDB, id uuid.UUID) (ProblemReport, error) {
	var r ProblemReport
	err := reportQuery(db).Where("pr.id = ?", id).Scan(ctx, &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("problem report %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("select problem report %s: %w", id, err)
	}
	return r, nil
}

// Reports returns the problem reports in scope with the given status, or
// every status when it is empty, newest first.
func Reports(ctx context.Context, db bun.IDB, scope accounts.Scope, status string) ([]ProblemReport, error) {
	out := []ProblemReport{}
	if !scope.All && len(scope.Communes) == 0 {
		return out, nil
	}
	q := reportQuery(db).OrderExpr("pr.created_at DESC, pr.id DESC").Limit(500)
	if !scope.All {
		q = q.Where("s.commune_id IN (?)", bun.In(scope.Communes))
	}
	if status != "" {
		q = q.Where("pr.status = ?", status)
	}
	if err := q.Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("list problem reports: %w", err)
	}
	return out, nil
}

// ReportForm holds the fields someone fills in on the public page of a
// label.
type ReportForm struct {
	ReporterName string
	Description  string
}

// Check returns the faults of a form, by field name, empty when it can
// be stored.
func (form *ReportForm) Check() map[string]i18n.Message {
	form.ReporterName = strings.TrimSpace(form.ReporterName)
	form.Description = strings.TrimSpace(form.Description)
	f := field.Faults{}
	f.Text("reporter_name", form.ReporterName, true, maxReporterName)
	f.Text("description", form.Description, true, maxReportText)
	return f
}

// FileReport stores a checked report form about the asset assetID, and
// files it for the commune's devices.
func (w *Writer) FileReport(ctx context.Context, assetID uuid.UUID, form ReportForm) (ProblemReport, error) {
	at := time.Now().UTC().Truncate(time.Microsecond)
	r := ProblemReport{
		ID: uuid.Must(uuid.NewV7()), AssetID: assetID, ReporterName: form.ReporterName,
		Description: form.Description, Status: ReportNew, CreatedAt: at, UpdatedAt: at, Version: 1,
	}
	var stored ProblemReport
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&r).Exec(ctx); err != nil {
			return fmt.Errorf("insert problem report on asset %s: %w", assetID, err)
		}
		var err error
		stored, err = recordReport(ctx, tx, nil, nil, r.ID)
		return err
	})
	return stored, err
}

// recordReport reads the report id as stored and files the write in the
// change sequence and the audit log; before is nil at creation.
func recordReport(ctx context.Context, tx bun.IDB, actor *uuid.UUID, before *ProblemReport, id uuid.UUID) (ProblemReport, error) {
	after, err := ReportByID(ctx, tx, id)
	if err != nil {
		return after, err
	}
	return after, sync.RecordWrite(ctx, tx, sync.Write[ProblemReport]{
		Entity: sync.EntityProblemReport, ID: id, Version: after.Version, Commune: after.CommuneID,
		Actor: actor, Before: before, After: after,
	})
}

// handleable returns the report id when actor may act on it: a new
// report of their communes.
func handleable(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID) (ProblemReport, error) {
	if actor.Role == accounts.RoleCommittee {
		return ProblemReport{}, apierr.New(http.StatusForbidden, "forbidden", "forbidden")
	}
	r, err := ReportByID(ctx, tx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !actor.Scope.Allows(r.CommuneID) {
		return r, apierr.NotFound("problem_report_not_found", id.String())
	}
	if err != nil {
		return r, err
	}
	if r.Status != ReportNew {
		return r, apierr.New(http.StatusConflict, "already_handled", "problem_report_handled", i18n.Msg("problem_report_status_"+r.Status))
	}
	return r, nil
}
