package importer

import "testing"

func TestNormalizeOS(t *testing.T) {
	tests := []struct {
		system, version         string
		wantSystem, wantVersion string
	}{
		{"Win 10", "", "Windows 10", ""},
		{"W10", "", "Windows 10", ""},
		{"windows10 pro", "", "Windows 10", "pro"},
		{"Windows 10 Famille", "", "Windows 10", "Famille"},
		{"Windows 7 Pro", "", "Windows 7", "Pro"},
		{"Seven", "", "Windows 7", ""},
		{"XP", "", "Windows XP", ""},
		{"Windows XP SP3", "", "Windows XP", "SP3"},
		{"Windows 98", "SE", "Windows 98", "SE"},
		{"Windows 11", "23H2", "Windows 11", "23H2"},
		{" Ubuntu 22.04 ", "", "Ubuntu", "22.04"},
		{"PrimTux", "7", "PrimTux", "7"},
		{"Windows 2000", "SP4", "Windows 2000", "SP4"},
		{"Haiku", "R1", "Haiku", "R1"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		system, version := normalizeOS(tt.system, tt.version)
		if system != tt.wantSystem || version != tt.wantVersion {
			t.Errorf("normalizeOS(%q, %q) = %q, %q; want %q, %q", tt.system, tt.version, system, version, tt.wantSystem, tt.wantVersion)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		text, want string
		precision  int
		ok         bool
	}{
		{"20/02/2008", "2008-02-20", precisionDay, true},
		{"4/5/2007", "2007-05-04", precisionDay, true},
		{"24-07-2018", "2018-07-24", precisionDay, true},
		{"2019-03-18", "2019-03-18", precisionDay, true},
		{"06/2013", "2013-06-01", precisionMonth, true},
		{"2004", "2004-01-01", precisionYear, true},
		{"43831", "2020-01-01", precisionDay, true},
		{"31/02/2020", "", 0, false},
		{"13/2019", "", 0, false},
		{"hier", "", 0, false},
		{"01/01/1850", "", 0, false},
	}
	for _, tt := range tests {
		d, precision, ok := parseDate(tt.text)
		if ok != tt.ok || (ok && (d.String() != tt.want || precision != tt.precision)) {
			t.Errorf("parseDate(%q) = %v, %d, %v; want %s, %d, %v", tt.text, d, precision, ok, tt.want, tt.precision, tt.ok)
		}
	}
}

func TestHeaderAliases(t *testing.T) {
	header := []string{"Commune", "École/Mairie", "Salle", "N° de série", "Système d'exploitation", "Date d'achat", "Remarques", "Town"}
	got := MapHeaders(header, nil)
	want := Mapping{FieldCommune, FieldSite, FieldRoom, FieldSerial, FieldOS, FieldPurchaseDate, FieldNotes, ""}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("header %q mapped to %q, want %q", header[i], got[i], want[i])
		}
	}
}
