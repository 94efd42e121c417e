package importer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"parc/server/importer"
	"parc/server/store"
	"parc/server/store/storetest"
)

// largeInventory returns an inventory of n lines over the example
// communes, ten sites each. Each line is a PC with its own serial number
// and the mess of real files: OS names written several ways, partial
// dates, stray spaces.
func largeInventory(n int) []byte {
	systems := []string{"Win 10", "W10", "Windows 10 Pro", "Seven", "XP", "Windows 11 Pro", "Ubuntu 22.04"}
	dates := []string{"12/03/2019", "06/2015", "2012", "", "01/09/2021"}
	var b strings.Builder
	b.WriteString("Commune;École/Mairie;Salle;Marque;Modèle;N° de série;Système;Date d'achat\r\n")
	for i := range n {
		commune := exampleCommunes[i%len(exampleCommunes)]
		fmt.Fprintf(&b, "%s;École %d de %s;Salle %d;%s;OptiPlex 70%02d; SN%07d ;%s;%s\r\n",
			commune, i/len(exampleCommunes)%10, commune, i%20, []string{"DELL", "hp", "Lenovo"}[i%3], i%50, i,
			systems[i%len(systems)], dates[i%len(dates)])
	}
	return []byte(b.String())
}

func importLarge(tb testing.TB, s *store.Store, data []byte, opts importer.Options) *importer.Report {
	im := newImporter(tb, s, exampleCommunes...)
	r, err := im.Run(context.Background(), nil, data, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// TestImport20000Lines imports a 20,000-line file on SQLite.
func TestImport20000Lines(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 20,000 lines")
	}
	s := storetest.Open(t, store.SQLite)
	r := importLarge(t, s, largeInventory(20000), importer.Options{})
	if r.Failed() || r.Counts.Created != 20000 || !r.Written {
		t.Fatalf("counts %+v, want 20000 created", r.Counts)
	}
	if n := countAssets(t, s); n != 20000 {
		t.Errorf("%d assets stored, want 20000", n)
	}
	if r.Counts.SitesCreated != 50 || r.Counts.RoomsCreated != 100 {
		t.Errorf("%d sites and %d rooms created, want 50 and 100", r.Counts.SitesCreated, r.Counts.RoomsCreated)
	}
}

// BenchmarkImport20000Lines measures one import of a 20,000-line file
// into an empty SQLite database, or PostgreSQL with -engine=postgres.
func BenchmarkImport20000Lines(b *testing.B) {
	data := largeInventory(20000)
	for b.Loop() {
		b.StopTimer()
		s := storetest.Open(b, store.SQLite)
		b.StartTimer()
		r := importLarge(b, s, data, importer.Options{})
		if r.Counts.Created != 20000 {
			b.Fatalf("counts %+v", r.Counts)
		}
	}
}
