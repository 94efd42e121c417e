package i18n

import (
	"regexp"
	"testing"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestCatalogueIsComplete checks that every entry has both languages and
// that both take the same values, so no message prints %!s(MISSING).
func TestCatalogueIsComplete(t *testing.T) {
	for key, e := range catalogue {
		if e.fr == "" || e.en == "" {
			t.Errorf("%s: French %q, English %q; want both", key, e.fr, e.en)
			continue
		}
		fr, en := verb.FindAllString(e.fr, -1), verb.FindAllString(e.en, -1)
		if len(fr) != len(en) {
			t.Errorf("%s: French takes %d values %v, English %d %v", key, len(fr), fr, len(en), en)
		}
		if e.fr == e.en {
			t.Errorf("%s: French and English texts are identical: %q", key, e.fr)
		}
	}
}

func TestMessageText(t *testing.T) {
	m := Msg("invalid_limit", "0", 500)
	if got, want := m.Text(French), "Le paramètre limit « 0 » n'est pas valide : donnez un nombre entier entre 1 et 500."; got != want {
		t.Errorf("French text = %q, want %q", got, want)
	}
	if got, want := m.Text(English), `Invalid limit "0": give a whole number from 1 to 500.`; got != want {
		t.Errorf("English text = %q, want %q", got, want)
	}
	if got := Msg("no_such_key").Text(French); got != "no_such_key" {
		t.Errorf("unknown key text = %q, want the key", got)
	}
}

func TestParse(t *testing.T) {
	cases := map[string]Lang{"": French, "fr": French, "fr-FR": French, "en": English, "en-GB": English, "EN": English, "de": French}
	for code, want := range cases {
		if got := Parse(code); got != want {
			t.Errorf("Parse(%q) = %q, want %q", code, got, want)
		}
	}
}
