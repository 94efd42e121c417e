package settings

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseHolidaysOfAZoneFile(t *testing.T) {
	data, err := os.ReadFile("testdata/zone-a.ics")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseHolidays(data)
	if err != nil {
		t.Fatalf("ParseHolidays: %v", err)
	}
	want := []Holiday{
		// All-day: DTEND 2027-01-04 is the day after the last.
		{Name: "Vacances de Noël - Zone A, Académie de Grenoble", Start: "2026-12-19", End: "2027-01-03"},
		// Timed, ending at midnight: the last day is the day before.
		{Name: "Pont de l'Ascension", Start: "2027-05-07", End: "2027-05-09"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseHolidays(zone-a.ics) =\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseHolidaysEvents(t *testing.T) {
	calendar := func(event ...string) []byte {
		lines := append([]string{"BEGIN:VCALENDAR", "BEGIN:VEVENT"}, event...)
		return []byte(strings.Join(append(lines, "END:VEVENT", "END:VCALENDAR"), "\n"))
	}
	tests := []struct {
		name  string
		event []string
		want  Holiday
	}{
		{"one all-day event without end", []string{"DTSTART;VALUE=DATE:20270212", "SUMMARY:Journée"},
			Holiday{Name: "Journée", Start: "2027-02-12", End: "2027-02-12"}},
		{"date without VALUE", []string{"DTSTART:20270212", "DTEND:20270214", "SUMMARY:Deux jours"},
			Holiday{Name: "Deux jours", Start: "2027-02-12", End: "2027-02-13"}},
		{"timed event ending in the afternoon", []string{"DTSTART:20270212T080000", "DTEND:20270213T170000", "SUMMARY:Stage"},
			Holiday{Name: "Stage", Start: "2027-02-12", End: "2027-02-13"}},
		{"UTC times read in Paris", []string{"DTSTART:20261218T230000Z", "DTEND:20270103T230000Z", "SUMMARY:Noël"},
			Holiday{Name: "Noël", Start: "2026-12-19", End: "2027-01-03"}},
		{"duration in days", []string{"DTSTART;VALUE=DATE:20270417", "DURATION:P16D", "SUMMARY:Printemps"},
			Holiday{Name: "Printemps", Start: "2027-04-17", End: "2027-05-02"}},
		{"duration in weeks", []string{"DTSTART;VALUE=DATE:20270417", "DURATION:P2W", "SUMMARY:Printemps"},
			Holiday{Name: "Printemps", Start: "2027-04-17", End: "2027-04-30"}},
		{"description when no summary", []string{"DTSTART;VALUE=DATE:20270212", "DESCRIPTION:Pont\\nde février"},
			Holiday{Name: "Pont de février", Start: "2027-02-12", End: "2027-02-12"}},
		{"lower-case names and quoted colon", []string{`dtstart;x-note="a:b";value=date:20270212`, "summary:Jour"},
			Holiday{Name: "Jour", Start: "2027-02-12", End: "2027-02-12"}},
	}
	for _, tt := range tests {
		got, err := ParseHolidays(calendar(tt.event...))
		if err != nil || len(got) != 1 || got[0] != tt.want {
			t.Errorf("%s: ParseHolidays(%q) = %+v, %v; want %+v", tt.name, tt.event, got, err, tt.want)
		}
	}
}

func TestParseHolidaysErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		key  string
		line int
	}{
		{"empty", "", "ical_not_calendar", 1},
		{"JSON", `{"ranges": []}`, "ical_not_calendar", 1},
		{"not UTF-8", "BEGIN:VCALENDAR\n\xff\nEND:VCALENDAR", "ical_not_calendar", 1},
		{"line without colon", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE\nEND:VEVENT\nEND:VCALENDAR", "ical_line", 3},
		{"unterminated quote", "BEGIN:VCALENDAR\nX-A;P=\"x:y\nEND:VCALENDAR", "ical_line", 2},
		{"continuation first", " BEGIN:VCALENDAR", "ical_not_calendar", 1},
		{"continuation of nothing", "BEGIN:VCALENDAR\n\n X", "ical_line", 3},
		{"missing END", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270101\nEND:VCALENDAR", "ical_nesting", 4},
		{"no END at all", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270101", "ical_nesting", 3},
		{"no start", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:X\nEND:VEVENT\nEND:VCALENDAR", "ical_no_start", 2},
		{"bad date", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20271340\nEND:VEVENT\nEND:VCALENDAR", "ical_date", 3},
		{"bad duration", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270101\nDURATION:P1X\nEND:VEVENT\nEND:VCALENDAR", "ical_date", 4},
		{"end before start", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270105\nDTEND:20270101\nEND:VEVENT\nEND:VCALENDAR", "ical_end_before_start", 2},
		{"year before 2000", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:19990105\nEND:VEVENT\nEND:VCALENDAR", "ical_year_range", 3},
		{"duration to year 3943", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270101\nDURATION:P99999W\nEND:VEVENT\nEND:VCALENDAR", "ical_year_range", 4},
		{"too deep", "BEGIN:VCALENDAR\n" + strings.Repeat("BEGIN:X\n", maxICalDepth), "ical_nesting", maxICalDepth + 1},
	}
	for _, tt := range tests {
		_, err := ParseHolidays([]byte(tt.file))
		var ie *icalError
		if !errors.As(err, &ie) || ie.Key != tt.key || ie.Line != tt.line {
			t.Errorf("%s: ParseHolidays error = %v, want %s at line %d", tt.name, err, tt.key, tt.line)
		}
	}
}

// FuzzParseHolidays checks that no file makes the parser panic, and that
// every range it returns is well-formed.
func FuzzParseHolidays(f *testing.F) {
	if data, err := os.ReadFile("testdata/zone-a.ics"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE\nEND:VEVENT\nEND:VCALENDAR"))
	f.Add([]byte("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270101T000000Z\nDURATION:PT25H\nEND:VEVENT\nEND:VCALENDAR"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ranges, err := ParseHolidays(data)
		if err != nil {
			var ie *icalError
			if !errors.As(err, &ie) {
				t.Fatalf("ParseHolidays error of type %T: %v", err, err)
			}
			return
		}
		for _, h := range ranges {
			if len(h.Start) != 10 || len(h.End) != 10 || h.End < h.Start {
				t.Fatalf("ParseHolidays range %+v is not ordered YYYY-MM-DD days", h)
			}
		}
	})
}
