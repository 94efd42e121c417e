package maintenance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/param"
	"parc/server/store"
)

// Statuses of a visit.
const (
	StatusPlanned   = "planned"
	StatusDone      = "done"
	StatusCancelled = "cancelled"
)

// Statuses lists the statuses of a visit.
var Statuses = []string{StatusPlanned, StatusDone, StatusCancelled}

// maxNote is the length limit of the note of a visit or a check, in
// characters.
const maxNote = 4000

// Visit is one day of the round at a site.
type Visit struct {
	bun.BaseModel `bun:"table:maintenance_visits,alias:mv"`

	ID         uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	CampaignID uuid.UUID `bun:"campaign_id,type:uuid" json:"campaign_id"`
	// Year is the year of the campaign, read through a join.
	Year   int       `bun:"year,scanonly" json:"year"`
	SiteID uuid.UUID `bun:"site_id,type:uuid" json:"site_id"`
	// CommuneID and SiteKind are read from the site.
	CommuneID  uuid.UUID   `bun:"commune_id,scanonly" json:"commune_id"`
	SiteKind   string      `bun:"site_kind,scanonly" json:"site_kind"`
	PlannedFor assets.Date `bun:"planned_for,type:date" json:"planned_for"`
	Status     string      `bun:"status" json:"status"`
	Note       string      `bun:"note" json:"note"`
	CreatedBy  *uuid.UUID  `bun:"created_by,type:uuid" json:"created_by"`
	DoneAt     *time.Time  `bun:"done_at" json:"done_at"`
	CreatedAt  time.Time   `bun:"created_at" json:"created_at"`
	UpdatedAt  time.Time   `bun:"updated_at" json:"updated_at"`
	Version    int         `bun:"version" json:"version"`
}

// VisitDetail is a visit with the checks made on it, oldest first.
type VisitDetail struct {
	Visit
	Checks []Check `json:"checks"`
}

func visitQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().Model((*Visit)(nil)).
		ColumnExpr("mv.*").ColumnExpr("mc.year, s.commune_id, s.kind AS site_kind").
		Join("JOIN maintenance_campaigns AS mc ON mc.id = mv.campaign_id").
		Join("JOIN sites AS s ON s.id = mv.site_id")
}

// VisitByID returns one visit, or store.ErrNotFound.
func VisitByID(ctx context.Context, db bun.IDB, id uuid.UUID) (Visit, error) {
	var v Visit
	err := visitQuery(db).Where("mv.id = ?", id).Scan(ctx, &v)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("visit %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return v, fmt.Errorf("select visit %s: %w", id, err)
	}
	return v, nil
}

// VisitFilter selects visits; zero fields select every visit in scope.
type VisitFilter struct {
	Scope     accounts.Scope
	Year      int
	CommuneID *uuid.UUID
	SiteID    *uuid.UUID
	Status    string
}

// Visits returns one page of visits in the order of their planned days.
func Visits(ctx context.Context, db bun.IDB, f VisitFilter, limit int, cursor *param.Cursor) (param.Page[Visit], error) {
	empty := param.Page[Visit]{Items: []Visit{}}
	q := visitQuery(db)
	if !f.Scope.All {
		if len(f.Scope.Communes) == 0 {
			return empty, nil
		}
		q = q.Where("s.commune_id IN (?)", bun.List(f.Scope.Communes))
	}
	if f.Year != 0 {
		q = q.Where("mc.year = ?", f.Year)
	}
	if f.CommuneID != nil {
		q = q.Where("s.commune_id = ?", *f.CommuneID)
	}
	if f.SiteID != nil {
		q = q.Where("mv.site_id = ?", *f.SiteID)
	}
	if f.Status != "" {
		q = q.Where("mv.status = ?", f.Status)
	}
	total, err := q.Count(ctx)
	if err != nil {
		return empty, fmt.Errorf("count visits: %w", err)
	}
	if cursor != nil {
		// The key goes into a date comparison: anything else would fail
		// the query on PostgreSQL.
		if _, err := time.Parse(time.DateOnly, cursor.Key); err != nil {
			return empty, apierr.BadRequest("invalid_cursor", "invalid_cursor", apierr.Quote(cursor.Encode()))
		}
		q = q.Where("(mv.planned_for > ? OR mv.planned_for = ? AND mv.id > ?)", cursor.Key, cursor.Key, cursor.ID)
	}

	var items []Visit
	if err := q.OrderExpr("mv.planned_for, mv.id").Limit(int64(limit+1)).Scan(ctx, &items); err != nil {
		return empty, fmt.Errorf("list visits: %w", err)
	}
	page := param.Page[Visit]{Items: items, Total: int(total)}
	if len(items) > limit {
		last := items[limit-1]
		page.Items = items[:limit]
		page.Next = param.Cursor{Key: last.PlannedFor.String(), ID: last.ID}.Encode()
	}
	if page.Items == nil {
		page.Items = []Visit{}
	}
	return page, nil
}
