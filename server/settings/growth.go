package settings

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"

	"parc/server/i18n"
)

// Bounds of fleet_growth_percent: a fleet may shrink as well as grow.
const (
	MinFleetGrowth = -50
	MaxFleetGrowth = 50
)

// fleetGrowth reads the yearly growth of the fleet in percent: a JSON
// number from MinFleetGrowth to MaxFleetGrowth with at most one decimal,
// such as 3 or 2.5.
func fleetGrowth(raw json.RawMessage) (float64, *i18n.Message) {
	fail := msg("setting_fleet_growth_percent", shown(raw), MinFleetGrowth, MaxFleetGrowth)
	if trimmed := bytes.TrimSpace(raw); len(trimmed) == 0 || trimmed[0] == '"' {
		return 0, fail
	}
	var n json.Number
	if err := decodeStrict(raw, &n); err != nil {
		return 0, fail
	}
	x, err := strconv.ParseFloat(n.String(), 64)
	if err != nil || x < MinFleetGrowth || x > MaxFleetGrowth {
		return 0, fail
	}
	// One decimal at most: 2.5 %, not 2.55 %.
	tenths := x * 10
	if math.Abs(tenths-math.Round(tenths)) > 1e-9 {
		return 0, fail
	}
	return math.Round(tenths) / 10, nil
}
