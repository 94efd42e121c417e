package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"parc/server/store"
	"parc/server/store/storetest"
)

// clock writes the times of a test's timer events, from a base three
// hours ago, whole seconds in UTC.
type clock time.Time

func newClock() clock {
	return clock(time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Second))
}

func (c clock) at(d time.Duration) string {
	return time.Time(c).Add(d).Format(time.RFC3339Nano)
}

// addEntry posts a time entry to a work order.
func addEntry(t *testing.T, f fixture, workOrderID, body string) response {
	t.Helper()
	return f.do(t, http.MethodPost, "/api/v1/work-orders/"+workOrderID+"/time-entries", body)
}

// entryResult is the response to a new time entry.
type entryResult struct {
	TimeEntry record `json:"time_entry"`
	WorkOrder record `json:"work_order"`
}

func decodeEntry(t *testing.T, r response) entryResult {
	t.Helper()
	var out entryResult
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return out
}

func TestWorkOrderTimerSums(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")
		c := newClock()
		wo := create(t, tech, "work-orders", workOrderBody(school, `,"opened_at":"`+c.at(0)+`","travel_minutes":20`))

		// Running intervals: 25 min 10 s, 25 min 40 s, 29 s and 11 s. The
		// total is rounded once to the nearest minute, 30 s rounding up.
		steps := []struct {
			body    string
			state   string
			seconds float64
			minutes float64
		}{
			{`{"kind":"start","at":"` + c.at(0) + `"}`, "running", 0, 0},
			{`{"kind":"pause","at":"` + c.at(25*time.Minute+10*time.Second) + `"}`, "paused", 1510, 25},
			{`{"kind":"resume","at":"` + c.at(40*time.Minute) + `"}`, "running", 1510, 25},
			{`{"kind":"stop","at":"` + c.at(65*time.Minute+40*time.Second) + `"}`, "stopped", 3050, 51},
			{`{"kind":"correction","minutes":-6,"reason":"Pause déjeuner comptée par erreur"}`, "stopped", 3050, 45},
			{`{"kind":"start","at":"` + c.at(70*time.Minute) + `"}`, "running", 3050, 45},
			{`{"kind":"stop","at":"` + c.at(70*time.Minute+29*time.Second) + `"}`, "stopped", 3079, 45},
			{`{"kind":"start","at":"` + c.at(80*time.Minute) + `"}`, "running", 3079, 45},
			{`{"kind":"stop","at":"` + c.at(80*time.Minute+11*time.Second) + `"}`, "stopped", 3090, 46},
			{`{"kind":"manual","minutes":10,"reason":"Appel au fournisseur"}`, "stopped", 3090, 56},
		}
		version := wo.version()
		for i, step := range steps {
			r := addEntry(t, tech, wo.id(), step.body)
			expect(t, "time entry "+step.body, r, http.StatusCreated)
			got := decodeEntry(t, r).WorkOrder
			version++
			if got["timer_state"] != step.state || got["timer_seconds"] != step.seconds || got["work_minutes"] != step.minutes {
				t.Errorf("after step %d %s: state %v, %v s, %v min; want %s, %v s, %v min",
					i, step.body, got["timer_state"], got["timer_seconds"], got["work_minutes"], step.state, step.seconds, step.minutes)
			}
			if got.version() != version || got["travel_minutes"] != float64(20) {
				t.Errorf("after step %d: version %d, travel %v; want %d, 20", i, got.version(), got["travel_minutes"], version)
			}
			if i == 0 && (got["status"] != "in_progress" || got["running_since"] == nil) {
				t.Errorf("the first start leaves the work order %v, running since %v", got["status"], got["running_since"])
			}
		}

		// The entries come back in order, and the day of the work is the
		// day of the first start in Paris.
		r := tech.get(t, "/api/v1/work-orders/"+wo.id()+"/time-entries")
		var list struct {
			Items []record `json:"items"`
		}
		if err := json.Unmarshal([]byte(r.body), &list); err != nil || len(list.Items) != len(steps) {
			t.Fatalf("time entries: %v %s", err, r.body)
		}
		for i, e := range list.Items {
			if e["ordinal"] != float64(i+1) || !strings.Contains(steps[i].body, `"`+e["kind"].(string)+`"`) {
				t.Errorf("entry %d: %v", i, e)
			}
		}
		paris, _ := time.LoadLocation("Europe/Paris")
		want := time.Time(c).In(paris).Format(time.DateOnly)
		if got := decodeRecord(t, tech.get(t, "/api/v1/work-orders/"+wo.id())); got["worked_on"] != want {
			t.Errorf("worked_on %v, want %s", got["worked_on"], want)
		}
	})
}

