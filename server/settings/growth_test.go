package settings

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestFleetGrowthReadsPercent(t *testing.T) {
	good := map[string]float64{`3`: 3, `2.5`: 2.5, `0`: 0, `-1.5`: -1.5, `50`: 50, `-50`: -50, `3.0`: 3}
	for raw, want := range good {
		got, m := fleetGrowth(json.RawMessage(raw))
		if m != nil || got != want {
			t.Errorf("fleetGrowth(%s) = %v, %v; want %v", raw, got, m, want)
		}
	}
}

func TestFleetGrowthRefusesBadValues(t *testing.T) {
	for _, raw := range []string{`"3"`, `2.55`, `51`, `-50.5`, `true`, `[]`, `3 4`, `1e400`} {
		_, m := fleetGrowth(json.RawMessage(raw))
		if m == nil {
			t.Errorf("fleetGrowth(%s) accepted", raw)
			continue
		}
		if text := m.Text(langOf("fr")); !strings.Contains(text, "-50 à 50") {
			t.Errorf("fleetGrowth(%s): message %q does not give the bounds", raw, text)
		}
	}
}

func TestFleetGrowthDefaultsToThree(t *testing.T) {
	if got := Defaults().FleetGrowth; got != 3 {
		t.Errorf("default growth = %v, want 3", got)
	}
	null, m := apply(Defaults(), Defaults(), KeyFleetGrowth, json.RawMessage(`null`))
	if m != nil || null.FleetGrowth != 3 {
		t.Errorf("null growth = %v, %v; want the default 3", null.FleetGrowth, m)
	}
}
