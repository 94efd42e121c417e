package settings

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"parc/server/i18n"
)

// icalError is a problem with an iCalendar file, at a line of the file,
// as a catalogue key and its values.
type icalError struct {
	Line int
	Key  string
	Args []any
	// Next is another fault of the same event, or nil.
	Next *icalError
}

// Message returns the fault and those that follow it as one message.
func (e *icalError) Message() i18n.Message {
	m := i18n.Msg(e.Key, e.Args...)
	if e.Next != nil {
		m = i18n.Msg("messages_joined", m, e.Next.Message())
	}
	return m
}

func (e *icalError) Error() string {
	return fmt.Sprintf("icalendar line %d: %s %v", e.Line, e.Key, e.Args)
}

// maxICalDepth bounds the nesting of BEGIN blocks. RFC 5545 calendars nest
// three deep (VCALENDAR, VEVENT, VALARM); the bound keeps a crafted file
// from growing the stack.
const maxICalDepth = 8

// icalLine is one unfolded content line: NAME;PARAM=VALUE:value.
type icalLine struct {
	number int
	name   string
	params map[string]string
	value  string
}

// ParseHolidays reads the VEVENTs of an iCalendar file (RFC 5545) as
// ranges of days: SUMMARY names the range, DTSTART gives its first day,
// DTEND its end. For an all-day event DTEND is the day after the last
// (RFC 5545, 3.6.1), so the last day is DTEND minus one day. A timed
// event lasts to the day of DTEND, or to the day before when it ends at
// midnight. Times in UTC are read in the Europe/Paris zone. A time with a
// TZID is read as the wall-clock time it gives in that zone, so that no
// time zone database is needed. Cancelled events are left out, and recurrence
// rules are ignored: each event gives one range. The ranges come back
// sorted by first day.
//
// Parc reads only these few properties, so a small parser does the work.
// The maintained library github.com/emersion/go-ical (version
// v0.0.0-20250329121855-f41e73efc392) panics with an index out of range
// on a line that ends after a parameter, such as "DTSTART;VALUE=DATE",
// and would also bring in an RRULE library that Parc does not use.
func ParseHolidays(data []byte) ([]Holiday, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	const begin = "BEGIN:VCALENDAR"
	if len(data) < len(begin) || !strings.EqualFold(string(data[:len(begin)]), begin) {
		return nil, &icalError{Line: 1, Key: "ical_not_calendar"}
	}
	lines, err := unfold(data)
	if err != nil {
		return nil, err
	}

	var out []Holiday
	var stack []string
	var event map[string]icalLine
	var eventLine int
	for _, l := range lines {
		switch l.name {
		case "BEGIN":
			if len(stack) == maxICalDepth {
				return nil, &icalError{Line: l.number, Key: "ical_nesting", Args: []any{l.number}}
			}
			stack = append(stack, strings.ToUpper(l.value))
			if stack[len(stack)-1] == "VEVENT" {
				event, eventLine = map[string]icalLine{}, l.number
			}
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != strings.ToUpper(l.value) {
				return nil, &icalError{Line: l.number, Key: "ical_nesting", Args: []any{l.number}}
			}
			stack = stack[:len(stack)-1]
			if strings.EqualFold(l.value, "VEVENT") {
				h, keep, err := holidayOf(event, eventLine)
				if err != nil {
					return nil, err
				}
				if keep {
					out = append(out, h)
				}
				event = nil
			}
		default:
			// Properties of the event itself, not of an alarm inside it.
			if event != nil && stack[len(stack)-1] == "VEVENT" {
				if _, seen := event[l.name]; !seen {
					event[l.name] = l
				}
			}
		}
	}
	if len(stack) > 0 {
		return nil, &icalError{Line: lines[len(lines)-1].number, Key: "ical_nesting", Args: []any{lines[len(lines)-1].number}}
	}
	sortHolidays(out)
	return out, nil
}

