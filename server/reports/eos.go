package reports

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"time"

	"parc/server/assets"
)

// eosTable is the dated table of the end of support of PC systems. It is
// data, not code: a new date is one line of eos.csv.
//
//go:embed eos.csv
var eosTable string

// Support is one line of the table: the systems a pattern matches, and
// the last day of their support, nil while supported.
type Support struct {
	pattern *regexp.Regexp
	Name    string
	EndedOn *assets.Date
}

// supports holds the lines of eos.csv, in order.
var supports = mustParseSupports(eosTable)

// mustParseSupports reads the table, and panics on a malformed line:
// the table is embedded, so a test catches it before any release.
func mustParseSupports(text string) []Support {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.Comment, r.FieldsPerRecord = ';', '#', 3
	rows, err := r.ReadAll()
	if err != nil {
		panic(fmt.Sprintf("reports: read eos.csv: %v", err))
	}
	out := make([]Support, 0, len(rows)-1)
	for _, row := range rows[1:] {
		s := Support{pattern: regexp.MustCompile(row[0]), Name: row[1]}
		if row[2] != "" {
			day, err := time.Parse(time.DateOnly, row[2])
			if err != nil {
				panic(fmt.Sprintf("reports: eos.csv: date of %s: %v", row[1], err))
			}
			s.EndedOn = &assets.Date{Time: day}
		}
		out = append(out, s)
	}
	return out
}

// SupportOf returns the line of the table that the system os matches,
// and false for a system the table does not know, such as Linux.
func SupportOf(os string) (Support, bool) {
	name := strings.ToLower(strings.Join(strings.Fields(os), " "))
	for _, s := range supports {
		if s.pattern.MatchString(name) {
			return s, true
		}
	}
	return Support{}, false
}

// EndedBy returns the last day of support of os when it fell before day,
// and false for a system still supported on day or unknown.
func EndedBy(os string, day assets.Date) (assets.Date, bool) {
	s, ok := SupportOf(os)
	if !ok || s.EndedOn == nil || !s.EndedOn.Before(day.Time) {
		return assets.Date{}, false
	}
	return *s.EndedOn, true
}
