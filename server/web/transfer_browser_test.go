package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestImportScreenInBrowser checks a file, maps an unknown column, reads
// the report's line numbers, imports, and renews the calendar link, in
// Chromium, with the accessibility and touch-target checks.
func TestImportScreenInBrowser(t *testing.T) {
	src := axeSource(t)
	_, _, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.login(demoEmail)

	dir := t.TempDir()
	path := filepath.Join(dir, "inventaire.csv")
	file := "Commune;Bâtiment principal;Salle;Marque;N° de série;Date d'achat\n" +
		"Apprieu;Mairie d'Apprieu;Salle des fêtes;Dell;BRW-1;03/2021\n" +
		"Apprieu;Mairie d'Apprieu;\"Salle\ndes mariages\";HP;BRW-2;31/13/2020\n"
	if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}

	import_ := screen{"import", "/import", "#import-file"}
	b.openScreen(import_)
	b.do("choose the inventory", chromedp.SetUploadFiles("#import-file", []string{path}))
	b.click("#import-check")
	b.wait("the missing site column", `document.querySelector('#import-columns .error') !== null`)
	if got := b.text("#import-columns .error"); !strings.Contains(got, "Site") {
		b.errorf("missing column message %q, want the site named", got)
	}
	runAxe(b, src, "/import with the mapping step")
	checkTargets(b, "/import with the mapping step")

	eval[bool](b, `(() => { const s = document.querySelector('#import-column-1'); s.value = 'site';
		s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`)
	b.click("#import-check")
	b.wait("the report", `document.querySelector('#import-counts') !== null`)
	if got := b.text(`#import-lines li[data-line="3"]`); !strings.Contains(got, "31/13/2020") {
		b.errorf("line 3 of the report = %q, want the unreadable date", got)
	}
	if got := b.text(`#import-lines li[data-line="2"]`); !strings.Contains(got, "03/2021") {
		b.errorf("line 2 of the report = %q, want the partial date note", got)
	}
	if !eval[bool](b, `document.querySelector('#import-run').disabled`) {
		b.errorf("import enabled while line 3 has an error")
	}

	b.click("#import-partial")
	b.click("#import-run")
	b.wait("the import", `document.querySelector('#import-status').textContent.includes('Import terminé')`)
	if got := b.text("#import-counts"); !strings.Contains(got, "1 créées") {
		b.errorf("counts after import %q, want 1 created", got)
	}
	if got := b.text(`#import-lines li[data-line="2"]`); !strings.Contains(got, "créé") || strings.Contains(got, "à créer") {
		b.errorf("line 2 after the import = %q, want it marked « créé »", got)
	}
	runAxe(b, src, "/import with the report")
	checkTargets(b, "/import with the report")

	b.openScreen(screen{"settings", "/settings", "#calendar-renew"})
	b.wait("the calendar state", `document.querySelector('#calendar-state').textContent !== ''`)
	b.click("#calendar-renew")
	b.wait("the calendar link", `document.querySelector('#calendar-url') !== null`)
	if url := eval[string](b, `document.querySelector('#calendar-url').value`); !strings.Contains(url, "/ics/") {
		b.errorf("calendar link %q", url)
	}
	if got := b.text("#calendar-state"); !strings.Contains(got, "Nouveau lien") {
		b.errorf("calendar state after renewal %q, want the new link announced", got)
	}
	runAxe(b, src, "/settings with the calendar link")
	checkTargets(b, "/settings with the calendar link")
}
