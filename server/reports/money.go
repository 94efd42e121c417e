package reports

import (
	"math"

	"parc/server/assets"

	"parc/server/tariffs"
)

// Participation is the amount a commune pays for a period under a
// tariff, in euro cents. The yearly fees and the included time are prorated by the
// days of the period, so a whole year takes them as they are.
type Participation struct {
	TariffID   string `json:"tariff_id"`
	TariffName string `json:"tariff_name"`
	// PCs is the number of PCs billed: the commune's billable PCs.
	PCs             int `json:"pcs"`
	PCFeeCents      int `json:"pc_fee_cents"`
	CommuneFeeCents int `json:"commune_fee_cents"`
	IncludedMinutes int `json:"included_minutes"`
	// ExtraMinutes is the work time beyond the included time, billed at
	// the hourly rate as HoursCents.
	ExtraMinutes int `json:"extra_minutes"`
	HoursCents   int `json:"hours_cents"`
	TotalCents   int `json:"total_cents"`
}

// ProjectionYear is the fleet of PCs the service expects to look after
// in a coming year, at the configured growth, and the yearly fees it
// would pay at the report's tariff (nil without a tariff).
type ProjectionYear struct {
	Year     int  `json:"year"`
	PCs      int  `json:"pcs"`
	FeeCents *int `json:"fee_cents"`
}

// participation computes what the commune of line pays for p under t,
// nil without a tariff.
func participation(t *tariffs.Tariff, p Period, line CommuneReport) *Participation {
	if t == nil {
		return nil
	}
	days, yearDays := p.Days(), p.yearDays()
	out := Participation{
		TariffID: t.ID.String(), TariffName: t.Name, PCs: line.Assets.BillablePCs,
		PCFeeCents:      prorate(t.PCFeeCents*line.Assets.BillablePCs, days, yearDays),
		CommuneFeeCents: prorate(t.CommuneFeeCents, days, yearDays),
		IncludedMinutes: prorate(t.IncludedMinutes, days, yearDays),
	}
	out.ExtraMinutes = max(0, line.MinutesSpent-out.IncludedMinutes)
	out.HoursCents = prorate(out.ExtraMinutes*t.HourlyRateCents, 1, 60)
	out.TotalCents = out.PCFeeCents + out.CommuneFeeCents + out.HoursCents
	return &out
}

// prorate returns amount × num / den rounded half up, for amounts that
// are never negative.
func prorate(amount, num, den int) int {
	return int((2*int64(amount)*int64(num) + int64(den)) / (2 * int64(den)))
}

// project returns the PCs expected in each of the years after year, from
// pcs at the configured growth, compounded and rounded to whole PCs.
func project(t *tariffs.Tariff, pcs, year int, opts Options) []ProjectionYear {
	out := make([]ProjectionYear, 0, opts.ProjectionYears)
	for k := 1; k <= opts.ProjectionYears; k++ {
		expected := int(math.Round(float64(pcs) * math.Pow(1+opts.GrowthPercent/100, float64(k))))
		y := ProjectionYear{Year: year + k, PCs: expected}
		if t != nil {
			fee := expected*t.PCFeeCents + t.CommuneFeeCents
			y.FeeCents = &fee
		}
		out = append(out, y)
	}
	return out
}

// total sums the lines of r. The projection of the total grows the
// total of PCs, so it may differ by a PC or two from the sum of the
// communes' rounded projections.
func total(r Report, opts Options) Totals {
	t := Totals{Interventions: newInterventions(), Assets: newFleet(), Maintenance: r.Totals.Maintenance}
	var participation *int
	communes := 0
	for _, line := range r.Items {
		t.MinutesSpent += line.MinutesSpent
		t.AllowanceMinutes += line.AllowanceMinutes
		t.Interventions.add(line.Interventions)
		t.Assets.add(line.Assets)
		t.BelowSupportedOS += len(line.BelowSupportedOS)
		t.EndOfSupport += len(line.EndOfSupport)
		t.Loans.Count += line.Loans.Count
		t.Loans.Overdue += line.Loans.Overdue
		if line.Participation != nil {
			participation = addCents(participation, line.Participation.TotalCents)
		}
		communes++
	}
	sum := communeTime(communeOf(t.AllowanceMinutes), t.MinutesSpent)
	t.Percent, t.Warning = sum.Percent, sum.Warning
	t.ParticipationCents = participation
	t.Projection = project(r.Tariff, t.Assets.BillablePCs, r.Year, opts)
	if r.Tariff != nil && communes > 0 {
		// Every commune pays the commune fee once.
		for i := range t.Projection {
			*t.Projection[i].FeeCents += (communes - 1) * r.Tariff.CommuneFeeCents
		}
	}
	return t
}

// communeOf returns a commune with the allowance given, to compute the
// percent and warning of the totals as those of a commune.
func communeOf(allowance int) assets.Commune {
	return assets.Commune{AllowanceMinutes: allowance}
}

func addCents(sum *int, cents int) *int {
	if sum == nil {
		return &cents
	}
	v := *sum + cents
	return &v
}
