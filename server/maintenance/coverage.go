package maintenance

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/i18n"
	"parc/server/store"
)

// Coverage counts the PCs of a campaign: those in scope, those checked
// done on a visit of the campaign, and the share done in percent, to one
// decimal, or null when no PC is in scope.
type Coverage struct {
	InScope int      `json:"in_scope"`
	Done    int      `json:"done"`
	Percent *float64 `json:"percent"`
}

// CommuneCoverage is the coverage of one commune.
type CommuneCoverage struct {
	CommuneID uuid.UUID `json:"commune_id"`
	Name      string    `json:"name"`
	Coverage
}

// Report is a campaign with its coverage per commune, in the order of
// their names, and over all of them.
type Report struct {
	Campaign
	Communes []CommuneCoverage `json:"communes"`
	Total    Coverage          `json:"total"`
}

// scopeRow is an asset's kind, status, system and place, as the rule of
// scope reads them.
type scopeRow struct {
	ID         uuid.UUID  `bun:"id"`
	Kind       string     `bun:"kind"`
	Status     string     `bun:"status"`
	OS         string     `bun:"os"`
	SiteID     uuid.UUID  `bun:"site_id"`
	CommuneID  uuid.UUID  `bun:"commune_id"`
	SiteKind   string     `bun:"site_kind"`
	HasServer  bool       `bun:"has_server"`
	ArchivedAt *time.Time `bun:"archived_at"`
}

func scopeQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().TableExpr("assets AS a").
		ColumnExpr("a.id, a.kind, a.status, a.os, a.site_id, a.archived_at").
		ColumnExpr("s.commune_id, s.kind AS site_kind, c.has_server").
		Join("JOIN sites AS s ON s.id = a.site_id").
		Join("JOIN communes AS c ON c.id = s.commune_id")
}

// outOfScope returns why the round leaves the asset out, and false for a
// PC it covers. The round covers active PCs and laptops that are not
// retired and run Windows XP or later, or another system. It leaves out
// the town hall of a commune that runs its own server.
func (r scopeRow) outOfScope() (i18n.Message, bool) {
	switch {
	case r.Kind != assets.KindPC && r.Kind != assets.KindLaptop:
		return i18n.Msg("maintenance_asset_not_pc", i18n.Msg("asset_kind_"+r.Kind)), true
	case r.ArchivedAt != nil:
		return i18n.Msg("maintenance_asset_archived"), true
	case r.Status == assets.StatusRetired:
		return i18n.Msg("maintenance_asset_retired"), true
	case assets.BeforeXP(r.OS):
		return i18n.Msg("maintenance_asset_before_xp", r.OS), true
	case r.SiteKind == assets.SiteKindTownHall && r.HasServer:
		return i18n.Msg("maintenance_asset_server_town_hall"), true
	}
	return i18n.Message{}, false
}

// CampaignReport returns the campaign of year with its coverage over the
// communes of scope, or store.ErrNotFound.
func CampaignReport(ctx context.Context, db bun.IDB, scope accounts.Scope, year int) (Report, error) {
	c, err := CampaignByYear(ctx, db, year)
	if err != nil {
		return Report{}, err
	}
	report := Report{Campaign: c, Communes: []CommuneCoverage{}}
	if !scope.All && len(scope.Communes) == 0 {
		return report, nil
	}

	communes, err := activeCommunes(ctx, db, scope)
	if err != nil {
		return report, err
	}
	pcs, err := inScopePCs(ctx, db, scope)
	if err != nil {
		return report, err
	}
	done, err := donePCs(ctx, db, c.ID)
	if err != nil {
		return report, err
	}

	counts := map[uuid.UUID]*Coverage{}
	for i := range communes {
		counts[communes[i].CommuneID] = &communes[i].Coverage
	}
	for _, pc := range pcs {
		cov, ok := counts[pc.CommuneID]
		if !ok {
			continue
		}
		cov.InScope++
		report.Total.InScope++
		if done[pc.ID] {
			cov.Done++
			report.Total.Done++
		}
	}
	for i := range communes {
		communes[i].Percent = percent(communes[i].Done, communes[i].InScope)
	}
	report.Total.Percent = percent(report.Total.Done, report.Total.InScope)
	report.Communes = communes
	return report, nil
}

// activeCommunes returns the active communes of scope, by name without
// regard to case or accents, with no PC counted yet.
func activeCommunes(ctx context.Context, db bun.IDB, scope accounts.Scope) ([]CommuneCoverage, error) {
	var rows []assets.Commune
	q := db.NewSelect().Model(&rows).Where("c.archived_at IS NULL")
	if !scope.All {
		q = q.Where("c.id IN (?)", bun.List(scope.Communes))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list communes for coverage: %w", err)
	}
	slices.SortFunc(rows, func(a, b assets.Commune) int { return strings.Compare(store.Fold(a.Name), store.Fold(b.Name)) })
	out := make([]CommuneCoverage, len(rows))
	for i, c := range rows {
		out[i] = CommuneCoverage{CommuneID: c.ID, Name: c.Name}
	}
	return out, nil
}

// inScopePCs returns the PCs of scope that the round covers.
func inScopePCs(ctx context.Context, db bun.IDB, scope accounts.Scope) ([]scopeRow, error) {
	q := scopeQuery(db).Where("a.kind IN (?)", bun.List([]string{assets.KindPC, assets.KindLaptop})).
		Where("a.archived_at IS NULL").Where("a.status <> ?", assets.StatusRetired)
	if !scope.All {
		q = q.Where("s.commune_id IN (?)", bun.List(scope.Communes))
	}
	var rows []scopeRow
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("list PCs for coverage: %w", err)
	}
	// BeforeXP is a Go rule, so the last filters run here.
	return slices.DeleteFunc(rows, func(r scopeRow) bool {
		_, out := r.outOfScope()
		return out
	}), nil
}

// donePCs returns the assets checked done on a visit of the campaign.
func donePCs(ctx context.Context, db bun.IDB, campaignID uuid.UUID) (map[uuid.UUID]bool, error) {
	var ids []uuid.UUID
	err := db.NewSelect().TableExpr("maintenance_checks AS mk").ColumnExpr("DISTINCT mk.asset_id").
		Join("JOIN maintenance_visits AS mv ON mv.id = mk.visit_id").
		Where("mv.campaign_id = ?", campaignID).Where("mk.done = ?", true).
		Scan(ctx, &ids)
	if err != nil {
		return nil, fmt.Errorf("list PCs done in campaign %s: %w", campaignID, err)
	}
	out := make(map[uuid.UUID]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// percent returns done out of total in percent, to one decimal, or nil
// when total is zero.
func percent(done, total int) *float64 {
	if total == 0 {
		return nil
	}
	p := math.Round(float64(done)*1000/float64(total)) / 10
	return &p
}
