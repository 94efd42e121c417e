package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"parc/server/accounts"
	"parc/server/demo"
	"parc/server/i18n"
	"parc/server/reports"
	"parc/server/store"
	"parc/server/store/storetest"
)

// csvHeader renders r as CSV and returns its header row.
func csvHeader(t *testing.T, r reports.Report) []string {
	t.Helper()
	data, err := reports.RenderCSV(r, reports.CSVOptions{Lang: i18n.French, Separator: ';'})
	if err != nil {
		t.Fatal(err)
	}
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	rd.Comma = ';'
	header, err := rd.Read()
	if err != nil {
		t.Fatalf("read the CSV header: %v", err)
	}
	return header
}

func TestReportCSVHeaderIsFixed(t *testing.T) {
	small := storetest.Open(t, store.SQLite)
	seed(t, small)
	smallHeader := csvHeader(t, build(t, small, accounts.Scope{All: true}))

	// The demo fleet of 2025, with other kinds, statuses and no work.
	large := storetest.Open(t, store.SQLite)
	if _, err := demo.Load(context.Background(), large, "BE", storetest.Logger()); err != nil {
		t.Fatalf("load the demo: %v", err)
	}
	largeHeader := csvHeader(t, build(t, large, accounts.Scope{All: true}))

	if !slices.Equal(smallHeader, largeHeader) {
		t.Errorf("the headers of two data sets differ:\n%q\n%q", smallHeader, largeHeader)
	}
	for _, want := range []string{"En stock", "En prêt", "Réformé", "Tablette", "Autre", "Moins de 3 ans", "Date d'achat inconnue"} {
		if !slices.Contains(smallHeader, want) {
			t.Errorf("the header lacks %q: %q", want, smallHeader)
		}
	}
	for _, header := range smallHeader {
		if first, _ := utf8.DecodeRuneInString(header); !unicode.IsUpper(first) && !unicode.IsDigit(first) && first != '%' {
			t.Errorf("header %q does not start with a capital", header)
		}
	}
}
