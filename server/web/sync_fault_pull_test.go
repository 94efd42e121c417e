package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"
)

// faultPuller is a device that keeps a copy of the assets through
// incremental pulls over the fault proxy while the clients push. Like the
// web app, it stores a page and its cursor together, and sends the same
// cursor again after a failure.
type faultPuller struct {
	http    *http.Client
	base    string
	session apiSession
	cursor  string
	// lastSeq is the highest sequence number applied since the last reset.
	lastSeq int64
	assets  map[string]pulledRecord

	pulls, failures, changes int
}

// pulledRecord is an asset as the puller holds it.
type pulledRecord struct {
	version int
	fields  map[string]any
}

// faultPullPage is the body of a response to GET /api/v1/sync/pull.
type faultPullPage struct {
	Changes []struct {
		Seq      int64          `json:"seq"`
		Entity   string         `json:"entity"`
		EntityID string         `json:"entity_id"`
		Action   string         `json:"action"`
		Fields   map[string]any `json:"fields"`
		Version  int            `json:"version"`
	} `json:"changes"`
	Cursor string `json:"cursor"`
	More   bool   `json:"more"`
	Reset  bool   `json:"reset"`
}

// pullPageLimit is the page size of the puller, small so that a pull
// often spans pages.
const pullPageLimit = 200

// run pulls until stop is closed, a few times a second, then pulls to the
// end of the sequence once more.
func (p *faultPuller) run(ctx context.Context, stop <-chan struct{}) error {
	for {
		select {
		case <-stop:
			return p.pullToEnd(ctx)
		case <-time.After(20 * time.Millisecond):
		}
		if err := p.pullToEnd(ctx); err != nil {
			return err
		}
	}
}

// pullToEnd pulls pages until one has more set to false, requesting a
// page again after each failure.
func (p *faultPuller) pullToEnd(ctx context.Context) error {
	failuresInARow := 0
	for {
		more, retry, err := p.pullOnce(ctx)
		switch {
		case err != nil && !retry:
			return fmt.Errorf("puller: %w", err)
		case err != nil:
			p.failures++
			failuresInARow++
			if failuresInARow > maxFailuresInARow {
				return fmt.Errorf("puller: %d pulls in a row failed, the last with: %w", failuresInARow, err)
			}
			time.Sleep(time.Duration(failuresInARow) * time.Millisecond)
		case !more:
			return nil
		default:
			failuresInARow = 0
		}
	}
}

// pullOnce reads and applies one page. retry is true for the failures of
// a bad network.
func (p *faultPuller) pullOnce(ctx context.Context) (more, retry bool, err error) {
	path := fmt.Sprintf("/api/v1/sync/pull?limit=%d&cursor=%s", pullPageLimit, url.QueryEscape(p.cursor))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base+path, nil)
	if err != nil {
		return false, false, err
	}
	req.Header.Set("Cookie", p.session.cookie)
	p.pulls++
	res, err := p.http.Do(req)
	if err != nil {
		return false, ctx.Err() == nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return false, true, fmt.Errorf("read a pull response: %w", err)
	}
	if res.StatusCode >= 500 {
		return false, true, fmt.Errorf("pull: status %d: %s", res.StatusCode, raw)
	}
	if res.StatusCode != http.StatusOK {
		return false, false, fmt.Errorf("pull with cursor %q: status %d: %s", p.cursor, res.StatusCode, raw)
	}
	var page faultPullPage
	if err := json.Unmarshal(raw, &page); err != nil {
		return false, false, fmt.Errorf("decode a whole pull response: %w", err)
	}
	return page.More, false, p.apply(page)
}

// apply applies a page and keeps its cursor. It checks that sequence
// numbers only grow and that no record goes back to an older version.
func (p *faultPuller) apply(page faultPullPage) error {
	if page.Reset || p.assets == nil {
		p.assets, p.lastSeq = map[string]pulledRecord{}, 0
	}
	for _, c := range page.Changes {
		if c.Seq <= p.lastSeq {
			return fmt.Errorf("pull after cursor %q sent seq %d, not above the last applied %d", p.cursor, c.Seq, p.lastSeq)
		}
		p.lastSeq = c.Seq
		p.changes++
		if c.Entity != "asset" {
			continue
		}
		if held, ok := p.assets[c.EntityID]; ok && c.Version < held.version {
			return fmt.Errorf("pull sent asset %s at version %d, older than the held version %d", c.EntityID, c.Version, held.version)
		}
		switch c.Action {
		case "upsert":
			p.assets[c.EntityID] = pulledRecord{version: c.Version, fields: c.Fields}
		case "delete":
			delete(p.assets, c.EntityID)
		default:
			return fmt.Errorf("pull sent action %q for asset %s", c.Action, c.EntityID)
		}
	}
	p.cursor = page.Cursor
	return nil
}

// checkReplica compares the puller's copy with the active assets the
// server lists: the same assets, each at the same version and with the
// same members.
func checkReplica(t *testing.T, p *faultPuller, active []map[string]any) {
	t.Helper()
	listed := map[string]map[string]any{}
	for _, a := range active {
		listed[a["id"].(string)] = a
	}
	differences := 0
	for id, a := range listed {
		held, ok := p.assets[id]
		switch {
		case !ok:
			t.Errorf("pulled copy: active asset %s at version %v is missing", id, a["version"])
		case !reflect.DeepEqual(held.fields, a):
			t.Errorf("pulled copy: asset %s is\n%v\nwant\n%v", id, held.fields, a)
		default:
			continue
		}
		differences++
	}
	for id, held := range p.assets {
		if listed[id] == nil {
			t.Errorf("pulled copy: asset %s at version %d is not active on the server", id, held.version)
			differences++
		}
	}
	t.Logf("pulled copy: %d pulls of which %d failed, %d changes applied; compared %d assets with the server: %d differences",
		p.pulls, p.failures, p.changes, len(listed), differences)
}
