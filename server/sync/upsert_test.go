package sync_test

import (
	"encoding/json"
	"errors"
	"testing"

	"parc/server/apierr"
	"parc/server/sync"
)

// TestReadUpsert checks that an upsert decodes into its body, and that a
// delete and unreadable fields are rejected with their status and code.
func TestReadUpsert(t *testing.T) {
	type body struct {
		Year int `json:"year"`
	}
	cases := []struct {
		name       string
		op         sync.Op
		wantStatus int
		wantCode   string
		wantYear   int
	}{
		{"upsert", sync.Op{Action: sync.ActionUpsert, Fields: json.RawMessage(`{"year":2031}`)}, 0, "", 2031},
		{"delete", sync.Op{Action: sync.ActionDelete, Fields: json.RawMessage(`{"year":2031}`)}, 422, "not_deletable", 0},
		{"unreadable fields", sync.Op{Action: sync.ActionUpsert, Fields: json.RawMessage(`{"year":"2031"}`)}, 400, "invalid_json", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := sync.ReadUpsert[body](c.op, "not_deletable", "request_not_deletable")
			var rejection *apierr.Error
			switch {
			case c.wantCode == "" && err != nil:
				t.Fatalf("ReadUpsert(%s) error = %v, want none", c.op.Fields, err)
			case c.wantCode != "" && !errors.As(err, &rejection):
				t.Fatalf("ReadUpsert(%s) error = %v, want an *apierr.Error", c.op.Fields, err)
			case c.wantCode != "" && (rejection.Status != c.wantStatus || rejection.Code != c.wantCode):
				t.Errorf("ReadUpsert(%s) = %d %s, want %d %s", c.op.Fields, rejection.Status, rejection.Code, c.wantStatus, c.wantCode)
			}
			if got.Year != c.wantYear {
				t.Errorf("ReadUpsert(%s) year = %d, want %d", c.op.Fields, got.Year, c.wantYear)
			}
		})
	}
}
