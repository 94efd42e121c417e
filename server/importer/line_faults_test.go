package importer_test

import (
	"context"
	"testing"

	"parc/server/importer"
	"parc/server/store"
	"parc/server/store/storetest"
)

func TestImportLineListsAllFaults(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		im := newImporter(t, s, "Apprieu")
		file := "tag;commune;site;kind;status;purchase date\n" +
			"ZZ-12;Apprieu;Mairie d'Apprieu;grille-pain;cassé;31/02/2020\n" +
			"ZZ-13;Bévenais;Mairie de Bévenais;PC;en service;\n"

		r, err := im.Run(context.Background(), nil, []byte(file), importer.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{2, 3} {
			fields := map[string]bool{}
			for _, is := range lineAt(t, r, n).Errors {
				fields[is.Field] = true
			}
			if !fields[importer.FieldTag] {
				t.Errorf("line %d faults %q lack the malformed tag", n, issues(lineAt(t, r, n)))
			}
		}
		two := lineAt(t, r, 2)
		for _, f := range []string{importer.FieldKind, importer.FieldStatus, importer.FieldPurchaseDate} {
			found := false
			for _, is := range two.Errors {
				found = found || is.Field == f
			}
			if !found {
				t.Errorf("line 2 faults %q lack %s", issues(two), f)
			}
		}
	})
}
