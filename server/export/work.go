package export

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
)

// workOrderRow is a work order with the names of its place.
type workOrderRow struct {
	ID            uuid.UUID   `bun:"id"`
	CommuneName   string      `bun:"commune_name"`
	SiteName      string      `bun:"site_name"`
	WorkedOn      assets.Date `bun:"worked_on"`
	Status        string      `bun:"status"`
	Category      string      `bun:"category"`
	Level         int         `bun:"level"`
	TravelMinutes int         `bun:"travel_minutes"`
	WorkMinutes   int         `bun:"work_minutes"`
	Summary       string      `bun:"summary"`
	Notes         string      `bun:"notes"`
	SignedBy      string      `bun:"signed_by"`
	RequestID     *uuid.UUID  `bun:"request_id"`
	DoneAt        *time.Time  `bun:"done_at"`
}

// WorkOrderHeaders are the columns of the work orders file.
var WorkOrderHeaders = []string{
	"Identifiant", "Commune", "Site", "Date", "État", "Catégorie", "Niveau",
	"Trajet (min)", "Travail (min)", "Résumé", "Remarques", "Signé par", "Demande", "Terminé le",
}

// WorkOrders writes the work orders of req's scope, by day.
func WorkOrders(ctx context.Context, db bun.IDB, req Request, out io.Writer) error {
	var rows []workOrderRow
	q := db.NewSelect().TableExpr("work_orders AS wo").
		ColumnExpr("wo.id, wo.worked_on, wo.status, wo.category, wo.level, wo.travel_minutes, wo.work_minutes").
		ColumnExpr("wo.summary, wo.notes, wo.signed_by, wo.request_id, wo.done_at").
		ColumnExpr("c.name AS commune_name, s.name AS site_name").
		Join("JOIN sites AS s ON s.id = wo.site_id").
		Join("JOIN communes AS c ON c.id = s.commune_id").
		OrderExpr("wo.worked_on, c.name, s.name, wo.id")
	if err := req.scan(ctx, q, "work orders", &rows); err != nil {
		return err
	}
	return writeTable(out, req.Separator, WorkOrderHeaders, rows)
}

func (r workOrderRow) cells() []string {
	request := ""
	if r.RequestID != nil {
		request = r.RequestID.String()
	}
	return []string{r.ID.String(), text(r.CommuneName), text(r.SiteName), day(&r.WorkedOn), r.Status, r.Category,
		strconv.Itoa(r.Level), strconv.Itoa(r.TravelMinutes), strconv.Itoa(r.WorkMinutes),
		text(r.Summary), text(r.Notes), text(r.SignedBy), request, stamp(r.DoneAt)}
}

func (r workOrderRow) name() string {
	return "work order " + r.ID.String()
}

// timeEntryRow is a time entry with its work order's place and author.
type timeEntryRow struct {
	WorkOrderID uuid.UUID   `bun:"work_order_id"`
	CommuneName string      `bun:"commune_name"`
	SiteName    string      `bun:"site_name"`
	WorkedOn    assets.Date `bun:"worked_on"`
	Ordinal     int         `bun:"ordinal"`
	Kind        string      `bun:"kind"`
	At          time.Time   `bun:"at"`
	Minutes     *int        `bun:"minutes"`
	Reason      string      `bun:"reason"`
	UserName    string      `bun:"user_name"`
}

// TimeEntryHeaders are the columns of the time entries file.
var TimeEntryHeaders = []string{
	"Intervention", "Commune", "Site", "Date de l'intervention", "N°", "Type", "Heure", "Minutes", "Motif", "Saisi par",
}

// TimeEntries writes the time entries of the work orders of req's scope,
// by work order and in the order the server received them.
func TimeEntries(ctx context.Context, db bun.IDB, req Request, out io.Writer) error {
	var rows []timeEntryRow
	q := db.NewSelect().TableExpr("time_entries AS te").
		ColumnExpr("te.work_order_id, te.ordinal, te.kind, te.at, te.minutes, te.reason").
		ColumnExpr("wo.worked_on, c.name AS commune_name, s.name AS site_name").
		ColumnExpr("COALESCE(u.name, '') AS user_name").
		Join("JOIN work_orders AS wo ON wo.id = te.work_order_id").
		Join("JOIN sites AS s ON s.id = wo.site_id").
		Join("JOIN communes AS c ON c.id = s.commune_id").
		Join("LEFT JOIN users AS u ON u.id = te.user_id").
		OrderExpr("wo.worked_on, te.work_order_id, te.ordinal")
	if err := req.scan(ctx, q, "time entries", &rows); err != nil {
		return err
	}
	return writeTable(out, req.Separator, TimeEntryHeaders, rows)
}

func (r timeEntryRow) cells() []string {
	minutes := ""
	if r.Minutes != nil {
		minutes = strconv.Itoa(*r.Minutes)
	}
	return []string{r.WorkOrderID.String(), text(r.CommuneName), text(r.SiteName), day(&r.WorkedOn), strconv.Itoa(r.Ordinal),
		r.Kind, stamp(&r.At), minutes, text(strings.TrimSpace(r.Reason)), text(r.UserName)}
}

func (r timeEntryRow) name() string {
	return fmt.Sprintf("time entry %d of %s", r.Ordinal, r.WorkOrderID)
}