func TestWorkOrderTimerRejections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")
		c := newClock()
		wo := create(t, tech, "work-orders", workOrderBody(school, `,"opened_at":"`+c.at(0)+`"`))
		id := wo.id()

		refused := []struct {
			name, body, field, want string
			status                  int
		}{
			{"pause before a start", `{"kind":"pause","at":"` + c.at(time.Minute) + `"}`, "kind", "pas encore démarré", 422},
			{"resume before a start", `{"kind":"resume","at":"` + c.at(time.Minute) + `"}`, "kind", "en pause se reprend", 422},
			{"stop before a start", `{"kind":"stop","at":"` + c.at(time.Minute) + `"}`, "kind", "démarrez-le", 422},
			{"start a day before the opening", `{"kind":"start","at":"` + c.at(-25*time.Hour) + `"}`, "at", "plus d'un jour", 422},
			{"start in the future", `{"kind":"start","at":"` + time.Now().Add(time.Hour).UTC().Format(time.RFC3339) + `"}`, "at", "en avance", 422},
			{"start without a time", `{"kind":"start"}`, "at", "start", 400},
			{"unreadable time", `{"kind":"start","at":"hier"}`, "at", "hier", 400},
			{"unknown kind", `{"kind":"lap","at":"` + c.at(time.Minute) + `"}`, "kind", "lap", 422},
			{"correction without a reason", `{"kind":"correction","minutes":5}`, "reason", "motif", 422},
			{"correction of zero", `{"kind":"correction","minutes":0,"reason":"rien"}`, "minutes", "non nul", 422},
			{"correction below zero", `{"kind":"correction","minutes":-1,"reason":"trop"}`, "minutes", "négatif", 422},
			{"manual without minutes", `{"kind":"manual"}`, "minutes", "minutes", 422},
			{"manual of two days", `{"kind":"manual","minutes":2880}`, "minutes", "2880", 422},
			{"event with minutes", `{"kind":"start","at":"` + c.at(time.Minute) + `","minutes":5}`, "minutes", "start", 422},
		}
		for _, tc := range refused {
			r := addEntry(t, tech, id, tc.body)
			if r.status != tc.status || !strings.Contains(decodeError(t, r).Error.Fields[tc.field], tc.want) {
				t.Errorf("%s: %d %s; want %d naming %s with %q", tc.name, r.status, r.body, tc.status, tc.field, tc.want)
			}
		}

		expect(t, "start", addEntry(t, tech, id, `{"kind":"start","at":"`+c.at(time.Minute)+`"}`), http.StatusCreated)
		for name, body := range map[string]string{
			"start while running":    `{"kind":"start","at":"` + c.at(2*time.Minute) + `"}`,
			"resume while running":   `{"kind":"resume","at":"` + c.at(2*time.Minute) + `"}`,
			"pause before the start": `{"kind":"pause","at":"` + c.at(30*time.Second) + `"}`,
		} {
			if r := addEntry(t, tech, id, body); r.status != 422 {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
		}

		// An entry sent again unchanged is the stored one, and changes
		// nothing; changed, it is refused.
		pause := `"id":"0193f000-0000-7000-8000-000000000001","kind":"pause"`
		first := decodeEntry(t, addEntry(t, tech, id, `{`+pause+`,"at":"`+c.at(11*time.Minute)+`"}`))
		again := addEntry(t, tech, id, `{`+pause+`,"at":"`+c.at(11*time.Minute)+`"}`)
		if again.status != 201 || decodeEntry(t, again).WorkOrder.version() != first.WorkOrder.version() {
			t.Errorf("the same entry again: %d %s", again.status, again.body)
		}
		if r := addEntry(t, tech, id, `{`+pause+`,"at":"`+c.at(12*time.Minute)+`"}`); r.status != 409 || r.envelop.Error.Code != "append_only" {
			t.Errorf("the entry changed: %d %s", r.status, r.body)
		}

		// Done needs a stopped or paused timer, and then takes no time
		// until it is reopened.
		expect(t, "resume", addEntry(t, tech, id, `{"kind":"resume","at":"`+c.at(20*time.Minute)+`"}`), http.StatusCreated)
		current := decodeRecord(t, tech.get(t, "/api/v1/work-orders/"+id))
		r := tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+id, `{"version":`+itoa(current.version())+`,"status":"done"}`)
		if r.status != 422 || !strings.Contains(decodeError(t, r).Error.Fields["status"], "chronomètre tourne") {
			t.Errorf("done with the timer running: %d %s", r.status, r.body)
		}
		expect(t, "stop", addEntry(t, tech, id, `{"kind":"stop","at":"`+c.at(30*time.Minute)+`"}`), http.StatusCreated)
		current = decodeRecord(t, tech.get(t, "/api/v1/work-orders/"+id))
		done := patch(t, tech, "work-orders", current, `"status":"done"`)
		if done["work_minutes"] != float64(20) {
			t.Errorf("work minutes %v, want 10 + 10", done["work_minutes"])
		}
		if r := addEntry(t, tech, id, `{"kind":"manual","minutes":5}`); r.status != 422 || r.envelop.Error.Code != "work_order_done" {
			t.Errorf("time on a done work order: %d %s", r.status, r.body)
		}
		patch(t, tech, "work-orders", done, `"status":"in_progress"`)
		if got := decodeEntry(t, addEntry(t, tech, id, `{"kind":"manual","minutes":5}`)).WorkOrder; got["work_minutes"] != float64(25) {
			t.Errorf("after reopening and 5 more minutes: %v", got["work_minutes"])
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+id, `{"version":99,"minutes":5}`); r.status != 409 {
			t.Errorf("PATCH with a stale version and minutes: %d %s", r.status, r.body)
		}
		current = decodeRecord(t, tech.get(t, "/api/v1/work-orders/"+id))
		r = tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+id, `{"version":`+itoa(current.version())+`,"minutes":5}`)
		if r.status != 422 || decodeError(t, r).Error.Fields["minutes"] == "" {
			t.Errorf("minutes in a PATCH: %d %s", r.status, r.body)
		}
		r = tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+id, `{"version":`+itoa(current.version())+`,"worked_on":"2020-01-01"}`)
		if r.status != 422 || decodeError(t, r).Error.Fields["worked_on"] == "" {
			t.Errorf("changing the day of a timed work order: %d %s", r.status, r.body)
		}
	})
}

