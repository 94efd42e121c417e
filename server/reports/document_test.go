package reports_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parc/server/accounts"
	"parc/server/i18n"
	"parc/server/reports"
	"parc/server/store"
	"parc/server/store/storetest"
)

// tool returns the path of a poppler tool, and skips the test when it is
// missing, unless CI=true, where it fails.
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: install poppler-utils", name)
		}
		t.Skipf("%s is missing: install poppler-utils", name)
	}
	return path
}

func TestReportPDFHasEveryCommuneAndFigure(t *testing.T) {
	pdftotext, pdftoppm := tool(t, "pdftotext"), tool(t, "pdftoppm")
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		r := build(t, s, accounts.Scope{All: true})
		data, err := reports.RenderPDF(r, reports.PDFOptions{Lang: i18n.French, Organisation: "Service informatique mutualisé", MadeOn: time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "rapport.pdf")
		if keep := os.Getenv("PARC_KEEP_REPORT_PDF"); keep != "" {
			_ = os.WriteFile(keep, data, 0o600)
		}
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}

		out, err := exec.Command(pdftotext, "-layout", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		// pdftotext may drop the space of "8 h": compare without spaces.
		pages := strings.Split(strings.ReplaceAll(string(out), " ", ""), "\f")
		if len(pages) != 5 {
			t.Fatalf("PDF has %d pages, want a summary and one per commune: %s", len(pages)-1, out)
		}
		summary := pages[0]
		for _, want := range []string{
			"Rapport annuel 2025", "Service informatique mutualisé", "Tarif « Tarif 2025 »",
			"Alpha", "Bêta", "CCBE", "8 h", "80 %", "5 h 30", "110 %", "1 h 30", "7,5 %", "15 h", "42,8 %",
			"400,00 €", "232,50 €", "100,00 €", "732,50 €",
		} {
			if !strings.Contains(summary, strings.ReplaceAll(want, " ", "")) {
				t.Errorf("summary page lacks %q:\n%s", want, summary)
			}
		}
		communes := map[string][]string{
			"Alpha": {"Alpha", "8 h", "10 h", "80 %", "Dépannage du système", "TAG-a4", "Windows 98", "TAG-a2", "14/10/2025", "2 prêt(s), dont 1 en retard", "1 PC faits sur 4 prévus", "160,00 €", "140,00 €", "400,00 €"},
			"Bêta":  {"Bêta", "5 h 30", "110 %", "temps alloué dépassé", "TAG-b3", "Windows 8.1", "80,00 €", "52,50 €", "232,50 €"},
			"CCBE":  {"CCBE", "1 h 30", "Photocopieur", "Niveau 2", "100,00 €"},
		}
		for i, name := range []string{"Alpha", "Bêta", "CCBE"} {
			page := pages[1+i]
			for _, want := range communes[name] {
				if !strings.Contains(page, strings.ReplaceAll(want, " ", "")) {
					t.Errorf("page of %s lacks %q:\n%s", name, want, page)
				}
			}
		}

		// Every page renders.
		if err := exec.Command(pdftoppm, "-r", "30", "-png", file, filepath.Join(dir, "page")).Run(); err != nil {
			t.Fatalf("pdftoppm: %v", err)
		}
		images, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
		if len(images) != len(pages)-1 {
			t.Errorf("pdftoppm rendered %d pages, pdftotext read %d", len(images), len(pages)-1)
		}
		for _, image := range images {
			if info, err := os.Stat(image); err != nil || info.Size() < 500 {
				t.Errorf("page %s is empty: %v", image, err)
			}
		}
	})
}

func TestReportCSVReadsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		r := build(t, s, accounts.Scope{All: true})
		data, err := reports.RenderCSV(r, reports.CSVOptions{Lang: i18n.French, Separator: ';'})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			t.Fatalf("CSV does not start with the UTF-8 byte order mark: %q", data[:10])
		}

		rd := csv.NewReader(bytes.NewReader(data[3:]))
		rd.Comma = ';'
		rows, err := rd.ReadAll()
		if err != nil {
			t.Fatalf("read the CSV back: %v", err)
		}
		if len(rows) != 5 {
			t.Fatalf("CSV has %d rows, want a header, 3 communes and the totals", len(rows))
		}
		cells := map[string]map[string]string{}
		for _, row := range rows[1:] {
			cells[row[0]] = map[string]string{}
			for i, header := range rows[0] {
				cells[row[0]][header] = row[i]
			}
		}
		for _, tt := range []struct{ line, column, want string }{
			{"Alpha", "Temps passé (min)", "480"},
			{"Alpha", "Part du temps alloué (%)", "80"},
			{"Alpha", "Alerte (% du temps alloué)", "80"},
			{"Alpha", "PC à maintenir", "4"},
			{"Alpha", "PC maintenus", "1"},
			{"Bêta", "Part du temps alloué (%)", "110"},
			{"CCBE", "Part du temps alloué (%)", "7,5"},
			{"Alpha", "Dépannage du système", "1"},
			{"CCBE", "Niveau 2", "1"},
			{"Alpha", "PC suivis", "4"},
			{"Alpha", "PC antérieurs à Windows XP (hors charte)", "1"},
			{"Alpha", "PC dont le système n'est plus maintenu par son éditeur", "2"},
			{"Bêta", "Prêts en retard", "1"},
			{"Alpha", "Participation totale (€)", "400,00"},
			{"Bêta", "Temps au-delà, au taux horaire (€)", "52,50"},
			{"Total", "Participation totale (€)", "732,50"},
			{"Total", "Temps passé (min)", "900"},
			{"Total", "PC suivis 2028", "7"},
		} {
			if got := cells[tt.line][tt.column]; got != tt.want {
				t.Errorf("%s, %s = %q, want %q", tt.line, tt.column, got, tt.want)
			}
		}
	})
}

func TestReportPDFInEnglish(t *testing.T) {
	pdftotext := tool(t, "pdftotext")
	s := storetest.Open(t, store.SQLite)
	seed(t, s)
	r := build(t, s, accounts.Scope{All: true})
	data, err := reports.RenderPDF(r, reports.PDFOptions{Lang: i18n.English, Organisation: "Shared IT service", MadeOn: time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.ReplaceAll(string(out), " ", "")
	for _, want := range []string{"Yearly report 2025", "Period from 2025-01-01 to 2025-12-31", "€400.00", "€732.50", "Page 1 of 4", "Windows XP"} {
		if !strings.Contains(text, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("English PDF lacks %q:\n%s", want, out)
		}
	}
}
