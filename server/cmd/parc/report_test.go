package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parc/server/demo"
	"parc/server/store"
	"parc/server/store/storetest"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: dir}, storetest.Logger())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	if _, err := demo.Load(ctx, st, "BE", storetest.Logger()); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	st.Close()
	data := map[string]string{"PARC_DATA": dir}

	pdf := filepath.Join(dir, "rapport.pdf")
	r := runLive(t, data, "report", "--year", "2026", "--out", pdf)
	if r.code != 0 || !strings.Contains(r.stdout, "14 communes") {
		t.Fatalf("report as PDF: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if body, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Errorf("%s is not a PDF: %v", pdf, err)
	}

	out := filepath.Join(dir, "apprieu.csv")
	r = runLive(t, data, "report", "--year", "2026", "--commune", "apprieu", "--separator", ";", "--out", out)
	if r.code != 0 {
		t.Fatalf("report of Apprieu as CSV: exit %d, stderr %q", r.code, r.stderr)
	}
	body, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF"))))
	rd.Comma = ';'
	rows, err := rd.ReadAll()
	if err != nil || len(rows) != 3 || rows[1][0] != "Apprieu" || rows[2][0] != "Total" {
		t.Errorf("CSV of Apprieu: %v, rows %q; want a header, Apprieu and the totals", err, rows)
	}

	for _, args := range [][]string{
		{"report", "--out", out},
		{"report", "--year", "2026"},
		{"report", "--year", "2026", "--out", filepath.Join(dir, "rapport.txt")},
		{"report", "--year", "2026", "--out", out, "--separator", "|"},
	} {
		if r := runLive(t, data, args...); r.code != 2 || !strings.Contains(r.stderr, "--") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and the flag at fault", args, r.code, r.stderr)
		}
	}
	if r := runLive(t, data, "report", "--year", "2026", "--commune", "Atlantis", "--out", out); r.code != 1 || !strings.Contains(r.stderr, "Atlantis") {
		t.Errorf("unknown commune: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runLive(t, data, "report", "--year", "26", "--out", out); r.code != 1 || !strings.Contains(r.stderr, "26") {
		t.Errorf("bad year: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runLive(t, data, "report", "--year", "abc", "--out", out); r.code != 1 || !strings.Contains(r.stderr, `"abc"`) || !strings.Contains(r.stderr, "--year 20") || strings.Contains(r.stderr, "?year") {
		t.Errorf("year abc: exit %d, stderr %q, want the value and --year 20xx", r.code, r.stderr)
	}
}