func TestWorkOrderTimeAtCreation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")
		c := newClock()
		opened := `,"opened_at":"` + c.at(0) + `"`
		startStop := `,"time_entries":[{"kind":"start","at":"` + c.at(0) + `"},{"kind":"stop","at":"` + c.at(45*time.Minute+30*time.Second) + `"}]`

		timed := create(t, tech, "work-orders", workOrderBody(school, opened+`,"status":"done"`+startStop))
		if timed["work_minutes"] != float64(46) || timed["status"] != "done" || timed["timer_state"] != "stopped" {
			t.Errorf("done with timer entries: %v", timed)
		}
		manual := create(t, tech, "work-orders", workOrderBody(school, `,"status":"done","minutes":45`))
		if manual["work_minutes"] != float64(45) || manual["timer_state"] != "idle" {
			t.Errorf("done with manual minutes: %v", manual)
		}
		entries := tech.get(t, "/api/v1/work-orders/"+manual.id()+"/time-entries")
		if !strings.Contains(entries.body, `"kind":"manual"`) || !strings.Contains(entries.body, `"minutes":45`) {
			t.Errorf("entries of the manual time: %s", entries.body)
		}
		started := create(t, tech, "work-orders", workOrderBody(school, opened+`,"time_entries":[{"kind":"start","at":"`+c.at(0)+`"}]`))
		if started["status"] != "in_progress" || started["timer_state"] != "running" {
			t.Errorf("planned with a start: %v", started)
		}

		for name, tc := range map[string]struct{ extra, field string }{
			"minutes and entries": {opened + `,"minutes":10` + startStop, "minutes"},
			"a pause first":       {opened + `,"time_entries":[{"kind":"pause","at":"` + c.at(0) + `"}]`, "time_entries[0].kind"},
			"a stop twice":        {opened + `,"time_entries":[{"kind":"start","at":"` + c.at(0) + `"},{"kind":"stop","at":"` + c.at(time.Minute) + `"},{"kind":"stop","at":"` + c.at(2*time.Minute) + `"}]`, "time_entries[2].kind"},
			"done while running":  {opened + `,"status":"done","time_entries":[{"kind":"start","at":"` + c.at(0) + `"}]`, "status"},
			"another day":         {opened + `,"worked_on":"2020-01-01"` + startStop, "worked_on"},
			"negative minutes":    {`,"minutes":-5`, "minutes"},
		} {
			r := tech.do(t, http.MethodPost, "/api/v1/work-orders", workOrderBody(school, tc.extra))
			if r.status != 422 || decodeError(t, r).Error.Fields[tc.field] == "" {
				t.Errorf("%s: %d %s, want 422 naming %s", name, r.status, r.body, tc.field)
			}
		}
	})
}
