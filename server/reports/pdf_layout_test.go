package reports_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parc/server/accounts"
	"parc/server/demo"
	"parc/server/i18n"
	"parc/server/reports"
	"parc/server/store"
	"parc/server/store/storetest"
)

// demoReportPages renders the report of the demo fleet for 2026 and
// returns the text of its pages in the order it was drawn, with every run
// of white space, line ends included, squeezed to one space.
func demoReportPages(t *testing.T, s *store.Store) (reports.Report, []string) {
	t.Helper()
	pdftotext := tool(t, "pdftotext")
	if _, err := demo.Load(context.Background(), s, "BE", storetest.Logger()); err != nil {
		t.Fatalf("load the demo: %v", err)
	}
	r, err := reports.Build(context.Background(), s.Reader, reports.Options{
		Scope: accounts.Scope{All: true}, Period: reports.WholeYear(2026), Today: *date("2026-12-05"),
		GrowthPercent: 3, ProjectionYears: 5,
	})
	if err != nil {
		t.Fatalf("build the report: %v", err)
	}
	data, err := reports.RenderPDF(r, reports.PDFOptions{Lang: i18n.French, Organisation: "Service informatique mutualisé", MadeOn: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "rapport.pdf")
	if keep := os.Getenv("PARC_KEEP_REPORT_PDF"); keep != "" {
		_ = os.WriteFile(keep, data, 0o600)
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}

	out, err := exec.Command(pdftotext, "-raw", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	for i, page := range pages {
		pages[i] = strings.Join(strings.Fields(page), " ")
	}
	return r, pages
}

func TestReportPDFPagesNameTheirCommune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		r, pages := demoReportPages(t, s)
		if len(r.Items) < 10 {
			t.Fatalf("the demo report has %d communes", len(r.Items))
		}
		if len(pages) <= len(r.Items)+1 {
			t.Fatalf("PDF has %d pages for %d communes: the demo no longer has a commune longer than a page, so this test checks nothing", len(pages), len(r.Items))
		}

		next := 0 // index in r.Items of the next commune to start
		current := ""
		for i, page := range pages[1:] {
			if next < len(r.Items) && strings.HasPrefix(page, r.Items[next].CommuneName+" Période du") {
				current = r.Items[next].CommuneName
				next++
				continue
			}
			if current == "" || !strings.HasPrefix(page, current+" (suite)") {
				t.Errorf("page %d neither starts a commune nor names %q (suite): %.200s", i+2, current, page)
			}
		}
		if next != len(r.Items) {
			t.Errorf("found %d commune sections, want %d", next, len(r.Items))
		}
	})
}

func TestReportPDFSummaryKeepsLongNames(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	r, pages := demoReportPages(t, s)

	summary := pages[0]
	for _, item := range r.Items {
		if !strings.Contains(summary, item.CommuneName) {
			t.Errorf("summary page lacks the full name %q:\n%s", item.CommuneName, summary)
		}
	}
	for _, name := range []string{"Communauté de communes de Bièvre Est", "Saint-Didier-de-Bizonnes"} {
		if !strings.Contains(summary, name) {
			t.Errorf("summary page lacks %q:\n%s", name, summary)
		}
	}
	if strings.Contains(summary, "…") {
		t.Errorf("summary page shortens a text with an ellipsis:\n%s", summary)
	}
}

func TestReportPDFRepeatsTableHeader(t *testing.T) {
	pdftotext := tool(t, "pdftotext")
	item := reports.CommuneReport{}
	item.CommuneName = "Apprieu"
	for i := range 90 {
		tag := fmt.Sprintf("BE%07d", i)
		item.EndOfSupport = append(item.EndOfSupport, reports.PCLine{Tag: &tag, Brand: "Dell", Model: "OptiPlex 780", OS: "Windows 7", SiteName: "École d'Apprieu"})
	}
	r := reports.Report{Period: reports.WholeYear(2026), Items: []reports.CommuneReport{item}}
	data, err := reports.RenderPDF(r, reports.PDFOptions{Lang: i18n.French, Organisation: "Service", MadeOn: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "rapport.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}

	out, err := exec.Command(pdftotext, "-raw", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	if len(pages) < 4 {
		t.Fatalf("PDF has %d pages, want the summary and three or more for 90 PCs", len(pages))
	}
	for i, page := range pages[2:] {
		if !strings.HasPrefix(page, "Apprieu (suite)\nÉtiquette Modèle Système Site\nBE") {
			t.Errorf("page %d does not start with the commune's name and the table's header: %.200q", i+3, page)
		}
	}
}
