package settings

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"parc/server/apierr"
	"parc/server/i18n"
)

func holidays(raw json.RawMessage) ([]Holiday, *i18n.Message) {
	var in []Holiday
	if err := decodeStrict(raw, &in); err != nil || in == nil {
		return nil, msg("setting_holidays_shape")
	}
	if len(in) > MaxHolidays {
		return nil, msg("setting_holidays_count", len(in), MaxHolidays)
	}
	out := make([]Holiday, len(in))
	for i, h := range in {
		h.Name = strings.TrimSpace(h.Name)
		if faults := holidayFaults(i+1, h); len(faults) > 0 {
			return nil, joinMessages(faults)
		}
		out[i] = h
	}
	sortHolidays(out)
	return out, nil
}

// Years of a school holiday range, in the settings and in an iCalendar
// import.
const (
	minHolidayYear = 2000
	maxHolidayYear = 2099
)

// holidayFaults returns every fault of range number n: its name, each of
// its days, and their order.
func holidayFaults(n int, h Holiday) []i18n.Message {
	var faults []i18n.Message
	_, readable := text(mustJSON(h.Name))
	if !readable || h.Name == "" || utf8.RuneCountInString(h.Name) > maxNameLength {
		faults = append(faults, *msg("setting_holiday_name", n, maxNameLength))
	}
	start, errStart := time.Parse(time.DateOnly, h.Start)
	end, errEnd := time.Parse(time.DateOnly, h.End)
	for _, d := range []struct {
		text string
		day  time.Time
		err  error
	}{{h.Start, start, errStart}, {h.End, end, errEnd}} {
		switch {
		case d.err != nil:
			faults = append(faults, *msg("setting_holiday_date", n, apierr.Quote(h.Name), apierr.Quote(d.text)))
		case d.day.Year() < minHolidayYear || d.day.Year() > maxHolidayYear:
			faults = append(faults, *msg("setting_holiday_year", n, apierr.Quote(h.Name), d.text, minHolidayYear, maxHolidayYear))
		}
	}
	if errStart == nil && errEnd == nil && end.Before(start) {
		faults = append(faults, *msg("setting_holiday_order", n, apierr.Quote(h.Name), h.End, h.Start))
	}
	return faults
}

// joinMessages returns messages as one message, in order.
func joinMessages(messages []i18n.Message) *i18n.Message {
	joined := messages[0]
	for _, m := range messages[1:] {
		joined = i18n.Msg("messages_joined", joined, m)
	}
	return &joined
}

// sortHolidays orders ranges by first day, then last day, then name.
func sortHolidays(list []Holiday) {
	slices.SortStableFunc(list, func(a, b Holiday) int {
		if c := strings.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		if c := strings.Compare(a.End, b.End); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
}
