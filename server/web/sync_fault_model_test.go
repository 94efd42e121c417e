package web_test

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// syncModel collects every operation the clients made and the result the
// server returned for it, and derives the fleet the server must hold.
type syncModel struct {
	mu      sync.Mutex
	ops     map[string]faultOp
	results map[string]faultResult
	// clients is the index of the client that made each operation.
	clients map[string]int
	// outcomes counts the results by status, with a duplicate counted
	// under the status of the first result it repeats.
	outcomes map[string]int
	// duplicates counts the results with status duplicate.
	duplicates int
	// rejections describes each rejected operation.
	rejections []string
}

func newSyncModel() *syncModel {
	return &syncModel{ops: map[string]faultOp{}, results: map[string]faultResult{}, clients: map[string]int{}, outcomes: map[string]int{}}
}

// firstStatus returns the status of the first result that a result
// repeats: its own status unless it is a duplicate.
func firstStatus(r faultResult) string {
	switch {
	case r.Status != "duplicate":
		return r.Status
	case r.Error != nil:
		return "rejected"
	case len(r.ServerFields) > 0:
		return "conflict"
	default:
		return "applied"
	}
}

// record keeps the result of an operation that a client made. A second
// result for one operation is an error: the client sends an operation
// again only until it gets a result.
func (m *syncModel) record(client int, op faultOp, r faultResult) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.results[op.ID]; ok {
		return fmt.Errorf("op %s got a second result: %+v", op.ID, r)
	}
	m.ops[op.ID] = op
	m.results[op.ID] = r
	m.clients[op.ID] = client
	status := firstStatus(r)
	m.outcomes[status]++
	if r.Status == "duplicate" {
		m.duplicates++
	}
	if status == "rejected" {
		text := fmt.Sprintf("op %s (%s %s %s %v): %s", op.ID, op.Action, op.Entity, op.EntityID, op.Fields, describeError(r))
		m.rejections = append(m.rejections, text)
	}
	return nil
}

func describeError(r faultResult) string {
	if r.Error == nil {
		return "no error"
	}
	return fmt.Sprintf("%s: %s %v", r.Error.Code, r.Error.Message, r.Error.Fields)
}

// expectedAsset is the state of an asset that the model derives.
type expectedAsset struct {
	fields map[string]any
	// writes is the number of applied operations.
	writes int
	// startVersion is the version at start, 0 for a created asset.
	startVersion int
}

// modelFields are the asset fields the model follows.
var modelFields = []string{"site_id", "kind", "brand", "model", "serial", "notes", "status", "room_id", "archived"}

// expectedAssets derives the fleet the server must hold from the demo
// fleet and the applied operations, each field set by the write with the
// highest version. It also returns what the results got wrong: two
// writes of one asset with the same version, which means a lost or
// doubled write, and conflicts reported or missed (see checkConflict).
func (m *syncModel) expectedAssets(fleet *faultFleet) (map[string]*expectedAsset, []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	want := map[string]*expectedAsset{}
	for _, a := range fleet.assets {
		e := &expectedAsset{fields: map[string]any{}, startVersion: a.Version}
		for _, f := range modelFields {
			e.fields[f] = a.Record[f]
		}
		e.fields["archived"] = a.Record["archived_at"] != nil
		want[a.ID] = e
	}

	var errs []string
	for id, list := range m.assetWrites() {
		e := want[id]
		if e == nil {
			e = &expectedAsset{fields: map[string]any{"archived": false, "status": "in_service"}}
			want[id] = e
		}
		for i := range list {
			w := &list[i]
			if i > 0 && w.version == list[i-1].version {
				errs = append(errs, fmt.Sprintf("asset %s: ops %s and %s both returned version %d", id, list[i-1].op.ID, w.op.ID, w.version))
			}
			w.changed = changedFields(e.fields, w.op)
			errs = append(errs, checkConflict(id, e.fields, list[:i], *w)...)
			applyWrite(e, *w)
		}
	}
	return want, errs
}

