package reports

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/maintenance"
	"parc/server/store"
	"parc/server/tariffs"
)

// Options choose what a report covers.
type Options struct {
	Scope  accounts.Scope
	Period Period
	// Today is the day the report is made, in Europe/Paris: loans still
	// out after their last day are overdue from the day after it.
	Today assets.Date
	// GrowthPercent is the yearly growth of the fleet, from the setting
	// fleet_growth_percent.
	GrowthPercent float64
	// ProjectionYears is how many years after the report's the
	// projection covers.
	ProjectionYears int
}

// Report is the yearly report of the communes of a scope.
type Report struct {
	Period
	GrowthPercent float64 `json:"growth_percent"`
	// Tariff is the tariff of the participation, nil when no tariff is
	// in force on any day of the period.
	Tariff *tariffs.Tariff `json:"tariff"`
	// Campaign is the year's maintenance campaign, nil when none.
	Campaign *maintenance.Campaign `json:"maintenance_campaign"`
	Items    []CommuneReport       `json:"items"`
	Totals   Totals                `json:"totals"`
}

// CommuneReport is the report of one commune. It keeps the members of
// CommuneTime, which the home screen reads.
type CommuneReport struct {
	CommuneTime
	Interventions Interventions `json:"interventions"`
	Assets        Fleet         `json:"assets"`
	// BelowSupportedOS lists the PCs running a Windows older than XP,
	// which the charter leaves out; EndOfSupport the other PCs whose
	// system's support ended by the period's last day. Both are the list
	// of PCs to replace.
	BelowSupportedOS []PCLine              `json:"os_below_supported"`
	EndOfSupport     []PCLine              `json:"os_end_of_support"`
	Loans            Loans                 `json:"loans"`
	Maintenance      *maintenance.Coverage `json:"maintenance"`
	Participation    *Participation        `json:"participation"`
	Projection       []ProjectionYear      `json:"projection"`
}

// Totals sums the lines of a report.
type Totals struct {
	MinutesSpent     int                   `json:"minutes_spent"`
	AllowanceMinutes int                   `json:"allowance_minutes"`
	Percent          *float64              `json:"percent"`
	Warning          *string               `json:"warning"`
	Interventions    Interventions         `json:"interventions"`
	Assets           Fleet                 `json:"assets"`
	BelowSupportedOS int                   `json:"os_below_supported"`
	EndOfSupport     int                   `json:"os_end_of_support"`
	Loans            Loans                 `json:"loans"`
	Maintenance      *maintenance.Coverage `json:"maintenance"`
	// ParticipationCents sums the communes' participations, nil without
	// a tariff.
	ParticipationCents *int             `json:"participation_cents"`
	Projection         []ProjectionYear `json:"projection"`
}

// Build computes the report of opts.
func Build(ctx context.Context, db bun.IDB, opts Options) (Report, error) {
	p := opts.Period
	r := Report{Period: p, GrowthPercent: opts.GrowthPercent, Items: []CommuneReport{}}

	work, err := workOf(ctx, db, p)
	if err != nil {
		return r, err
	}
	communes, err := reportCommunes(ctx, db, opts.Scope, work.minutes)
	if err != nil {
		return r, err
	}
	fleet, err := fleetOf(ctx, db, opts.Scope, p.To)
	if err != nil {
		return r, err
	}
	loans, err := loansOf(ctx, db, opts.Scope, p, opts.Today)
	if err != nil {
		return r, err
	}
	coverage, err := coverageOf(ctx, db, opts.Scope, &r, p.Year)
	if err != nil {
		return r, err
	}
	if err := tariffOf(ctx, db, &r, p); err != nil {
		return r, err
	}

	for _, c := range communes {
		line := CommuneReport{
			CommuneTime:   communeTime(c, work.minutes[c.ID]),
			Interventions: interventions(work.orders[c.ID]),
			Loans:         loans[c.ID],
			Maintenance:   coverage[c.ID],
		}
		fleet.fill(&line, c.ID)
		line.Participation = participation(r.Tariff, p, line)
		line.Projection = project(r.Tariff, line.Assets.BillablePCs, p.Year, opts)
		r.Items = append(r.Items, line)
	}
	r.Totals = total(r, opts)
	return r, nil
}

// coverageOf returns the coverage of the year's maintenance campaign by
// commune, and sets the campaign of r; none without a campaign.
func coverageOf(ctx context.Context, db bun.IDB, scope accounts.Scope, r *Report, year int) (map[uuid.UUID]*maintenance.Coverage, error) {
	out := map[uuid.UUID]*maintenance.Coverage{}
	campaign, err := maintenance.CampaignReport(ctx, db, scope, year)
	if errors.Is(err, store.ErrNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	r.Campaign = &campaign.Campaign
	for i := range campaign.Communes {
		out[campaign.Communes[i].CommuneID] = &campaign.Communes[i].Coverage
	}
	r.Totals.Maintenance = &campaign.Total
	return out, nil
}

// tariffOf sets the tariff of the period on r.
func tariffOf(ctx context.Context, db bun.IDB, r *Report, p Period) error {
	t, ok, err := tariffs.ForPeriod(ctx, db, p.From, p.To)
	if err != nil || !ok {
		return err
	}
	// Correspondents read the report: who wrote the tariff is not theirs
	// to know.
	t.CreatedBy = nil
	r.Tariff = &t
	return nil
}
