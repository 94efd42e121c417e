package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

const (
	// maxBatch is the largest number of operations a client pushes at once.
	maxBatch = 60
	// maxFailuresInARow is how many failed pushes in a row make a client
	// give up and fail the test.
	maxFailuresInARow = 60
	// maxBackoff bounds the wait before a retry.
	maxBackoff = 100 * time.Millisecond
)

// simClient is a simulated technician's device: its own session, client
// id and outbox, pushed in order through the fault proxy.
type simClient struct {
	index    int
	http     *http.Client
	base     string
	session  apiSession
	clientID string
	gen      *opGenerator
	model    *syncModel
	quota    int

	outbox []faultOp
	// sends counts the pushes that carried each operation of the outbox.
	sends map[string]int

	pushes, failures, failuresInARow int
}

// apiSession is a login session: the cookie and the CSRF token.
type apiSession struct {
	cookie, csrf string
}

// faultHTTPClient returns a client that opens a new connection for every
// request, so that the proxy draws a fault for each one.
func faultHTTPClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
}

// logIn opens a session of the demo technician on the server at base.
func logIn(ctx context.Context, base string) (apiSession, error) {
	body := strings.NewReader(`{"email":"technicien@demo.invalid","password":"parc-demo"}`)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/session", body)
	if err != nil {
		return apiSession{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := faultHTTPClient().Do(req)
	if err != nil {
		return apiSession{}, fmt.Errorf("log in: %w", err)
	}
	defer res.Body.Close()
	var info struct {
		CSRFToken string `json:"csrf_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&info); err != nil || res.StatusCode != http.StatusOK {
		return apiSession{}, fmt.Errorf("log in: status %d, decode: %v", res.StatusCode, err)
	}
	for _, c := range res.Cookies() {
		if c.Name == "parc_session" {
			return apiSession{cookie: c.Name + "=" + c.Value, csrf: info.CSRFToken}, nil
		}
	}
	return apiSession{}, fmt.Errorf("log in: no session cookie")
}

// run makes the client's quota of operations, a few at a time between
// pushes, and pushes until the outbox is empty. It returns an error when
// the server sends a response that the wire format forbids.
func (c *simClient) run(ctx context.Context) error {
	made := 0
	for made < c.quota || len(c.outbox) > 0 {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("client %d: %w with %d ops left in the outbox after %d pushes", c.index, err, len(c.outbox), c.pushes)
		}
		// Changes keep coming while pushes fail, as on a device in use.
		for n := 1 + c.gen.rng.IntN(20); n > 0 && made < c.quota; n-- {
			c.outbox = append(c.outbox, c.gen.next())
			made++
		}

		batch := c.outbox[:min(len(c.outbox), 1+c.gen.rng.IntN(maxBatch))]
		results, retry, err := c.push(ctx, batch)
		if err != nil && !retry {
			return fmt.Errorf("client %d: %w", c.index, err)
		}
		if err != nil {
			if err := c.backOff(ctx, err); err != nil {
				return err
			}
			continue
		}
		c.failuresInARow = 0
		if err := c.accept(batch, results); err != nil {
			return fmt.Errorf("client %d: %w", c.index, err)
		}
		c.outbox = c.outbox[len(batch):]
	}
	return nil
}

// backOff waits before a retry, twice as long after each failure in a
// row, with jitter.
func (c *simClient) backOff(ctx context.Context, cause error) error {
	c.failures++
	c.failuresInARow++
	if c.failuresInARow > maxFailuresInARow {
		return fmt.Errorf("client %d: %d pushes in a row failed, the last with: %w", c.index, c.failuresInARow, cause)
	}
	wait := min(time.Millisecond<<min(c.failuresInARow, 10), maxBackoff)
	wait = wait/2 + time.Duration(c.gen.rng.Int64N(int64(wait/2)+1))
	select {
	case <-time.After(wait):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// push sends ops and returns their results. retry is true when the
// failure is one that a device meets on a bad network, after which it
// sends the same operations again.
func (c *simClient) push(ctx context.Context, ops []faultOp) (results []faultResult, retry bool, err error) {
	body, err := json.Marshal(map[string]any{"client_id": c.clientID, "ops": ops})
	if err != nil {
		return nil, false, err
	}
	for _, op := range ops {
		c.sends[op.ID]++
	}
	c.pushes++
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/v1/sync/push", bytes.NewReader(body))
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", c.session.cookie)
	req.Header.Set("X-CSRF-Token", c.session.csrf)

	res, err := c.http.Do(req)
	if err != nil {
		return nil, true, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, true, fmt.Errorf("read the push response: %w", err)
	}
	if res.StatusCode >= 500 {
		return nil, true, fmt.Errorf("push: status %d: %s", res.StatusCode, raw)
	}
	if res.StatusCode != http.StatusOK {
		return nil, false, fmt.Errorf("push of %d ops: status %d: %s", len(ops), res.StatusCode, raw)
	}
	var answer struct {
		Results []faultResult `json:"results"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		return nil, false, fmt.Errorf("decode a whole push response: %w: %s", err, raw)
	}
	return answer.Results, false, nil
}

// accept checks the results of a push against the wire format and hands
// them to the model.
func (c *simClient) accept(ops []faultOp, results []faultResult) error {
	if len(results) != len(ops) {
		return fmt.Errorf("push of %d ops got %d results", len(ops), len(results))
	}
	for i, r := range results {
		op := ops[i]
		if err := checkResult(op, r, c.sends[op.ID]); err != nil {
			return err
		}
		if err := c.model.record(c.index, op, r); err != nil {
			return err
		}
		c.gen.learn(r)
		delete(c.sends, op.ID)
	}
	return nil
}

// checkResult checks one result against its operation. sends is the
// number of pushes that carried the operation, this one included.
func checkResult(op faultOp, r faultResult, sends int) error {
	if r.ID != op.ID {
		return fmt.Errorf("result for op %s carries id %s", op.ID, r.ID)
	}
	switch r.Status {
	case "applied", "conflict", "rejected":
	case "duplicate":
		if sends < 2 {
			return fmt.Errorf("op %s answered duplicate the first time it was sent: %+v", op.ID, r)
		}
	default:
		return fmt.Errorf("op %s: unknown status %q", op.ID, r.Status)
	}
	if firstStatus(r) == "rejected" {
		if r.Error == nil || r.Error.Message == "" {
			return fmt.Errorf("rejected op %s has no error message: %+v", op.ID, r)
		}
		return nil
	}

	if r.Entity != op.Entity || r.EntityID != op.EntityID {
		return fmt.Errorf("op %s on %s %s: result names %s %s", op.ID, op.Entity, op.EntityID, r.Entity, r.EntityID)
	}
	if r.Version < 1 {
		return fmt.Errorf("op %s: applied at version %d", op.ID, r.Version)
	}
	if firstStatus(r) == "conflict" && op.BaseVersion == nil {
		return fmt.Errorf("op %s without base_version answered conflict: %+v", op.ID, r)
	}
	return checkWritten(op, r)
}

// checkWritten checks that the record in an applied result holds the
// values the operation wrote.
func checkWritten(op faultOp, r faultResult) error {
	if op.Entity != "asset" {
		return nil
	}
	if op.Action == "delete" {
		if r.Fields["archived_at"] == nil {
			return fmt.Errorf("archive op %s: result has archived_at null", op.ID)
		}
		return nil
	}
	for f, v := range op.Fields {
		got := r.Fields[f]
		if f == "archived" {
			got = r.Fields["archived_at"] != nil
		}
		if fmt.Sprint(got) != fmt.Sprint(v) {
			return fmt.Errorf("op %s wrote %s %v on asset %s, its result has %v", op.ID, f, v, op.EntityID, got)
		}
	}
	return nil
}

// newSimClient logs a new client in directly, not through the proxy.
func newSimClient(ctx context.Context, index int, server, proxy string, gen *opGenerator, model *syncModel, quota int) (*simClient, error) {
	session, err := logIn(ctx, server)
	if err != nil {
		return nil, fmt.Errorf("client %d: %w", index, err)
	}
	return &simClient{
		index: index, http: faultHTTPClient(), base: proxy, session: session,
		clientID: uuid.NewString(), gen: gen, model: model, quota: quota, sends: map[string]int{},
	}, nil
}
