package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"parc/server/accounts"
	"parc/server/i18n"
	"parc/server/reports"
	"parc/server/settings"
	"parc/server/store"
)

// reportFlags are the flags of "parc report".
type reportFlags struct {
	year, from, to, commune, out, separator, language string
}

// reportCommand runs "parc report": the committee's yearly report as a
// PDF or a CSV file, read straight from the database.
func reportCommand(ctx context.Context, env environment, args []string) error {
	var f reportFlags
	cfg, _, err := parseCommandFlags(env, "report", "Write the yearly report of the communes as a PDF or a CSV file.", dbOptions, args,
		func(fs *flag.FlagSet) {
			fs.StringVar(&f.year, "year", "", "year of the report, such as 2026 (required)")
			fs.StringVar(&f.from, "from", "", "first day of the period within the year, YYYY-MM-DD (default: 1 January)")
			fs.StringVar(&f.to, "to", "", "last day of the period within the year, YYYY-MM-DD (default: 31 December)")
			fs.StringVar(&f.commune, "commune", "", "name of the one commune to report on (default: every commune)")
			fs.StringVar(&f.out, "out", "", "file to write, ending in .pdf or .csv (required)")
			fs.StringVar(&f.separator, "separator", ",", "CSV field separator: , or ; (for a French spreadsheet)")
			fs.StringVar(&f.language, "language", "fr", "language of the report: fr or en")
		})
	if err != nil {
		return err
	}
	format, err := f.check(env)
	if err != nil {
		return err
	}
	// The API's message would suggest ?year=, a query parameter.
	if !fourDigits(f.year) {
		return fmt.Errorf("--year %s: give a year of four digits, such as --year %d", strconv.Quote(f.year), time.Now().Year())
	}
	period, err := reports.ReadPeriod(f.year, f.from, f.to)
	if err != nil {
		return describe(err)
	}

	return withStore(ctx, env, cfg, func(st *store.Store) error {
		r, org, err := buildReport(ctx, st, period, f.commune)
		if err != nil {
			return err
		}
		data, err := f.render(r, format, org)
		if err != nil {
			return err
		}
		if err := os.WriteFile(f.out, data, 0o644); err != nil {
			return fmt.Errorf("write the report: %w", err)
		}
		communes := "communes"
		if len(r.Items) == 1 {
			communes = "commune"
		}
		fmt.Fprintf(env.stdout, "wrote %s: %d %s, %s to %s\n", f.out, len(r.Items), communes, r.From, r.To)
		return nil
	})
}

// check validates the flags that need no database and returns the
// format of the output, pdf or csv.
func (f reportFlags) check(env environment) (string, error) {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(f.out)), ".")
	var problem string
	switch {
	case f.year == "":
		problem = "--year is required, such as --year 2026"
	case f.out == "":
		problem = "--out is required: a file ending in .pdf or .csv"
	case format != "pdf" && format != "csv":
		problem = fmt.Sprintf("--out %s: the file must end in .pdf or .csv", strconv.Quote(f.out))
	case f.separator != "," && f.separator != ";":
		problem = fmt.Sprintf("--separator %s: give , or ;", strconv.Quote(f.separator))
	case f.language != "fr" && f.language != "en":
		problem = fmt.Sprintf("--language %s: give fr or en", strconv.Quote(f.language))
	}
	if problem != "" {
		fmt.Fprintf(env.stderr, "parc report: %s\n", problem)
		return "", errUsage
	}
	return format, nil
}

// buildReport reads the settings and builds the report of period over
// every commune, or over the commune named commune.
func buildReport(ctx context.Context, st *store.Store, period reports.Period, commune string) (reports.Report, string, error) {
	snap, err := settings.NewService(st, settings.Defaults(), nil).Current(ctx)
	if err != nil {
		return reports.Report{}, "", err
	}
	scope := accounts.Scope{All: true}
	if commune != "" {
		ids, err := communeIDs(ctx, st, []string{commune})
		if err != nil {
			return reports.Report{}, "", err
		}
		scope = accounts.Scope{Communes: ids}
	}
	r, err := reports.Build(ctx, st.Reader, reports.Options{
		Scope: scope, Period: period, Today: reports.Today(),
		GrowthPercent: snap.Values.FleetGrowth, ProjectionYears: reports.ProjectionYears,
	})
	return r, snap.Values.OrganisationName, err
}

// render returns the report in format.
func (f reportFlags) render(r reports.Report, format, org string) ([]byte, error) {
	lang := i18n.Parse(f.language)
	switch format {
	case "pdf":
		return reports.RenderPDF(r, reports.PDFOptions{Lang: lang, Organisation: org, MadeOn: time.Now()})
	case "csv":
		return reports.RenderCSV(r, reports.CSVOptions{Lang: lang, Separator: rune(f.separator[0])})
	}
	return nil, errors.New("unknown format " + format)
}

func fourDigits(text string) bool {
	if len(text) != 4 {
		return false
	}
	for _, c := range text {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
