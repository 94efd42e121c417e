package reports

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/assets"
)

// Age bands of assets, in whole years from the purchase date to the
// period's last day.
const (
	AgeUnder3   = "under_3"
	Age3To4     = "3_to_4"
	Age5To6     = "5_to_6"
	Age7AndMore = "7_and_more"
	AgeUnknown  = "unknown"
)

// AgeBands lists the age bands in order.
var AgeBands = []string{AgeUnder3, Age3To4, Age5To6, Age7AndMore, AgeUnknown}

// Fleet counts the active assets of a commune.
type Fleet struct {
	Count int `json:"count"`
	// PCs counts the PCs and laptops that are not retired; BillablePCs
	// those of them the service looks after: Windows XP or later, or
	// another system, and not at the town hall of a commune that runs
	// its own server.
	PCs         int            `json:"pcs"`
	BillablePCs int            `json:"billable_pcs"`
	ByKind      map[string]int `json:"by_kind"`
	ByStatus    map[string]int `json:"by_status"`
	ByAge       map[string]int `json:"by_age"`
}

func newFleet() Fleet {
	return Fleet{ByKind: map[string]int{}, ByStatus: map[string]int{}, ByAge: map[string]int{}}
}

// add counts o in f.
func (f *Fleet) add(o Fleet) {
	f.Count += o.Count
	f.PCs += o.PCs
	f.BillablePCs += o.BillablePCs
	for k, n := range o.ByKind {
		f.ByKind[k] += n
	}
	for k, n := range o.ByStatus {
		f.ByStatus[k] += n
	}
	for k, n := range o.ByAge {
		f.ByAge[k] += n
	}
}

// PCLine is a PC of a list to replace.
type PCLine struct {
	AssetID      uuid.UUID    `json:"asset_id"`
	Tag          *string      `json:"tag"`
	Kind         string       `json:"kind"`
	Brand        string       `json:"brand"`
	Model        string       `json:"model"`
	OS           string       `json:"os"`
	OSVersion    string       `json:"os_version"`
	SiteName     string       `json:"site_name"`
	PurchaseDate *assets.Date `json:"purchase_date"`
	// SupportEndedOn is the last day of the system's support, nil when
	// the table does not know it.
	SupportEndedOn *assets.Date `json:"support_ended_on"`
}

// assetRow is an active asset with its place, as the report reads it.
type assetRow struct {
	ID           uuid.UUID    `bun:"id"`
	Tag          *string      `bun:"tag"`
	Kind         string       `bun:"kind"`
	Brand        string       `bun:"brand"`
	Model        string       `bun:"model"`
	OS           string       `bun:"os"`
	OSVersion    string       `bun:"os_version"`
	Status       string       `bun:"status"`
	PurchaseDate *assets.Date `bun:"purchase_date"`
	CommuneID    uuid.UUID    `bun:"commune_id"`
	SiteName     string       `bun:"site_name"`
	SiteKind     string       `bun:"site_kind"`
	HasServer    bool         `bun:"has_server"`
}

// fleetLines is the fleet of each commune with its PCs to replace.
type fleetLines struct {
	fleet map[uuid.UUID]Fleet
	below map[uuid.UUID][]PCLine
	ended map[uuid.UUID][]PCLine
}

// fill sets the fleet members of line.
func (fl fleetLines) fill(line *CommuneReport, commune uuid.UUID) {
	line.Assets = fl.fleet[commune]
	if line.Assets.ByKind == nil {
		line.Assets = newFleet()
	}
	line.BelowSupportedOS = nonNil(fl.below[commune])
	line.EndOfSupport = nonNil(fl.ended[commune])
}

func nonNil(lines []PCLine) []PCLine {
	if lines == nil {
		return []PCLine{}
	}
	return lines
}

// fleetOf counts the active assets of scope by the commune of their
// site, as on the period's last day.
func fleetOf(ctx context.Context, db bun.IDB, scope accounts.Scope, last assets.Date) (fleetLines, error) {
	q := db.NewSelect().TableExpr("assets AS a").
		ColumnExpr("a.id, a.tag, a.kind, a.brand, a.model, a.os, a.os_version, a.status, a.purchase_date").
		ColumnExpr("s.commune_id, s.name AS site_name, s.kind AS site_kind, c.has_server").
		Join("JOIN sites AS s ON s.id = a.site_id").
		Join("JOIN communes AS c ON c.id = s.commune_id").
		Where("a.archived_at IS NULL").
		OrderExpr("s.name, a.tag, a.id")
	if !scope.All {
		q = q.Where("s.commune_id IN (?)", bun.List(append(scope.Communes, uuid.Nil)))
	}
	var rows []assetRow
	if err := q.Scan(ctx, &rows); err != nil {
		return fleetLines{}, fmt.Errorf("list assets for the report: %w", err)
	}

	out := fleetLines{fleet: map[uuid.UUID]Fleet{}, below: map[uuid.UUID][]PCLine{}, ended: map[uuid.UUID][]PCLine{}}
	for _, row := range rows {
		f, ok := out.fleet[row.CommuneID]
		if !ok {
			f = newFleet()
		}
		f.Count++
		f.ByKind[row.Kind]++
		f.ByStatus[row.Status]++
		f.ByAge[ageBand(row.PurchaseDate, last)]++
		if row.isPC() {
			f.PCs++
			out.sortPC(row, &f, last)
		}
		out.fleet[row.CommuneID] = f
	}
	return out, nil
}

// isPC reports whether the asset is a PC or laptop still in use.
func (row assetRow) isPC() bool {
	return (row.Kind == assets.KindPC || row.Kind == assets.KindLaptop) && row.Status != assets.StatusRetired
}

// sortPC counts a PC as billable or files it on a list to replace.
func (fl fleetLines) sortPC(row assetRow, f *Fleet, last assets.Date) {
	line := PCLine{
		AssetID: row.ID, Tag: row.Tag, Kind: row.Kind, Brand: row.Brand, Model: row.Model,
		OS: row.OS, OSVersion: row.OSVersion, SiteName: row.SiteName, PurchaseDate: row.PurchaseDate,
	}
	if s, ok := SupportOf(row.OS); ok {
		line.SupportEndedOn = s.EndedOn
	}
	if assets.BeforeXP(row.OS) {
		fl.below[row.CommuneID] = append(fl.below[row.CommuneID], line)
		return
	}
	if _, ended := EndedBy(row.OS, last); ended {
		fl.ended[row.CommuneID] = append(fl.ended[row.CommuneID], line)
	}
	if !(row.SiteKind == assets.SiteKindTownHall && row.HasServer) {
		f.BillablePCs++
	}
}

// ageBand returns the band of an asset bought on purchase, as on day.
func ageBand(purchase *assets.Date, day assets.Date) string {
	if purchase == nil || purchase.IsZero() {
		return AgeUnknown
	}
	// Whole years: one fewer until the anniversary of the purchase.
	years := day.Year() - purchase.Year()
	if day.Format("01-02") < purchase.Format("01-02") {
		years--
	}
	switch {
	case years < 3:
		return AgeUnder3
	case years < 5:
		return Age3To4
	case years < 7:
		return Age5To6
	}
	return Age7AndMore
}
