package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/demo"
	"parc/server/export"
	"parc/server/importer"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

func exportAssets(t *testing.T, s *store.Store, sep rune) []byte {
	t.Helper()
	var buf bytes.Buffer
	req := export.Request{Scope: accounts.Scope{All: true}, Separator: sep}
	if err := export.Assets(context.Background(), s.Reader, req, &buf); err != nil {
		t.Fatalf("export assets: %v", err)
	}
	return buf.Bytes()
}

// sortedRecords returns the records of a CSV export after its header,
// sorted, so that two exports compare whatever the order of equal keys.
func sortedRecords(t *testing.T, data []byte, sep rune) []string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.Comma = sep
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read export: %v", err)
	}
	out := make([]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		out = append(out, strings.Join(rec, "|"))
	}
	slices.Sort(out)
	return out
}

func TestAssetsRoundTripOfDemoFleet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, source *store.Store) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, source, "BE", storetest.Logger()); err != nil {
			t.Fatalf("load demo: %v", err)
		}
		// A note that a spreadsheet would read as a formula.
		_, err := source.DB.NewUpdate().Table("assets").Set("notes = ?", "=HYPERLINK(\"http://example.invalid\")").
			Where("id = (SELECT id FROM assets ORDER BY id LIMIT 1)").Exec(ctx)
		if err != nil {
			t.Fatal(err)
		}
		exported := exportAssets(t, source, ';')
		if !bytes.HasPrefix(exported, []byte("\uFEFF")) {
			t.Error("export does not start with a byte order mark")
		}
		if !bytes.Contains(exported, []byte(`;"'=HYPERLINK(""http://example.invalid"")"`)) {
			t.Error("export lacks the apostrophe before a cell starting with =")
		}

		// The target holds the same communes and nothing else.
		target := storetest.Open(t, source.Dialect)
		var communes []assets.Commune
		if err := source.DB.NewSelect().Model(&communes).Scan(ctx); err != nil {
			t.Fatal(err)
		}
		if err := assets.InsertCommunes(ctx, target.DB, communes); err != nil {
			t.Fatal(err)
		}
		im := &importer.Importer{Fleet: &assets.Writer{
			DB: target.DB, TagPrefix: func(context.Context) (string, error) { return "BE", nil }, Tags: tags.Registry{},
		}}
		r, err := im.Run(ctx, nil, exported, importer.Options{})
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if r.Failed() || r.Counts.Created != 292 || len(r.Missing) > 0 {
			for _, l := range r.In("en").Lines {
				if len(l.Errors) > 0 {
					t.Errorf("line %d: %+v", l.Line, l.Errors)
				}
			}
			t.Fatalf("import counts %+v, missing %v; want the 292 demo assets created", r.Counts, r.Missing)
		}

		n, err := target.DB.NewSelect().Table("assets").Where("notes = ?", "=HYPERLINK(\"http://example.invalid\")").Count(ctx)
		if err != nil || n != 1 {
			t.Errorf("%d imported assets (%v) have the note without its apostrophe, want 1", n, err)
		}

		want, got := sortedRecords(t, exported, ';'), sortedRecords(t, exportAssets(t, target, ';'), ';')
		if len(got) != len(want) {
			t.Fatalf("%d assets exported after import, want %d", len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("asset %d after round trip:\n got %s\nwant %s", i, got[i], want[i])
			}
		}

		again, err := im.Run(ctx, nil, exported, importer.Options{})
		if err != nil || again.Counts.Unchanged != 292 {
			t.Errorf("second import: %v, counts %+v, want all 292 unchanged", err, again.Counts)
		}
	})
}

func TestExportsOfAnEmptyScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if _, err := demo.Load(context.Background(), s, "BE", storetest.Logger()); err != nil {
			t.Fatal(err)
		}
		for name, write := range export.Writers {
			var buf bytes.Buffer
			req := export.Request{Scope: accounts.Scope{Communes: nil}, Separator: ';'}
			if err := write(context.Background(), s.Reader, req, &buf); err != nil {
				t.Fatalf("%s of a correspondent without communes: %v", name, err)
			}
			if lines := strings.Count(buf.String(), "\r\n"); lines != 1 {
				t.Errorf("%s of a correspondent without communes has %d lines, want the header only", name, lines)
			}
		}
	})
}
