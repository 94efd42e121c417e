package reports

import (
	"time"

	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
)

// Period is the days a report covers, first and last included, within
// one year.
type Period struct {
	Year int         `json:"year"`
	From assets.Date `json:"from"`
	To   assets.Date `json:"to"`
}

// WholeYear returns the period of every day of year.
func WholeYear(year int) Period {
	return Period{Year: year, From: assets.NewDate(year, time.January, 1), To: assets.NewDate(year, time.December, 31)}
}

// Days returns the number of days of the period.
func (p Period) Days() int {
	return daysBetween(p.From, p.To) + 1
}

// yearDays returns the number of days of the period's year.
func (p Period) yearDays() int {
	return WholeYear(p.Year).Days()
}

func daysBetween(a, b assets.Date) int {
	return int(b.Sub(a.Time).Hours() / 24)
}

// ReadPeriod reads the year and the optional from and to days of a
// report: the whole year by default, from the first day of the year or
// to its last when only one end is given. Both ends must fall in the
// year, which is the current one when neither year nor a day names it.
func ReadPeriod(year, from, to string) (Period, error) {
	// Without a year, the period's first given day names it.
	if year == "" {
		for _, day := range []string{from, to} {
			if len(day) >= 4 {
				year = day[:4]
				break
			}
		}
	}
	y, err := readYear(year)
	if err != nil {
		return Period{}, err
	}
	p := WholeYear(y)
	f := field.Faults{}
	if from != "" {
		p.From = readDay(f, "from", from)
	}
	if to != "" {
		p.To = readDay(f, "to", to)
	}
	if err := f.Unreadable(); err != nil {
		return Period{}, err
	}

	switch {
	case p.To.Before(p.From.Time):
		return Period{}, apierr.BadRequest("invalid_period", "report_period_order", p.From.String(), p.To.String())
	case p.From.Year() != y || p.To.Year() != y:
		return Period{}, apierr.BadRequest("invalid_period", "report_period_year", p.From.String(), p.To.String(), y)
	}
	return p, nil
}

func readDay(f field.Faults, name, text string) assets.Date {
	day, err := time.Parse(time.DateOnly, text)
	if err != nil {
		f.Add(name, i18n.Msg("report_period_date", apierr.Quote(text)))
		return assets.Date{}
	}
	return assets.Date{Time: day}
}
