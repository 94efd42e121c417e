package reports

import (
	"strconv"
	"strings"

	"parc/server/assets"
)

// summaryPage writes the table of every commune and the totals.
func (d *document) summaryPage() {
	d.startSection(d.opts.Organisation + " — " + d.text("report_title", d.r.Year))
	d.paragraph(d.tariffText())
	d.paragraph(d.text("report_growth", decimal(d.r.GrowthPercent, d.lang)))

	d.heading(d.text("report_summary"))
	widths := []float64{50, 20, 20, 12, 20, 18, 18, 22}
	tb := d.startTable(widths,
		d.text("report_commune"), d.text("report_spent"), d.text("report_allowance"), "%",
		d.text("report_interventions"), d.text("report_billable_pcs"), d.text("report_replace_short"), "€")
	for _, item := range d.r.Items {
		d.tableRow(tb, d.summaryCells(item.CommuneName, item.MinutesSpent, item.AllowanceMinutes, item.Percent,
			item.Interventions.Count, item.Assets.BillablePCs, len(item.BelowSupportedOS)+len(item.EndOfSupport), participationCents(item.Participation)), "")
	}
	t := d.r.Totals
	d.tableRow(tb, d.summaryCells(d.text("report_total"), t.MinutesSpent, t.AllowanceMinutes, t.Percent,
		t.Interventions.Count, t.Assets.BillablePCs, t.BelowSupportedOS+t.EndOfSupport, t.ParticipationCents), "B")

	d.projection(t.Projection)
}

func participationCents(p *Participation) *int {
	if p == nil {
		return nil
	}
	return &p.TotalCents
}

// summaryCells returns the cells of one line of the summary.
func (d *document) summaryCells(name string, spent, allowance int, percent *float64, interventions, pcs, replace int, cents *int) []string {
	money := "–"
	if cents != nil {
		money = euros(*cents, d.lang)
	}
	return []string{
		name, duration(spent), duration(allowance), percentText(percent, d.lang),
		strconv.Itoa(interventions), strconv.Itoa(pcs), strconv.Itoa(replace), money,
	}
}

// projection writes the expected PCs and fees of the coming years.
func (d *document) projection(years []ProjectionYear) {
	d.heading(d.text("report_projection", decimal(d.r.GrowthPercent, d.lang)))
	widths := []float64{60, 60, 60}
	tb := d.startTable(widths, d.text("report_year_column"), d.text("report_billable_pcs"), d.text("report_fees"))
	for _, y := range years {
		fee := "–"
		if y.FeeCents != nil {
			fee = euros(*y.FeeCents, d.lang)
		}
		d.tableRow(tb, []string{strconv.Itoa(y.Year), strconv.Itoa(y.PCs), fee}, "")
	}
}

// communePage writes the report of one commune, starting on a new page.
func (d *document) communePage(item CommuneReport) {
	d.startSection(item.CommuneName)

	d.heading(d.text("report_spent"))
	d.line(d.text("report_spent"), duration(item.MinutesSpent))
	d.line(d.text("report_allowance"), duration(item.AllowanceMinutes))
	d.line(d.text("report_percent"), percentText(item.Percent, d.lang))
	if item.Warning != nil {
		d.paragraph(d.text("report_warning_" + *item.Warning))
	}
	d.bar(item.MinutesSpent, item.AllowanceMinutes)

	d.interventions(item.Interventions)
	d.fleet(item.Assets)
	d.replacements(item)
	d.heading(d.text("report_loans") + " · " + d.text("report_maintenance"))
	d.line(d.text("report_loans"), d.text("report_loans_line", item.Loans.Count, item.Loans.Overdue))
	if item.Maintenance == nil {
		d.line(d.text("report_maintenance"), d.text("report_no_campaign"))
	} else {
		d.line(d.text("report_maintenance"), d.text("report_maintenance_line", item.Maintenance.Done, item.Maintenance.InScope)+" ("+percentText(item.Maintenance.Percent, d.lang)+")")
	}
	d.participation(item.Participation)
	d.projectionLine(item.Projection)
}

