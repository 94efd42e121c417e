package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"parc/server/assets"
	"parc/server/i18n"
	"parc/server/requests"
)

// CSVOptions choose the language of the headers and the separator.
type CSVOptions struct {
	Lang i18n.Lang
	// Separator is ',' or ';'. With ';', amounts take a decimal comma,
	// as a French spreadsheet reads them.
	Separator rune
}

// utf8BOM starts the file so that spreadsheets read it as UTF-8.
const utf8BOM = "\uFEFF"

// csvColumn is one column: its header and its cell for a line.
type csvColumn struct {
	header string
	cell   func(line csvLine) string
}

// csvLine is a commune's line or the totals, as the columns read them.
type csvLine struct {
	name          string
	spent         int
	allowance     int
	percent       *float64
	warning       *string
	interventions Interventions
	fleet         Fleet
	below, ended  int
	loans         Loans
	maintenance   *maintenanceCells
	participation *int
	detail        *Participation
	projection    []ProjectionYear
}

type maintenanceCells struct{ inScope, done int }

// RenderCSV writes the report as CSV: a header, one line per commune,
// then the totals.
func RenderCSV(r Report, opts CSVOptions) ([]byte, error) {
	mark := "."
	if opts.Separator == ';' {
		mark = ","
	}
	columns := csvColumns(r, opts.Lang, mark)

	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	w := csv.NewWriter(&buf)
	w.Comma = opts.Separator
	headers := make([]string, len(columns))
	for i, c := range columns {
		headers[i] = c.header
	}
	_ = w.Write(headers)
	for _, line := range csvLines(r, opts.Lang) {
		cells := make([]string, len(columns))
		for i, c := range columns {
			cells[i] = c.cell(line)
		}
		_ = w.Write(cells)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write report CSV: %w", err)
	}
	return buf.Bytes(), nil
}

// csvLines returns the lines of the communes then that of the totals.
func csvLines(r Report, lang i18n.Lang) []csvLine {
	out := make([]csvLine, 0, len(r.Items)+1)
	for _, item := range r.Items {
		line := csvLine{
			name: item.CommuneName, spent: item.MinutesSpent, allowance: item.AllowanceMinutes,
			percent: item.Percent, warning: item.Warning, interventions: item.Interventions, fleet: item.Assets,
			below: len(item.BelowSupportedOS), ended: len(item.EndOfSupport), loans: item.Loans,
			detail: item.Participation, projection: item.Projection,
		}
		if item.Maintenance != nil {
			line.maintenance = &maintenanceCells{item.Maintenance.InScope, item.Maintenance.Done}
		}
		if item.Participation != nil {
			line.participation = &item.Participation.TotalCents
		}
		out = append(out, line)
	}
	t := r.Totals
	totals := csvLine{
		name: text(lang, "report_total"), spent: t.MinutesSpent, allowance: t.AllowanceMinutes,
		percent: t.Percent, warning: t.Warning, interventions: t.Interventions, fleet: t.Assets,
		below: t.BelowSupportedOS, ended: t.EndOfSupport, loans: t.Loans,
		participation: t.ParticipationCents, projection: t.Projection,
	}
	if t.Maintenance != nil {
		totals.maintenance = &maintenanceCells{t.Maintenance.InScope, t.Maintenance.Done}
	}
	return append(out, totals)
}

// csvColumns returns the columns of the report: fixed ones, then one per
// category, kind, status and age band, then one per year of the
// projection. A code has its column even when the report counts none, so
// that the files of two years line up.
func csvColumns(r Report, lang i18n.Lang, mark string) []csvColumn {
	num := strconv.Itoa
	cols := []csvColumn{
		{text(lang, "report_commune"), func(l csvLine) string { return l.name }},
		{text(lang, "report_spent") + " (min)", func(l csvLine) string { return num(l.spent) }},
		{text(lang, "report_allowance") + " (min)", func(l csvLine) string { return num(l.allowance) }},
		{text(lang, "report_percent") + " (%)", func(l csvLine) string { return optionalDecimal(l.percent, mark) }},
		{text(lang, "report_warning_column"), func(l csvLine) string { return deref(l.warning) }},
		{text(lang, "report_interventions"), func(l csvLine) string { return num(l.interventions.Count) }},
	}
	for _, level := range []string{"1", "2", "3"} {
		cols = append(cols, csvColumn{text(lang, "report_level", level), func(l csvLine) string { return num(l.interventions.ByLevel[level]) }})
	}
	for _, code := range withExtra(requests.Categories, r.Totals.Interventions.ByCategory) {
		cols = append(cols, csvColumn{text(lang, "request_category_"+code), func(l csvLine) string { return num(l.interventions.ByCategory[code]) }})
	}
	cols = append(cols,
		csvColumn{text(lang, "report_assets"), func(l csvLine) string { return num(l.fleet.Count) }},
		csvColumn{text(lang, "report_pcs"), func(l csvLine) string { return num(l.fleet.PCs) }},
		csvColumn{text(lang, "report_billable_pcs"), func(l csvLine) string { return num(l.fleet.BillablePCs) }},
	)
	for _, kind := range assets.Kinds {
		cols = append(cols, csvColumn{text(lang, "asset_kind_"+kind), func(l csvLine) string { return num(l.fleet.ByKind[kind]) }})
	}
	for _, status := range assets.Statuses {
		cols = append(cols, csvColumn{text(lang, "report_status_"+status), func(l csvLine) string { return num(l.fleet.ByStatus[status]) }})
	}
	for _, band := range AgeBands {
		cols = append(cols, csvColumn{upperFirst(text(lang, "report_age_"+band)), func(l csvLine) string { return num(l.fleet.ByAge[band]) }})
	}
	cols = append(cols, moneyColumns(r, lang, mark)...)
	return cols
}

