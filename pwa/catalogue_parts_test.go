package pwa_test

import (
	"encoding/json"
	"io/fs"
	"os/exec"
	"path"
	"regexp"
	"slices"
	"testing"

	"parc/pwa"
)

// partKeys returns the keys of every locales/<lang>-*.js part file, read
// through Node, by file name.
func partKeys(t *testing.T, lang string) map[string][]string {
	t.Helper()
	catalogues(t) // skips the test when node is missing
	parts, err := fs.Glob(pwa.Files, "app/locales/"+lang+"-*.js")
	if err != nil || len(parts) < 2 {
		t.Fatalf("found %d %s part files (%v)", len(parts), lang, err)
	}
	names, _ := json.Marshal(parts)
	script := `const names = ` + string(names) + `;
		Promise.all(names.map((n) => import('./' + n)))
		.then((mods) => console.log(JSON.stringify(Object.fromEntries(mods.map((m, i) => [names[i], Object.keys(m.default)])))))`
	out, err := exec.Command("node", "--input-type=module", "-e", script).Output()
	if err != nil {
		t.Fatalf("load the %s part files with node: %v", lang, err)
	}
	var keys map[string][]string
	if err := json.Unmarshal(out, &keys); err != nil {
		t.Fatalf("decode the %s part keys: %v", lang, err)
	}
	return keys
}

// ownKeyRE finds the keys written directly in fr.js or en.js, two spaces in.
var ownKeyRE = regexp.MustCompile(`(?m)^  ([A-Za-z0-9_]+)\s*:`)

// TestCataloguePartsDoNotOverlap checks that no key is defined in two files
// of one language: fr.js spreads the part files into one object, so a key
// defined twice silently takes the text of the file spread last.
func TestCataloguePartsDoNotOverlap(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		keys := partKeys(t, lang)

		mainFile := "app/locales/" + lang + ".js"
		source, err := fs.ReadFile(pwa.Files, mainFile)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ownKeyRE.FindAllStringSubmatch(string(source), -1) {
			keys[mainFile] = append(keys[mainFile], m[1])
		}

		files := make([]string, 0, len(keys))
		for name := range keys {
			files = append(files, name)
		}
		slices.Sort(files)
		definedIn := map[string]string{}
		for _, name := range files {
			for _, key := range keys[name] {
				if first, ok := definedIn[key]; ok {
					t.Errorf("%q is defined in both %s and %s", key, path.Base(first), path.Base(name))
					continue
				}
				definedIn[key] = name
			}
		}
		if len(definedIn) < 500 {
			t.Errorf("%s: read only %d keys", lang, len(definedIn))
		}
	}
}
