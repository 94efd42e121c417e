package loans

import (
	"time"
	// The zone database is embedded so that a server on a machine
	// without one still counts days in Europe/Paris.
	_ "time/tzdata"

	"parc/server/assets"
)

// paris is the zone of the service's days: a loan due on a day is overdue
// from midnight at the end of that day, French time.
var paris = mustLoad("Europe/Paris")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("loans: load time zone " + name + ": " + err.Error())
	}
	return loc
}

// Today returns the current day in the Europe/Paris zone.
func Today() assets.Date {
	now := time.Now().In(paris)
	return assets.NewDate(now.Year(), now.Month(), now.Day())
}

// now returns the time of a write, to the microsecond that PostgreSQL
// keeps.
func now() time.Time {
	return time.Now().UTC().Truncate(time.Microsecond)
}
