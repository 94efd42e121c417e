package assets

import "testing"

func TestBeforeXP(t *testing.T) {
	cases := map[string]bool{
		"Windows 98": true, "windows 98 SE": true, "Windows 2000": true, "Microsoft Windows 95": true,
		"Windows NT 4.0": true, "Windows NT": true, "Windows 3.11": true, "Windows Me": true,
		"Windows XP": false, "Windows NT 5.1": false, "Windows 10": false, "Windows 7": false,
		"Windows 950": false, "Windows Mobile": false, "PrimTux 7": false, "": false, "Windows 98SE": false,
	}
	for name, want := range cases {
		if got := BeforeXP(name); got != want {
			t.Errorf("BeforeXP(%q) = %v, want %v", name, got, want)
		}
	}
}