// assetWrites returns the applied operations on each asset, by asset id,
// in the order of the versions the server gave them.
func (m *syncModel) assetWrites() map[string][]assetWrite {
	writes := map[string][]assetWrite{}
	for id, r := range m.results {
		op := m.ops[id]
		if op.Entity != "asset" || firstStatus(r) == "rejected" {
			continue
		}
		w := assetWrite{version: r.Version, op: op, result: r, client: m.clients[id]}
		writes[r.EntityID] = append(writes[r.EntityID], w)
	}
	for _, list := range writes {
		slices.SortFunc(list, func(a, b assetWrite) int { return cmp.Compare(a.version, b.version) })
	}
	return writes
}

func applyWrite(e *expectedAsset, w assetWrite) {
	e.writes++
	if w.op.Action == "delete" {
		e.fields["archived"] = true
		return
	}
	for f, v := range w.op.Fields {
		e.fields[f] = v
	}
}

// scans returns the entity ids of the inventory scans the server applied.
func (m *syncModel) scans() map[string]bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := map[string]bool{}
	for id, r := range m.results {
		if m.ops[id].Entity == "inventory_scan" && firstStatus(r) != "rejected" {
			ids[m.ops[id].EntityID] = true
		}
	}
	return ids
}

// summary returns the counts of results by first status.
func (m *syncModel) summary() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]string, 0, len(m.outcomes))
	for k := range m.outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m.outcomes[k]))
	}
	return fmt.Sprintf("%d results, %s; %d answered duplicate after a retry", len(m.results), strings.Join(parts, ", "), m.duplicates)
}

// compareAsset returns the differences between an asset as the server
// holds it and as the model expects it.
func compareAsset(id string, got map[string]any, want *expectedAsset) []string {
	var diffs []string
	for _, f := range modelFields {
		var g any
		if f == "archived" {
			g = got["archived_at"] != nil
		} else {
			g = got[f]
		}
		if fmt.Sprint(g) != fmt.Sprint(want.fields[f]) {
			diffs = append(diffs, fmt.Sprintf("asset %s: %s is %v, want %v", id, f, g, want.fields[f]))
		}
	}
	return diffs
}

// scanTimes returns the times of the applied scans of each asset, by
// asset id.
func (m *syncModel) scanTimes() map[string][]time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	times := map[string][]time.Time{}
	for id, r := range m.results {
		op := m.ops[id]
		if op.Entity != "inventory_scan" || firstStatus(r) == "rejected" {
			continue
		}
		asset, _ := op.Fields["asset_id"].(string)
		at, err := time.Parse(time.RFC3339Nano, op.Fields["scanned_at"].(string))
		if asset != "" && err == nil {
			times[asset] = append(times[asset], at)
		}
	}
	return times
}

// compareScannedAsset returns the differences between a scanned asset as
// the server holds it and its scans. Its last inventory is the latest
// scan, and each scan later than the inventory before it moved the
// version on once, so the version moved at least once and at most once
// per scan later than the inventory at start.
func compareScannedAsset(got map[string]any, start faultAsset, scans []time.Time) []string {
	var diffs []string
	atStart := parseTime(start.Record["last_inventoried_at"])
	last, later := atStart, 0
	for _, at := range scans {
		if at.After(atStart) {
			later++
		}
		if at.After(last) {
			last = at
		}
	}
	if g := parseTime(got["last_inventoried_at"]); !g.Equal(last) {
		diffs = append(diffs, fmt.Sprintf("asset %s: last_inventoried_at is %v, want %v, the latest of %d scans", start.ID, got["last_inventoried_at"], last, len(scans)))
	}
	moves := int(got["version"].(float64)) - start.Version
	if moves > later || later > 0 && moves < 1 {
		diffs = append(diffs, fmt.Sprintf("asset %s: version moved %d times, want from %d to %d for %d scans later than the inventory at start",
			start.ID, moves, min(later, 1), later, later))
	}
	return diffs
}

// parseTime reads a JSON time, the zero time for null.
func parseTime(v any) time.Time {
	text, _ := v.(string)
	at, _ := time.Parse(time.RFC3339Nano, text)
	return at
}