// moneyColumns returns the columns from the PCs to replace to the
// projection.
func moneyColumns(r Report, lang i18n.Lang, mark string) []csvColumn {
	num := strconv.Itoa
	cols := []csvColumn{
		{text(lang, "report_below_xp"), func(l csvLine) string { return num(l.below) }},
		{text(lang, "report_end_of_support"), func(l csvLine) string { return num(l.ended) }},
		{text(lang, "report_loans"), func(l csvLine) string { return num(l.loans.Count) }},
		{text(lang, "report_loans_overdue"), func(l csvLine) string { return num(l.loans.Overdue) }},
		{text(lang, "report_maintenance_planned"), func(l csvLine) string { return maintenanceCell(l, false) }},
		{text(lang, "report_maintenance_done"), func(l csvLine) string { return maintenanceCell(l, true) }},
		{text(lang, "report_pc_fee_column") + " (€)", func(l csvLine) string {
			return detailCents(l, mark, func(p *Participation) int { return p.PCFeeCents })
		}},
		{text(lang, "report_commune_fee") + " (€)", func(l csvLine) string {
			return detailCents(l, mark, func(p *Participation) int { return p.CommuneFeeCents })
		}},
		{text(lang, "report_extra") + " (min)", func(l csvLine) string {
			if l.detail == nil {
				return ""
			}
			return num(l.detail.ExtraMinutes)
		}},
		{text(lang, "report_extra") + " (€)", func(l csvLine) string {
			return detailCents(l, mark, func(p *Participation) int { return p.HoursCents })
		}},
		{text(lang, "report_participation_total") + " (€)", func(l csvLine) string {
			if l.participation == nil {
				return ""
			}
			return decimalEuros(*l.participation, mark)
		}},
	}
	for i := range r.Totals.Projection {
		year := r.Totals.Projection[i].Year
		cols = append(cols, csvColumn{text(lang, "report_billable_pcs") + " " + num(year), func(l csvLine) string {
			return num(l.projection[i].PCs)
		}})
	}
	return cols
}

func maintenanceCell(l csvLine, done bool) string {
	switch {
	case l.maintenance == nil:
		return ""
	case done:
		return strconv.Itoa(l.maintenance.done)
	}
	return strconv.Itoa(l.maintenance.inScope)
}

func detailCents(l csvLine, mark string, pick func(*Participation) int) string {
	if l.detail == nil {
		return ""
	}
	return decimalEuros(pick(l.detail), mark)
}

func optionalDecimal(p *float64, mark string) string {
	if p == nil {
		return ""
	}
	s := strconv.FormatFloat(*p, 'f', -1, 64)
	if mark == "," {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// keysOf returns the keys of m, sorted.
func keysOf(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// withExtra returns all, then the codes that m counts and all lacks,
// sorted, such as the category of an old work order that the list no
// longer has.
func withExtra(all []string, m map[string]int) []string {
	out := slices.Clone(all)
	for _, code := range keysOf(m) {
		if !slices.Contains(all, code) {
			out = append(out, code)
		}
	}
	return out
}

// upperFirst returns s with its first letter in upper case, for a header
// made from a text written to sit inside a sentence.
func upperFirst(s string) string {
	first, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(first)) + s[size:]
}

// present returns the codes of all, in order, that m counts.
func present(all []string, m map[string]int) []string {
	out := []string{}
	for _, code := range all {
		if m[code] > 0 {
			out = append(out, code)
		}
	}
	return out
}
