package workorderpdf

import "testing"

func TestFormatMinutes(t *testing.T) {
	cases := map[int]string{0: "0 min", 5: "5 min", 45: "45 min", 60: "1 h", 90: "1 h 30", 65: "1 h 05", 600: "10 h", -90: "-1 h 30"}
	for minutes, want := range cases {
		if got := FormatMinutes(minutes); got != want {
			t.Errorf("FormatMinutes(%d) = %q, want %q", minutes, got, want)
		}
	}
}

func TestToWindows1252(t *testing.T) {
	cases := []struct {
		in        string
		multiline bool
		want      string
	}{
		{"Châbons « école » — été", false, "Ch\xe2bons \xab \xe9cole \xbb \x97 \xe9t\xe9"},
		{"Œuvre: 5 €", false, "\x8cuvre: 5 \x80"},
		{"Łódź Dvořák", false, "?\xf3dz Dvor\xe1k"},
		{"ligne 1\r\nligne 2\tfin", true, "ligne 1\nligne 2 fin"},
		{"ligne 1\nligne 2", false, "ligne 1 ligne 2"},
		{"zero\u200bwidth 😀", false, "zerowidth ?"},
	}
	for _, tc := range cases {
		if got := toWindows1252(tc.in, tc.multiline); got != tc.want {
			t.Errorf("toWindows1252(%q, %v) = %q, want %q", tc.in, tc.multiline, got, tc.want)
		}
	}
}