// projectionLine writes the projection of a commune in one paragraph, to
// keep the section of a commune short.
func (d *document) projectionLine(years []ProjectionYear) {
	d.heading(d.text("report_projection", decimal(d.r.GrowthPercent, d.lang)))
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = strconv.Itoa(y.Year) + " : " + strconv.Itoa(y.PCs) + " PC"
		if y.FeeCents != nil {
			parts[i] += " (" + euros(*y.FeeCents, d.lang) + ")"
		}
	}
	d.paragraph(strings.Join(parts, " · "))
}

// interventions writes the counts by level and by category.
func (d *document) interventions(i Interventions) {
	d.heading(d.text("report_interventions") + " : " + strconv.Itoa(i.Count))
	for _, level := range []string{"1", "2", "3"} {
		if n := i.ByLevel[level]; n > 0 {
			d.line(d.text("report_level", level), strconv.Itoa(n))
		}
	}
	for _, code := range keysOf(i.ByCategory) {
		d.line(d.text("request_category_"+code), strconv.Itoa(i.ByCategory[code])+" · "+duration(i.MinutesByCategory[code]))
	}
}

// fleet writes the assets by kind, status and age, each on one line.
func (d *document) fleet(f Fleet) {
	d.heading(d.text("report_fleet"))
	d.line(d.text("report_assets"), strconv.Itoa(f.Count))
	d.line(d.text("report_pcs")+" · "+d.text("report_billable_pcs"), strconv.Itoa(f.PCs)+" · "+strconv.Itoa(f.BillablePCs))
	d.counts("report_by_kind", "asset_kind_", present(assets.Kinds, f.ByKind), f.ByKind)
	d.counts("report_by_status", "report_status_", present(assets.Statuses, f.ByStatus), f.ByStatus)
	d.counts("report_by_age", "report_age_", present(AgeBands, f.ByAge), f.ByAge)
}

// counts writes the counts of codes on one wrapped line: "Par type : PC
// fixe 5, Imprimante 1".
func (d *document) counts(label, prefix string, codes []string, m map[string]int) {
	parts := make([]string, len(codes))
	for i, code := range codes {
		parts[i] = d.text(prefix+code) + " " + strconv.Itoa(m[code])
	}
	d.paragraph(d.text(label) + " : " + strings.Join(parts, ", "))
}

// replacements lists the PCs to replace.
func (d *document) replacements(item CommuneReport) {
	d.heading(d.text("report_to_replace"))
	for _, list := range []struct {
		key   string
		lines []PCLine
	}{{"report_below_xp", item.BelowSupportedOS}, {"report_end_of_support", item.EndOfSupport}} {
		d.font("B", 10)
		d.pdf.CellFormat(pageWidth, lineH, d.tr(d.text(list.key)+" : "+strconv.Itoa(len(list.lines))), "", 1, "L", false, 0, "")
		if len(list.lines) == 0 {
			continue
		}
		widths := []float64{24, 52, 50, 54}
		tb := d.startTable(widths, d.text("report_tag"), d.text("report_model"), d.text("report_system"), d.text("report_site"))
		for _, pc := range list.lines {
			tag := "–"
			if pc.Tag != nil {
				tag = *pc.Tag
			}
			system := pc.OS + " " + pc.OSVersion
			if pc.SupportEndedOn != nil {
				system += " (" + dayText(*pc.SupportEndedOn, d.lang) + ")"
			}
			d.tableRow(tb, []string{tag, pc.Brand + " " + pc.Model, system, pc.SiteName}, "")
		}
	}
}

// participation writes what the commune pays and how.
func (d *document) participation(p *Participation) {
	d.heading(d.text("report_participation"))
	if p == nil {
		d.paragraph(d.text("report_no_tariff"))
		return
	}
	d.paragraph(d.tariffText())
	d.line(d.text("report_pc_fee", p.PCs), euros(p.PCFeeCents, d.lang))
	d.line(d.text("report_commune_fee"), euros(p.CommuneFeeCents, d.lang))
	d.line(d.text("report_included"), duration(p.IncludedMinutes))
	d.line(d.text("report_extra")+" ("+duration(p.ExtraMinutes)+")", euros(p.HoursCents, d.lang))
	d.line(d.text("report_participation_total"), euros(p.TotalCents, d.lang))
}
