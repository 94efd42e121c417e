package web_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// assetWrite is one applied operation on an asset, at the version the
// server gave it.
type assetWrite struct {
	version int
	op      faultOp
	result  faultResult
	client  int
	// changed names the record members whose value the write changed, as
	// the server names them: archived_at for the field archived.
	changed []string
}

// changedFields returns the members of the asset whose value op changes
// when applied to the asset with fields.
func changedFields(fields map[string]any, op faultOp) []string {
	var names []string
	if op.Action == "delete" {
		if fields["archived"] != true {
			names = append(names, "archived_at")
		}
		return names
	}
	for f, v := range op.Fields {
		switch {
		case f == "archived" && fields["archived"] != v:
			names = append(names, "archived_at")
		case f != "archived" && fmt.Sprint(fields[f]) != fmt.Sprint(v):
			names = append(names, f)
		}
	}
	slices.Sort(names)
	return names
}

// checkConflict checks the status and the server_fields of an applied
// operation. It conflicts when it has a base_version and changes a field
// that another client changed in a version after that base: server_fields
// then holds exactly those fields with the values the operation
// overwrote. before holds the asset's fields just before the write, and
// earlier the writes with a lower version.
func checkConflict(id string, before map[string]any, earlier []assetWrite, w assetWrite) []string {
	want := map[string]any{}
	if w.op.BaseVersion != nil {
		others := map[string]bool{}
		for _, x := range earlier {
			if x.version > *w.op.BaseVersion && x.client != w.client {
				for _, f := range x.changed {
					others[f] = true
				}
			}
		}
		for _, f := range w.changed {
			if others[f] {
				want[f] = before[f]
			}
		}
	}

	where := fmt.Sprintf("asset %s: op %s of client %d, base version %s, applied at version %d", id, w.op.ID, w.client, baseText(w.op.BaseVersion), w.version)
	wantStatus := map[bool]string{true: "conflict", false: "applied"}[len(want) > 0]
	if got := firstStatus(w.result); got != wantStatus {
		return []string{fmt.Sprintf("%s: answered %s, want %s: it changed %v, others changed %v after its base", where, got, wantStatus, w.changed, slices.Sorted(maps.Keys(want)))}
	}
	var diffs []string
	if got, wantKeys := slices.Sorted(maps.Keys(w.result.ServerFields)), slices.Sorted(maps.Keys(want)); !slices.Equal(got, wantKeys) {
		diffs = append(diffs, fmt.Sprintf("%s: server_fields names %v, want %v", where, got, wantKeys))
	}
	for f, value := range want {
		raw, ok := w.result.ServerFields[f]
		if !ok || f == "archived_at" {
			continue
		}
		var got any
		if err := json.Unmarshal(raw, &got); err != nil || fmt.Sprint(got) != fmt.Sprint(value) {
			diffs = append(diffs, fmt.Sprintf("%s: server_fields has %s %s, want the overwritten value %v", where, f, raw, value))
		}
	}
	return diffs
}

func baseText(v *int) string {
	if v == nil {
		return "none"
	}
	return fmt.Sprint(*v)
}
