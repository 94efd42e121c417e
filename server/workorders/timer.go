package workorders

import (
	"time"
	_ "time/tzdata" // Europe/Paris on machines without a time zone database

	"parc/server/assets"
	"parc/server/i18n"
)

// States of a work order's timer.
const (
	TimerIdle    = "idle"
	TimerRunning = "running"
	TimerPaused  = "paused"
	TimerStopped = "stopped"
)

// Bounds of the time of an entry.
const (
	// clockSkew is how far ahead of the server's clock a device's time
	// may be.
	clockSkew = 10 * time.Minute
	// openingSlack is how long before the opening of its work order an
	// entry may be, for work started before the technician opened it.
	openingSlack = 24 * time.Hour
	// maxEntryMinutes bounds the minutes of one correction or manual
	// entry, and a manual time at creation: one day.
	maxEntryMinutes = 24 * 60
)

// paris is the zone of the days by which work time counts in a year.
var paris = mustLoad("Europe/Paris")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("workorders: load time zone " + name + ": " + err.Error())
	}
	return loc
}

// parisDay returns the day of t in Europe/Paris.
func parisDay(t time.Time) assets.Date {
	local := t.In(paris)
	return assets.NewDate(local.Year(), local.Month(), local.Day())
}

// timer is the state of a work order's time after some of its entries.
type timer struct {
	state string
	// running is the exact total of the closed running intervals.
	running      time.Duration
	runningSince *time.Time
	// lastEvent is the time of the last timer event, which the next one
	// may not precede.
	lastEvent  *time.Time
	firstStart *time.Time
	adjustment int
}

// replay returns the timer after entries, in the order of their ordinal.
// Stored entries passed apply when they were added, so an error here
// means the table was changed by hand.
func replay(entries []TimeEntry) (timer, error) {
	t := timer{state: TimerIdle}
	for _, e := range entries {
		if err := t.apply(e); err != nil {
			return t, err
		}
	}
	return t, nil
}

// seconds returns the closed running intervals in whole seconds, the
// fraction of the total dropped.
func (t timer) seconds() int64 {
	return int64(t.running / time.Second)
}

// workMinutes returns the work time: the total of the closed running
// intervals rounded to the nearest minute, 30 seconds rounding up, plus
// the corrections and manual entries.
func (t timer) workMinutes() int {
	return int((t.running+30*time.Second)/time.Minute) + t.adjustment
}

// apply adds one entry to the timer, or returns the 422 that gives the
// reason the entry is impossible in the timer's state.
func (t *timer) apply(e TimeEntry) error {
	if isTimerEvent(e.Kind) {
		return t.applyEvent(e)
	}
	return t.applyMinutes(e)
}

func (t *timer) applyEvent(e TimeEntry) error {
	if e.Minutes != nil {
		return reject("minutes", "time_entry_minutes_on_event", e.Kind)
	}
	if t.lastEvent != nil && e.At.Before(*t.lastEvent) {
		return reject("at", "time_entry_before_previous", stamp(e.At), stamp(*t.lastEvent))
	}

	switch {
	case e.Kind == KindStart && (t.state == TimerIdle || t.state == TimerStopped):
		t.state, t.runningSince = TimerRunning, &e.At
		if t.firstStart == nil {
			t.firstStart = &e.At
		}
	case e.Kind == KindStart && t.state == TimerRunning:
		return reject("kind", "time_entry_start_running", stamp(*t.runningSince))
	case e.Kind == KindStart:
		return reject("kind", "time_entry_start_paused")
	case e.Kind == KindPause && t.state == TimerRunning:
		t.closeInterval(e.At)
		t.state = TimerPaused
	case e.Kind == KindPause:
		return reject("kind", "time_entry_pause_not_running", timerStateName(t.state))
	case e.Kind == KindResume && t.state == TimerPaused:
		t.state, t.runningSince = TimerRunning, &e.At
	case e.Kind == KindResume:
		return reject("kind", "time_entry_resume_not_paused", timerStateName(t.state))
	case e.Kind == KindStop && t.state == TimerRunning:
		t.closeInterval(e.At)
		t.state = TimerStopped
	case e.Kind == KindStop && t.state == TimerPaused:
		t.state = TimerStopped
	default:
		return reject("kind", "time_entry_stop_not_running", timerStateName(t.state))
	}
	t.lastEvent = &e.At
	return nil
}

func (t *timer) closeInterval(at time.Time) {
	t.running += at.Sub(*t.runningSince)
	t.runningSince = nil
}

func (t *timer) applyMinutes(e TimeEntry) error {
	if e.Minutes == nil {
		return reject("minutes", "time_entry_minutes_missing", e.Kind)
	}
	n := *e.Minutes
	switch e.Kind {
	case KindCorrection:
		if n == 0 || n < -maxEntryMinutes || n > maxEntryMinutes {
			return reject("minutes", "time_entry_correction_range", n, maxEntryMinutes, maxEntryMinutes)
		}
		if e.Reason == "" {
			return reject("reason", "time_entry_reason_required")
		}
		if total := t.workMinutes() + n; total < 0 {
			return reject("minutes", "time_entry_negative_total", n, total)
		}
	case KindManual:
		if n < 1 || n > maxEntryMinutes {
			return reject("minutes", "time_entry_manual_range", n, maxEntryMinutes)
		}
	}
	t.adjustment += n
	return nil
}

// checkAt refuses an entry time more than a day before the opening of
// the work order, or ahead of now by more than the clock skew.
func checkAt(at, openedAt, now time.Time) error {
	if at.Before(openedAt.Add(-openingSlack)) {
		return reject("at", "time_entry_too_early", stamp(at), stamp(openedAt))
	}
	if at.After(now.Add(clockSkew)) {
		return reject("at", "time_entry_future", stamp(at), int(clockSkew/time.Minute))
	}
	return nil
}

// stamp writes a time for a message, in Europe/Paris.
func stamp(t time.Time) string {
	return t.In(paris).Format(time.RFC3339)
}

func timerStateName(state string) i18n.Message {
	return i18n.Msg("timer_state_" + state)
}
