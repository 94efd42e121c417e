package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parc/server/assets"
	"parc/server/store"
	"parc/server/store/storetest"
)

// dataWithCommune returns a data folder whose database holds one commune.
func dataWithCommune(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), store.Options{DataDir: dir}, storetest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	w := &assets.Writer{DB: st.DB}
	_, err = w.CreateCommune(context.Background(), nil, assets.CommuneRequest{
		Name: assets.Field[string]{Set: true, Value: name}, Kind: assets.Field[string]{Set: true, Value: assets.CommuneKindCommune},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCommandDryRunAndExitCode(t *testing.T) {
	vars := map[string]string{"PARC_DATA": dataWithCommune(t, "Apprieu")}
	bad := writeFile(t, "bad.csv", "Commune;Site;Salle;N° de série;Date d'achat\n"+
		"Apprieu;Mairie d'Apprieu;Accueil;S1;12/2019\n"+
		"Apprieu;Mairie d'Apprieu;\"Salle\ndu conseil\";S2;\n"+
		"Izeaux;École d'Izeaux;BCD;S3;\n")

	res := runLive(t, vars, "import", bad, "--dry-run", "--language", "en")
	if res.code != 1 {
		t.Errorf("dry run of a faulty file exited %d, want 1\n%s%s", res.code, res.stdout, res.stderr)
	}
	if !strings.Contains(res.stdout, "line 5: error: commune: Commune \"Izeaux\" does not exist") {
		t.Errorf("report lacks the fault of line 5:\n%s", res.stdout)
	}
	if !strings.Contains(res.stdout, "line 2: warning: purchase_date") {
		t.Errorf("report lacks the partial date warning of line 2:\n%s", res.stdout)
	}

	res = runLive(t, vars, "import", bad)
	if res.code != 1 || !strings.Contains(res.stdout, "rien n'est enregistré") || !strings.Contains(res.stdout, "ligne 2 : avertissement : purchase_date") {
		t.Errorf("import of a faulty file exited %d, want 1 with nothing written\n%s", res.code, res.stdout)
	}

	res = runLive(t, vars, "import", "--allow-partial", bad)
	if res.code != 1 || !strings.Contains(res.stdout, "créées : 2,") {
		t.Errorf("partial import exited %d, want 1 after creating 2\n%s", res.code, res.stdout)
	}

	out := filepath.Join(t.TempDir(), "assets.csv")
	res = runLive(t, vars, "export", "assets", "--out", out, "--separator", ";")
	if res.code != 0 {
		t.Fatalf("export exited %d\n%s", res.code, res.stderr)
	}
	res = runLive(t, vars, "import", out, "--dry-run")
	if res.code != 0 || !strings.Contains(res.stdout, "inchangées : 2,") {
		t.Errorf("dry run of the export exited %d, want 0 with 2 unchanged\n%s%s", res.code, res.stdout, res.stderr)
	}
}

func TestImportCommandUsage(t *testing.T) {
	res := runCLI(t, map[string]string{"PARC_DATA": t.TempDir()}, "import")
	if res.code != 2 || !strings.Contains(res.stderr, "missing FILE.csv") {
		t.Errorf("import without a file exited %d, stderr %q", res.code, res.stderr)
	}
	res = runCLI(t, map[string]string{"PARC_DATA": t.TempDir()}, "export", "loans", "--out", "x.csv")
	if res.code != 2 || !strings.Contains(res.stderr, "assets, time-entries, work-orders") {
		t.Errorf("export of an unknown kind exited %d, stderr %q", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, `"loans"`) {
		t.Errorf("export of an unknown kind: stderr %q lacks the kind", res.stderr)
	}
}

func TestImportCommandUnclosedQuote(t *testing.T) {
	vars := map[string]string{"PARC_DATA": dataWithCommune(t, "Apprieu")}
	file := writeFile(t, "quote.csv", "Commune;Site;Marque\n\"Apprieu;Mairie;HP\n"+
		strings.Repeat("Apprieu;Mairie d'Apprieu;HP\n", 200))

	for _, args := range [][]string{{"import", file}, {"import", file, "--allow-partial"}} {
		res := runLive(t, vars, args...)
		if res.code != 1 || !strings.Contains(res.stderr, "Ligne 2 : un guillemet") {
			t.Errorf("%v exited %d, stderr %q, want 1 naming line 2", args, res.code, res.stderr)
		}
	}
}
