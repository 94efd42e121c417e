package reports

import (
	"testing"

	"parc/server/assets"
)

func TestSupportOfNamesTheSystem(t *testing.T) {
	tests := []struct {
		os, name, ended string
	}{
		{"Windows 10", "Windows 10", "2025-10-14"},
		{"Microsoft Windows 10 Professionnel", "Windows 10", "2025-10-14"},
		{"win10", "Windows 10", "2025-10-14"},
		{"Windows 11", "Windows 11", ""},
		{"Windows 8.1", "Windows 8.1", "2023-01-10"},
		{"Windows 8", "Windows 8", "2016-01-12"},
		{"Windows  7 ", "Windows 7", "2020-01-14"},
		{"Windows Vista", "Windows Vista", "2017-04-11"},
		{"Windows XP", "Windows XP", "2014-04-08"},
		{"Windows 98", "Windows 98", "2006-07-11"},
		{"Windows NT 4.0", "Windows NT 4.0", "2004-06-30"},
	}
	for _, tt := range tests {
		s, ok := SupportOf(tt.os)
		if !ok || s.Name != tt.name {
			t.Errorf("SupportOf(%q) = %q, %v; want %q", tt.os, s.Name, ok, tt.name)
			continue
		}
		got := ""
		if s.EndedOn != nil {
			got = s.EndedOn.String()
		}
		if got != tt.ended {
			t.Errorf("SupportOf(%q) ended on %q, want %q", tt.os, got, tt.ended)
		}
	}
}

func TestSupportOfLeavesOtherSystems(t *testing.T) {
	for _, os := range []string{"", "Ubuntu 22.04", "PrimTux 7", "Windows 100", "macOS 14", "Windows 2012"} {
		if s, ok := SupportOf(os); ok {
			t.Errorf("SupportOf(%q) = %q, want no line", os, s.Name)
		}
	}
}

func TestEndedByComparesTheLastDay(t *testing.T) {
	on := func(text string) assets.Date {
		d := assets.Date{}
		if err := d.Scan(text); err != nil {
			t.Fatal(err)
		}
		return d
	}
	if _, ended := EndedBy("Windows 10", on("2025-10-14")); ended {
		t.Error("Windows 10 ended by its last day of support")
	}
	if _, ended := EndedBy("Windows 10", on("2025-10-15")); !ended {
		t.Error("Windows 10 still supported the day after its last day")
	}
}

func TestProjectCompoundsGrowth(t *testing.T) {
	got := project(nil, 100, 2026, Options{GrowthPercent: 3, ProjectionYears: 5})
	want := []int{103, 106, 109, 113, 116}
	for i, y := range got {
		if y.Year != 2027+i || y.PCs != want[i] || y.FeeCents != nil {
			t.Errorf("year %d: %+v, want %d PCs in %d without fee", i+1, y, want[i], 2027+i)
		}
	}
	shrink := project(nil, 100, 2026, Options{GrowthPercent: -10, ProjectionYears: 2})
	if shrink[1].PCs != 81 {
		t.Errorf("100 PCs at -10 %% after 2 years = %d, want 81", shrink[1].PCs)
	}
}

func TestAgeBandCountsWholeYears(t *testing.T) {
	end := assets.NewDate(2025, 12, 31)
	tests := map[string]string{
		"2023-01-01": AgeUnder3, "2022-12-31": Age3To4, "2021-01-01": Age3To4,
		"2020-12-31": Age5To6, "2019-01-01": Age5To6, "2018-12-31": Age7AndMore, "2026-03-01": AgeUnder3,
	}
	for bought, want := range tests {
		d := assets.Date{}
		if err := d.Scan(bought); err != nil {
			t.Fatal(err)
		}
		if got := ageBand(&d, end); got != want {
			t.Errorf("bought %s, on %s: %s, want %s", bought, end, got, want)
		}
	}
	if got := ageBand(nil, end); got != AgeUnknown {
		t.Errorf("no purchase date: %s, want %s", got, AgeUnknown)
	}
}

func TestProrateRoundsHalfUp(t *testing.T) {
	tests := []struct{ amount, num, den, want int }{
		{16000, 90, 365, 3945}, {10000, 90, 365, 2466}, {1, 1, 2, 1}, {3, 1, 2, 2}, {240 * 3500, 1, 60, 14000}, {0, 5, 7, 0},
	}
	for _, tt := range tests {
		if got := prorate(tt.amount, tt.num, tt.den); got != tt.want {
			t.Errorf("prorate(%d, %d, %d) = %d, want %d", tt.amount, tt.num, tt.den, got, tt.want)
		}
	}
}
