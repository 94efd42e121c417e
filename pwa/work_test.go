package pwa_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"testing"

	"parc/server/requests"
	"parc/server/workorders"
)

// needNode skips the test without Node.js, and fails it under CI=true.
func needNode(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed under CI=true: install Node.js to test the app's modules")
		}
		t.Skip("node is not installed: skipping the tests of the app's modules")
	}
}

// TestWorkJS runs the Node unit tests of the daily work's rules: the
// timer's replay, the charter's scope, the order of requests, the status
// of loans.
func TestWorkJS(t *testing.T) {
	needNode(t)
	out, err := exec.Command("node", "--test", "--test-reporter=tap", "testdata/work.test.mjs").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test testdata/work.test.mjs: %v\n%s", err, out)
	}
	t.Logf("node --test testdata/work.test.mjs:\n%s", out)
}

// appCodes are the codes that the app's modules list, as Node reads them.
type appCodes struct {
	InScope    []string `json:"in_scope"`
	OutOfScope []string `json:"out_of_scope"`
	Checklist  []string `json:"checklist"`
}

// TestWorkCodesMatchServer checks that the app offers the categories,
// the checklist and the names of the codes that the server accepts.
func TestWorkCodesMatchServer(t *testing.T) {
	needNode(t)
	script := `Promise.all([import('./app/charter.js'), import('./app/work-orders.js')]).then(([c, w]) =>
		console.log(JSON.stringify({in_scope: c.IN_SCOPE, out_of_scope: c.OUT_OF_SCOPE, checklist: w.CHECKLIST})))`
	out, err := exec.Command("node", "--input-type=module", "-e", script).Output()
	if err != nil {
		t.Fatalf("read the app's codes with node: %v", err)
	}
	var app appCodes
	if err := json.Unmarshal(out, &app); err != nil {
		t.Fatalf("decode the app's codes %s: %v", out, err)
	}
	sameSet(t, "categories in scope", app.InScope, requests.InScope)
	sameSet(t, "categories out of scope", app.OutOfScope, requests.OutOfScope)
	sameSet(t, "checklist codes", app.Checklist, workorders.ChecklistCodes)

	fr := catalogues(t)["fr"]
	prefixed := map[string][]string{
		"category":          requests.Categories,
		"request_status":    requests.Statuses,
		"urgency":           requests.Urgencies,
		"work_order_status": workorders.Statuses,
		"work_order_check":  workorders.ChecklistCodes,
		"time_kind":         workorders.Kinds,
		"timer_state":       {workorders.TimerIdle, workorders.TimerRunning, workorders.TimerPaused, workorders.TimerStopped},
		"category_help":     app.InScope,
		"category_who":      app.OutOfScope,
	}
	for prefix, codes := range prefixed {
		for _, code := range codes {
			if _, ok := fr[prefix+"_"+code]; !ok {
				t.Errorf("the catalogue lacks %s_%s", prefix, code)
			}
		}
	}
}

func sameSet(t *testing.T, what string, app, server []string) {
	t.Helper()
	a, s := slices.Sorted(slices.Values(app)), slices.Sorted(slices.Values(server))
	if !slices.Equal(a, s) {
		t.Errorf("%s: the app has %v, the server %v", what, a, s)
	}
}
