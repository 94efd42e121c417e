package accounts

import (
	"encoding/json"
	"testing"
)

func TestReplaceWord(t *testing.T) {
	tests := []struct {
		s, old, want string
	}{
		{"Jean Dupont", "Jean", "X Dupont"},
		{"Jeanne Dupont", "Jean", "Jeanne Dupont"},
		{"Appelé par Jean.", "Jean", "Appelé par X."},
		{"Jean et Jean-Marc", "Jean", "X et X-Marc"},
		{"Zoé", "Zo", "Zoé"},
		{"ÉricÉric Éric", "Éric", "ÉricÉric X"},
		{"Al, Alain, Al", "Al", "X, Alain, X"},
		{"", "Al", ""},
		{"Al", "", "Al"},
	}
	for _, tt := range tests {
		if got := replaceWord(tt.s, tt.old, "X"); got != tt.want {
			t.Errorf("replaceWord(%q, %q) = %q, want %q", tt.s, tt.old, got, tt.want)
		}
	}
}

func TestScrubJSON(t *testing.T) {
	replace := func(s string) string { return replaceWord(s, "Jean & Co", "X") }
	doc := json.RawMessage(`{"name":"Jean \u0026 Co","n":12345678901234567890,"list":["Jean & Co",{"note":"vu Jean & Co"}],"ip":"10.0.0.1"}`)

	got, err := scrubJSON(doc, replace, false)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"ip":"10.0.0.1","list":["X",{"note":"vu X"}],"n":12345678901234567890,"name":"X"}`
	if string(got) != want {
		t.Errorf("scrubJSON = %s, want %s", got, want)
	}

	session, _ := scrubJSON(json.RawMessage(`{"id":"s","ip":"10.0.0.1","user_agent":"Firefox"}`), replace, true)
	if string(session) != `{"id":"s","ip":"","user_agent":""}` {
		t.Errorf("scrubJSON of a session = %s", session)
	}
	same := json.RawMessage(`{"b":1, "a":"autre"}`)
	if got, _ := scrubJSON(same, replace, false); string(got) != string(same) {
		t.Errorf("scrubJSON of a document without the name = %s, want it unchanged", got)
	}
}
