package workorders

import (
	"testing"
	"time"
)

// intervals returns the entries of a timer started and stopped once per
// duration, a minute apart.
func intervals(durations ...time.Duration) []TimeEntry {
	at := time.Date(2026, time.December, 7, 8, 0, 0, 0, time.UTC)
	var out []TimeEntry
	for _, d := range durations {
		out = append(out, TimeEntry{Kind: KindStart, At: at}, TimeEntry{Kind: KindStop, At: at.Add(d)})
		at = at.Add(d + time.Minute)
	}
	return out
}

func TestTimerRoundsTheTotalOnce(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		name      string
		durations []time.Duration
		seconds   int64
		minutes   int
	}{
		{"nothing", nil, 0, 0},
		{"29.999 s", []time.Duration{29*time.Second + 999*ms}, 29, 0},
		{"30 s", []time.Duration{30 * time.Second}, 30, 1},
		{"89.999 s", []time.Duration{89*time.Second + 999*ms}, 89, 1},
		{"90 s", []time.Duration{90 * time.Second}, 90, 2},
		// Each interval dropping its fraction would make 28 s and 0 min.
		{"4 x 7.9 s", []time.Duration{7900 * ms, 7900 * ms, 7900 * ms, 7900 * ms}, 31, 1},
		{"one hour", []time.Duration{time.Hour}, 3600, 60},
	}
	for _, tc := range cases {
		got, err := replay(intervals(tc.durations...))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got.seconds() != tc.seconds || got.workMinutes() != tc.minutes {
			t.Errorf("%s: %d s, %d min; want %d s, %d min", tc.name, got.seconds(), got.workMinutes(), tc.seconds, tc.minutes)
		}
	}
}

func TestTimerAddsCorrections(t *testing.T) {
	entries := intervals(10 * time.Minute)
	minus, plus := -4, 15
	entries = append(entries,
		TimeEntry{Kind: KindCorrection, Minutes: &minus, Reason: "pause"},
		TimeEntry{Kind: KindManual, Minutes: &plus})
	got, err := replay(entries)
	if err != nil {
		t.Fatal(err)
	}
	if got.workMinutes() != 21 || got.adjustment != 11 || got.state != TimerStopped {
		t.Errorf("10 min - 4 + 15: %d min, adjustment %d, state %s; want 21, 11, stopped", got.workMinutes(), got.adjustment, got.state)
	}
}

func TestParisDay(t *testing.T) {
	cases := map[string]string{
		"2026-12-31T22:59:59Z": "2026-12-31",
		"2026-12-31T23:00:00Z": "2027-01-01", // midnight in Paris, UTC+1 in winter
		"2026-06-30T21:59:59Z": "2026-06-30",
		"2026-06-30T22:00:00Z": "2026-07-01", // UTC+2 in summer
	}
	for in, want := range cases {
		at, _ := time.Parse(time.RFC3339, in)
		if got := parisDay(at).String(); got != want {
			t.Errorf("parisDay(%s) = %s, want %s", in, got, want)
		}
	}
}
