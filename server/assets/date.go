package assets

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar day without time or zone, such as a purchase date. It
// is written as "2006-01-02" in JSON and in the database.
type Date struct {
	time.Time
}

// NewDate returns the Date of year, month and day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return d.Format(time.DateOnly)
}

// MarshalJSON writes the date as "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads a "YYYY-MM-DD" string.
func (d *Date) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("date %s: want a \"YYYY-MM-DD\" string", b)
	}
	t, err := time.Parse(time.DateOnly, string(b[1:len(b)-1]))
	if err != nil {
		return fmt.Errorf("date %s: want YYYY-MM-DD", b)
	}
	d.Time = t
	return nil
}

// Value stores the date as YYYY-MM-DD text, which SQLite keeps as it is and
// PostgreSQL casts to its date type.
func (d Date) Value() (driver.Value, error) {
	return d.String(), nil
}

// Scan reads a date from the text SQLite returns or the time PostgreSQL's
// driver returns.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		d.Time = time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	default:
		return fmt.Errorf("scan date: unsupported type %T", src)
	}
}

func (d *Date) parse(s string) error {
	if len(s) < len(time.DateOnly) {
		return fmt.Errorf("scan date %q: want YYYY-MM-DD", s)
	}
	t, err := time.Parse(time.DateOnly, s[:len(time.DateOnly)])
	if err != nil {
		return fmt.Errorf("scan date %q: %w", s, err)
	}
	d.Time = t
	return nil
}
