package importer_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"parc/labels"
	"parc/server/importer"
	"parc/server/store"
	"parc/server/store/storetest"
)

func TestImportLineNumbersWithQuotedNewlines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		im := newImporter(t, s, "Apprieu")
		// Line 2 spans lines 2 to 4 through its quoted notes, so the faulty
		// record is on line 5 and the next on line 6.
		file := "commune,site,room,brand,model,serial number,purchase date,notes\r\n" +
			"Apprieu,Mairie d'Apprieu,Accueil,Dell,OptiPlex 3080,AA1,01/02/2020,\"first\r\nsecond\r\nthird\"\r\n" +
			"Apprieu,Mairie d'Apprieu,Accueil,Dell,OptiPlex 3080,AA2,31/02/2020,\r\n" +
			"Apprieu,Mairie d'Apprieu,Accueil,Dell,OptiPlex 3080,AA3,2021,\r\n"
		r, err := im.Run(context.Background(), nil, []byte(file), importer.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.Separator != "," || r.Encoding != importer.EncodingUTF8 {
			t.Errorf("separator %q encoding %s, want , and utf-8", r.Separator, r.Encoding)
		}
		if got := lineAt(t, r, 2); got.Action != importer.ActionCreate {
			t.Errorf("line 2 = %s %q, want create", got.Action, issues(got))
		}
		bad := lineAt(t, r, 5)
		if bad.Action != importer.ActionError || !strings.Contains(issues(bad), "31/02/2020") {
			t.Errorf("line 5 = %s %q, want the unreadable date 31/02/2020", bad.Action, issues(bad))
		}
		if got := lineAt(t, r, 6); got.Action != importer.ActionCreate {
			t.Errorf("line 6 = %s %q, want create", got.Action, issues(got))
		}
		if !r.Failed() {
			t.Error("report not failed with a faulty line")
		}
	})
}

func TestImportUnknownCommuneWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		im := newImporter(t, s, "Apprieu")
		file := "Commune;École/Mairie;Salle;Marque;Modèle;N° de série\n" +
			"Apprieu;Mairie d'Apprieu;Accueil;HP;ProDesk;S1\n" +
			"Bévenais;Mairie de Bévenais;Accueil;HP;ProDesk;S2\n"

		r, err := im.Run(ctx, nil, []byte(file), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		bad := lineAt(t, r, 3)
		if !strings.Contains(issues(bad), "Bévenais") || !strings.Contains(issues(bad), "administrateur") {
			t.Errorf("line 3 issues %q, want the commune named and the administrator step", issues(bad))
		}
		if r.Written || countAssets(t, s) != 0 {
			t.Errorf("written %v with %d assets, want nothing written", r.Written, countAssets(t, s))
		}
		var sites int64
		if sites, err = s.DB.NewSelect().Table("sites").Count(ctx); err != nil || sites != 0 {
			t.Errorf("%d sites stored (%v), want none", sites, err)
		}

		partial, err := im.Run(ctx, nil, []byte(file), importer.Options{AllowPartial: true})
		if err != nil || !partial.Written || partial.Counts.Created != 1 || partial.Counts.Failed != 1 {
			t.Errorf("partial import: %v, counts %+v, want 1 created and 1 failed", err, partial.Counts)
		}
		var communes int64
		if communes, err = s.DB.NewSelect().Table("communes").Count(ctx); err != nil || communes != 1 {
			t.Errorf("%d communes (%v), want the one created by the test", communes, err)
		}
	})
}

func TestImportDuplicateSerials(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		im := newImporter(t, s, "Apprieu")
		file := "commune;site;salle;marque;modèle;numéro de série\n" +
			"Apprieu;Mairie d'Apprieu;Accueil;HP;ProDesk;SN 1\n" +
			"Apprieu;Mairie d'Apprieu;Accueil;HP;ProDesk;SN 1\n" +
			"Apprieu;Mairie d'Apprieu;Bureau;Dell;OptiPlex;sn1\n"
		r, err := im.Run(context.Background(), nil, []byte(file), importer.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := lineAt(t, r, 3); got.Action != importer.ActionDuplicate {
			t.Errorf("line 3 = %s %q, want a duplicate of line 2", got.Action, issues(got))
		}
		got := lineAt(t, r, 4)
		if got.Action != importer.ActionError || !strings.Contains(issues(got), "ligne 2") {
			t.Errorf("line 4 = %s %q, want the serial of line 2 reported", got.Action, issues(got))
		}
	})
}

