package settings

import (
	"errors"
	"strings"
	"testing"

	"parc/server/i18n"
)

func TestHolidayRangeListsAllFaults(t *testing.T) {
	_, m := holidays([]byte(`[{"name":"","start":"2027-13-01","end":"10191-08-18"}]`))
	if m == nil {
		t.Fatal("holidays accepted a range without name and with two bad days")
	}
	text := m.Text(i18n.French)
	for _, want := range []string{"saisissez un nom", "« 2027-13-01 »", "« 10191-08-18 »"} {
		if !strings.Contains(text, want) {
			t.Errorf("message %q lacks %q", text, want)
		}
	}

	_, m = holidays([]byte(`[{"name":"Noël","start":"1999-12-20","end":"1999-12-19"}]`))
	if m == nil {
		t.Fatal("holidays accepted a range of 1999 that ends before it starts")
	}
	text = m.Text(i18n.French)
	for _, want := range []string{"hors des années 2000 à 2099", "précède le premier"} {
		if !strings.Contains(text, want) {
			t.Errorf("message %q lacks %q", text, want)
		}
	}
}

func TestICalEventListsAllFaults(t *testing.T) {
	file := "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20271340\nDTEND:2027011\nEND:VEVENT\nEND:VCALENDAR"
	_, err := ParseHolidays([]byte(file))
	var ie *icalError
	if !errors.As(err, &ie) || ie.Line != 3 {
		t.Fatalf("ParseHolidays error %v, want the bad start at line 3", err)
	}
	text := ie.Message().Text(i18n.French)
	for _, want := range []string{"« 20271340 » illisible à la ligne 3", "« 2027011 » illisible à la ligne 4"} {
		if !strings.Contains(text, want) {
			t.Errorf("message %q lacks %q", text, want)
		}
	}
}
