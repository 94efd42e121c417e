package pwa_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"parc/pwa"
	"parc/server/accounts"
	"parc/server/assets"
)

// catalogues loads locales/fr.js and locales/en.js through Node, which
// reads them as the browser does. Each message is a string or an object
// of plural forms.
func catalogues(t *testing.T) map[string]map[string]any {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed under CI=true: install Node.js to check the catalogues")
		}
		t.Skip("node is not installed: skipping the catalogue checks")
	}
	script := `Promise.all([import('./app/locales/fr.js'), import('./app/locales/en.js')])
		.then(([fr, en]) => console.log(JSON.stringify({fr: fr.default, en: en.default})))`
	out, err := exec.Command("node", "--input-type=module", "-e", script).Output()
	if err != nil {
		t.Fatalf("load the catalogues with node: %v", err)
	}
	var cats map[string]map[string]any
	if err := json.Unmarshal(out, &cats); err != nil {
		t.Fatalf("decode the catalogues: %v", err)
	}
	return cats
}

var placeholderRE = regexp.MustCompile(`\{(\w+)\}`)

// placeholders returns the sorted {names} of a message, over all its forms.
func placeholders(message any) []string {
	var texts []string
	switch m := message.(type) {
	case string:
		texts = []string{m}
	case map[string]any:
		for _, form := range m {
			s, _ := form.(string)
			texts = append(texts, s)
		}
	}
	var names []string
	for _, text := range texts {
		for _, match := range placeholderRE.FindAllStringSubmatch(text, -1) {
			if !slices.Contains(names, match[1]) {
				names = append(names, match[1])
			}
		}
	}
	slices.Sort(names)
	return names
}

func TestCataloguesMatch(t *testing.T) {
	cats := catalogues(t)
	fr, en := cats["fr"], cats["en"]
	if len(fr) < 50 {
		t.Fatalf("fr catalogue has %d messages; the loader read the wrong file", len(fr))
	}

	for key, message := range fr {
		other, ok := en[key]
		if !ok {
			t.Errorf("en lacks %q", key)
			continue
		}
		if got, want := placeholders(other), placeholders(message); !slices.Equal(got, want) {
			t.Errorf("%q: en placeholders %v, fr %v", key, got, want)
		}
		if forms, ok := message.(map[string]any); ok {
			if _, ok := forms["other"]; !ok {
				t.Errorf("%q: plural forms without \"other\"", key)
			}
		}
	}
	for key := range en {
		if _, ok := fr[key]; !ok {
			t.Errorf("fr lacks %q", key)
		}
	}
}

// usedKeyRE finds t('key') and t("key") calls, and data-i18n attributes.
var usedKeyRE = regexp.MustCompile(`\bt\(\s*['"]([a-z0-9_]+)['"]|data-i18n(?:-aria-label)?="([a-z0-9_]+)"`)

func TestEveryUsedKeyExists(t *testing.T) {
	fr := catalogues(t)["fr"]

	used := 0
	for name, source := range appSources(t, true) {
		for _, m := range usedKeyRE.FindAllStringSubmatch(source, -1) {
			key := m[1] + m[2]
			used++
			if _, ok := fr[key]; !ok {
				t.Errorf("%s uses %q, which the catalogue lacks", name, key)
			}
		}
	}
	if used < 50 {
		t.Errorf("found only %d message keys in the sources", used)
	}

	// Codes named through a key prefix (views/names.js, views/settings.js).
	prefixed := map[string][]string{
		"asset_kind":   assets.Kinds,
		"asset_status": assets.Statuses,
		"site_kind":    assets.SiteKinds,
		"commune_kind": assets.CommuneKinds,
		"role":         {accounts.RoleTechnician, accounts.RoleCorrespondent, accounts.RoleCommittee},
		"language":     {"auto", "fr", "en"},
		"theme":        {"system", "light", "dark"},
	}
	for prefix, codes := range prefixed {
		for _, code := range codes {
			if _, ok := fr[prefix+"_"+code]; !ok {
				t.Errorf("the catalogue lacks %s_%s", prefix, code)
			}
		}
	}
}

// TestNoTextOutsideCatalogue reads every string literal of the app's code
// and the text of index.html: user-facing words belong in the catalogues,
// so a literal with an accented letter or a French word is a mistake.
func TestNoTextOutsideCatalogue(t *testing.T) {
	frenchWord := regexp.MustCompile(`(?i)\b(le|la|les|des|du|une|est|pour|avec|sans|aucun|aucune|votre|vous|introuvable|connexion|matériel|réglages|recherche|accueil|salle|demande)\b`)
	checked := 0
	for name, source := range appSources(t, false) {
		if strings.HasSuffix(name, ".html") {
			continue
		}
		for _, lit := range stringLiterals(source) {
			checked++
			if strings.IndexFunc(lit, func(r rune) bool { return r > unicode.MaxASCII && unicode.IsLetter(r) }) >= 0 || frenchWord.MatchString(lit) {
				t.Errorf("%s: string %q looks like French text outside the catalogue", name, lit)
			}
		}
	}
	if checked < 100 {
		t.Errorf("read only %d string literals", checked)
	}

	index, err := fs.ReadFile(pwa.Files, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(string(index), " ")
	if words := strings.Fields(text); !slices.Equal(words, []string{"Parc", "Parc"}) {
		t.Errorf("index.html shows text outside the catalogue: %q", words)
	}
}

// appSources returns the app's JavaScript (without the catalogues and the
// vendored library) and, when withHTML is set, index.html, by path.
func appSources(t *testing.T, withHTML bool) map[string]string {
	t.Helper()
	sources := map[string]string{}
	err := fs.WalkDir(pwa.Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		skip := strings.HasPrefix(name, "app/locales/") || strings.HasPrefix(name, "app/vendor/")
		wanted := strings.HasSuffix(name, ".js") || withHTML && name == "index.html"
		if skip || !wanted {
			return nil
		}
		b, err := fs.ReadFile(pwa.Files, name)
		sources[name] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sources
}