func TestImportUpdatesByTagAndSerial(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		im := newImporter(t, s, "Izeaux")
		tag, err := labels.NewAssetTag("BE", 7)
		if err != nil {
			t.Fatal(err)
		}
		header := "tag;commune;site;room;brand;model;serial;os\n"
		first := header + tag.String() + ";Izeaux;École d'Izeaux;BCD;hp;ProDesk;X1;Win 10\n" +
			";Izeaux;École d'Izeaux;BCD;Dell;OptiPlex;X2;XP SP3\n"
		if r, err := im.Run(ctx, nil, []byte(first), importer.Options{}); err != nil || r.Counts.Created != 2 {
			t.Fatalf("first import: %v, %+v", err, r)
		}

		var state string
		var next int
		if err := s.DB.NewSelect().Table("tags").Column("state").Where("tag = ?", tag.String()).Scan(ctx, &state); err != nil || state != "assigned" {
			t.Errorf("registry state of imported tag %s = %q (%v), want assigned", tag, state, err)
		}
		err = s.DB.NewSelect().Table("tag_counters").Column("next_serial").Where("prefix = 'BE'").Where("kind = 'asset'").Scan(ctx, &next)
		if err != nil || next != 8 {
			t.Errorf("next asset serial = %d (%v), want 8, past the imported tag", next, err)
		}

		second := header + tag.String() + ";Izeaux;École d'Izeaux;Salle info;HP;ProDesk;X1;W11\n" +
			";Izeaux;École d'Izeaux;BCD;Dell;OptiPlex 7010;X2;Windows XP\n"
		r, err := im.Run(ctx, nil, []byte(second), importer.Options{})
		if err != nil || r.Counts.Updated != 2 || r.Counts.Created != 0 {
			t.Fatalf("second import: %v, counts %+v, want 2 updated", err, r.Counts)
		}
		if n := countAssets(t, s); n != 2 {
			t.Errorf("%d assets, want 2", n)
		}
		a := assetBySerial(t, s, "X1")
		if a.OS != "Windows 11" || a.Tag == nil || *a.Tag != tag.String() || a.Version != 2 {
			t.Errorf("asset X1 = os %q tag %v version %d, want Windows 11, %s, version 2", a.OS, a.Tag, a.Version, tag)
		}
		if x2 := assetBySerial(t, s, "X2"); x2.Model != "OptiPlex 7010" || x2.OSVersion != "SP3" {
			t.Errorf("asset X2 = model %q os version %q, want OptiPlex 7010 keeping SP3", x2.Model, x2.OSVersion)
		}
	})
}

func TestImportWindows1252Accents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		im := newImporter(t, s, "Châbons")
		utf8 := "Commune;Site;Salle;Marque;Modèle;Remarques\nChâbons;Médiathèque de Châbons;Réserve;Dell;OptiPlex;Écran à changer\n"
		data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(utf8))
		if err != nil {
			t.Fatal(err)
		}
		r, err := im.Run(context.Background(), nil, data, importer.Options{})
		if err != nil || r.Counts.Created != 1 || r.Encoding != importer.EncodingWindows1252 {
			t.Fatalf("import: %v, %+v", err, r)
		}
		var notes, room string
		err = s.DB.NewSelect().TableExpr("assets AS a").Join("JOIN rooms AS r ON r.id = a.room_id").
			ColumnExpr("a.notes, r.name").Scan(context.Background(), &notes, &room)
		if err != nil || notes != "Écran à changer" || room != "Réserve" {
			t.Errorf("stored notes %q room %q (%v), want the accents kept", notes, room, err)
		}
	})
}

func TestImportMappingFile(t *testing.T) {
	m, err := importer.ParseMap("# columns of the town's sheet\nVille = commune\nBâtiment principal = site\nN° machine = serial\nCouleur = -\n")
	if err != nil {
		t.Fatal(err)
	}
	got := importer.MapHeaders([]string{"ville", "batiment principal", "N° machine", "Couleur", "Marque"}, m)
	want := []string{"commune", "site", "serial", "-", "brand"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("column %d mapped to %q, want %q", i, got[i], want[i])
		}
	}
	if _, err := importer.ParseMap("Ville = town\n"); err == nil || !strings.Contains(err.Error(), "town") {
		t.Errorf("unknown field error = %v, want it named", err)
	}
}
