package reports

import (
	"errors"
	"net/http"
	"testing"

	"parc/server/apierr"
)

func TestReadPeriodDefaultsToTheYear(t *testing.T) {
	tests := []struct {
		year, from, to string
		want           string
	}{
		{"2026", "", "", "2026-01-01 2026-12-31"},
		{"2026", "2026-09-01", "", "2026-09-01 2026-12-31"},
		{"2026", "", "2026-06-30", "2026-01-01 2026-06-30"},
		{"", "2025-03-01", "2025-03-31", "2025-03-01 2025-03-31"},
		{"", "", "2024-02-29", "2024-01-01 2024-02-29"},
	}
	for _, tt := range tests {
		p, err := ReadPeriod(tt.year, tt.from, tt.to)
		if got := p.From.String() + " " + p.To.String(); err != nil || got != tt.want {
			t.Errorf("ReadPeriod(%q, %q, %q) = %s, %v; want %s", tt.year, tt.from, tt.to, got, err, tt.want)
		}
	}
}

func TestReadPeriodRejectsBadDays(t *testing.T) {
	for _, tt := range [][3]string{
		{"2026", "2026-02-30", ""},
		{"2026", "01/02/2026", ""},
		{"2026", "2026-05-01", "2026-04-30"},
		{"2026", "2025-12-31", ""},
		{"2026", "", "2027-01-01"},
		{"", "1999-01-01", ""},
		{"26", "", ""},
	} {
		_, err := ReadPeriod(tt[0], tt[1], tt[2])
		var e *apierr.Error
		if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
			t.Errorf("ReadPeriod(%q, %q, %q) = %v, want a 400", tt[0], tt[1], tt[2], err)
		}
	}
}

func TestPeriodDays(t *testing.T) {
	if got := WholeYear(2024).Days(); got != 366 {
		t.Errorf("days of 2024 = %d, want 366", got)
	}
	p, _ := ReadPeriod("2025", "2025-01-01", "2025-03-31")
	if got := p.Days(); got != 90 {
		t.Errorf("days of the first quarter of 2025 = %d, want 90", got)
	}
}