// unfold splits data into content lines, joining the continuation lines
// that start with a space or a tab (RFC 5545, 3.1).
func unfold(data []byte) ([]icalLine, error) {
	if !utf8.Valid(data) {
		return nil, &icalError{Line: 1, Key: "ical_not_calendar"}
	}
	var lines []icalLine
	var current strings.Builder
	start := 0
	flush := func() error {
		if current.Len() == 0 {
			return nil
		}
		l, err := parseLine(current.String(), start)
		if err != nil {
			return err
		}
		lines = append(lines, l)
		current.Reset()
		return nil
	}

	for i, physical := range strings.Split(string(data), "\n") {
		physical = strings.TrimSuffix(physical, "\r")
		if strings.HasPrefix(physical, " ") || strings.HasPrefix(physical, "\t") {
			if current.Len() == 0 {
				return nil, &icalError{Line: i + 1, Key: "ical_line", Args: []any{i + 1, shortLine(physical)}}
			}
			current.WriteString(physical[1:])
			continue
		}
		if err := flush(); err != nil {
			return nil, err
		}
		current.WriteString(physical)
		start = i + 1
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return lines, nil
}

// parseLine splits NAME;PARAM=VALUE;PARAM="VALUE":value. A colon inside
// a quoted parameter value does not end the parameters.
func parseLine(s string, number int) (icalLine, error) {
	l := icalLine{number: number, params: map[string]string{}}
	bad := &icalError{Line: number, Key: "ical_line", Args: []any{number, shortLine(s)}}

	i := strings.IndexAny(s, ";:")
	if i <= 0 {
		return l, bad
	}
	l.name = strings.ToUpper(s[:i])
	for s[i] == ';' {
		rest := s[i+1:]
		eq := strings.IndexByte(rest, '=')
		if eq <= 0 {
			return l, bad
		}
		name := strings.ToUpper(rest[:eq])
		j := i + 1 + eq + 1
		var value string
		if j < len(s) && s[j] == '"' {
			end := strings.IndexByte(s[j+1:], '"')
			if end < 0 {
				return l, bad
			}
			value = s[j+1 : j+1+end]
			j += end + 2
		} else {
			end := strings.IndexAny(s[j:], ";:")
			if end < 0 {
				return l, bad
			}
			value = s[j : j+end]
			j += end
		}
		if j >= len(s) || (s[j] != ';' && s[j] != ':') {
			return l, bad
		}
		l.params[name] = value
		i = j
	}
	l.value = s[i+1:]
	return l, nil
}

func shortLine(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// holidayOf turns the properties of one VEVENT into a range of days, and
// keep is false for a cancelled event. The error lists every fault of the
// event's dates.
func holidayOf(event map[string]icalLine, line int) (h Holiday, keep bool, err error) {
	if status, ok := event["STATUS"]; ok && strings.EqualFold(strings.TrimSpace(status.value), "CANCELLED") {
		return Holiday{}, false, nil
	}
	startLine, ok := event["DTSTART"]
	if !ok {
		return Holiday{}, false, &icalError{Line: line, Key: "ical_no_start", Args: []any{line}}
	}
	start, allDay, startErr := icalTime(startLine)
	end, endNumber, endErr := eventEnd(event, start, allDay, startLine.number)
	if startErr != nil || endErr != nil {
		return Holiday{}, false, joinICalErrors(startErr, endErr)
	}
	last := end
	if last.After(start) && last.Hour() == 0 && last.Minute() == 0 && last.Second() == 0 {
		last = last.AddDate(0, 0, -1)
	}

	name := unescapeText(event["SUMMARY"].value)
	if name == "" {
		name = unescapeText(event["DESCRIPTION"].value)
	}
	if r := []rune(name); len(r) > maxNameLength {
		name = string(r[:maxNameLength])
	}
	if end.Before(start) {
		return Holiday{}, false, &icalError{Line: line, Key: "ical_end_before_start", Args: []any{name, line}}
	}
	startYear, lastYear := checkHolidayYear(name, start, startLine.number), checkHolidayYear(name, last, endNumber)
	if startYear != nil || lastYear != nil {
		return Holiday{}, false, joinICalErrors(startYear, lastYear)
	}
	return Holiday{Name: name, Start: start.Format(time.DateOnly), End: last.Format(time.DateOnly)}, true, nil
}

// eventEnd returns the exclusive end of an event that starts at start,
// and the line that gives it. An event that ends at midnight ends on the
// day before, which is always so for an all-day event.
func eventEnd(event map[string]icalLine, start time.Time, allDay bool, startNumber int) (time.Time, int, error) {
	if endLine, ok := event["DTEND"]; ok {
		end, _, err := icalTime(endLine)
		return end, endLine.number, err
	}
	if durationLine, ok := event["DURATION"]; ok {
		d, err := icalDuration(durationLine)
		return start.Add(d), durationLine.number, err
	}
	if allDay {
		return start.AddDate(0, 0, 1), startNumber, nil
	}
	return start, startNumber, nil
}

// joinICalErrors returns the faults among first and second, which are
// nil or *icalError, as one error that lists both.
func joinICalErrors(first, second error) error {
	if first == nil {
		return second
	}
	if second != nil {
		first.(*icalError).Next = second.(*icalError)
	}
	return first
}

// checkHolidayYear returns the error of a day of event name, given at
// line, whose year no school calendar holds.
func checkHolidayYear(name string, day time.Time, line int) error {
	if day.Year() < minHolidayYear || day.Year() > maxHolidayYear {
		return &icalError{Line: line, Key: "ical_year_range", Args: []any{name, line, day.Year(), minHolidayYear, maxHolidayYear}}
	}
	return nil
}

// paris is the zone in which UTC times become days. Without a time zone
// database on the machine, UTC is used instead.
var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// icalTime returns the wall-clock time of a DATE or DATE-TIME property,
// written in UTC so that adding days never meets a change of clocks, and
// whether it is a DATE, which marks an all-day event.
func icalTime(l icalLine) (wall time.Time, allDay bool, err error) {
	v := strings.TrimSpace(l.value)
	bad := &icalError{Line: l.number, Key: "ical_date", Args: []any{shortLine(v), l.number}}
	if strings.EqualFold(l.params["VALUE"], "DATE") || len(v) == len("20060102") {
		d, err := time.Parse("20060102", v)
		if err != nil {
			return time.Time{}, false, bad
		}
		return d, true, nil
	}
	if strings.HasSuffix(v, "Z") {
		t, err := time.Parse("20060102T150405Z", v)
		if err != nil {
			return time.Time{}, false, bad
		}
		local := t.In(paris)
		return time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC), false, nil
	}
	// A floating time, or one with a TZID: its wall-clock time is read as
	// it is.
	t, err := time.Parse("20060102T150405", v)
	if err != nil {
		return time.Time{}, false, bad
	}
	return t, false, nil
}

// icalDuration reads a DURATION value such as P16D, P2W or PT8H30M
// (RFC 5545, 3.3.6). Negative durations are rejected.
func icalDuration(l icalLine) (time.Duration, error) {
	v := strings.ToUpper(strings.TrimSpace(l.value))
	bad := &icalError{Line: l.number, Key: "ical_date", Args: []any{shortLine(v), l.number}}
	v = strings.TrimPrefix(v, "+")
	if !strings.HasPrefix(v, "P") || len(v) < 3 {
		return 0, bad
	}
	units := map[byte]time.Duration{'W': 7 * 24 * time.Hour, 'D': 24 * time.Hour}
	var total time.Duration
	n := -1
	for i := 1; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			if n < 0 {
				n = 0
			}
			if n > 100000 {
				return 0, bad
			}
			n = n*10 + int(c-'0')
		case c == 'T' && n < 0:
			units = map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second}
		default:
			unit, ok := units[c]
			if !ok || n < 0 {
				return 0, bad
			}
			total += time.Duration(n) * unit
			n = -1
		}
	}
	if n >= 0 {
		return 0, bad
	}
	return total, nil
}

// unescapeText decodes an iCalendar TEXT value (RFC 5545, 3.3.11) on one
// line: line breaks become spaces.
func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte(' ')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(c)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
