package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	gosync "sync"
	"testing"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

// Two server processes on one database take pushes from several devices
// at once while a third device pulls in small pages: when the pushes are
// over, that device holds every record created, none twice. On
// PostgreSQL, a transaction that took a smaller change number and
// committed after a larger one would be skipped by the pull.
func TestSyncPullNeverSkipsConcurrentChanges(t *testing.T) {
	for _, dialect := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			if dialect == store.Postgres && storetest.PostgresURL(t) == "" {
				t.Skip("PARC_TEST_DATABASE_URL is not set")
			}
			one, two := storetest.OpenTwo(t, dialect)
			f1 := newFixture(t, one, true)
			f2 := newFixture(t, two, false).as(t, "technicien@demo.invalid")
			f2.siteID, f2.roomID = f1.siteID, f1.roomID

			const devices, pushes, perPush = 8, 12, 4
			created := make(chan string, devices*pushes*perPush)
			done := make(chan struct{})
			var wg gosync.WaitGroup
			for d := range devices {
				wg.Add(1)
				go func() {
					defer wg.Done()
					f := []fixture{f1, f2}[d%2]
					for p := range pushes {
						var ops []syncOp
						for i := range perPush {
							id := uuid.Must(uuid.NewV7())
							ops = append(ops, newOp("asset", id, f.newAssetFields(fmt.Sprintf("SN-%d-%d-%d", d, p, i))))
						}
						if err := pushQuietly(f, fmt.Sprintf("device-%d", d), ops, created); err != nil {
							t.Error(err)
							return
						}
					}
				}()
			}

			rep := replica{}
			cursor := f2.pullAll(t, rep, "", 1000)
			go func() { wg.Wait(); close(done) }()
			pulling := true
			for pulling {
				select {
				case <-done:
					pulling = false
				default:
				}
				cursor = f2.pullAll(t, rep, cursor, 3)
			}
			close(created)
			cursor = f2.pullAll(t, rep, cursor, 3)

			n := 0
			for id := range created {
				n++
				if _, ok := rep["asset"][id]; !ok {
					t.Errorf("asset %s created but never pulled", id)
				}
			}
			if n != devices*pushes*perPush {
				t.Fatalf("%d assets created, want %d", n, devices*pushes*perPush)
			}
		})
	}
}

// pushQuietly pushes ops and sends the id of each applied creation to
// created. It returns an error instead of failing the test, for use in a
// goroutine.
func pushQuietly(f fixture, client string, ops []syncOp, created chan<- string) error {
	body, err := json.Marshal(map[string]any{"client_id": client, "ops": ops})
	if err != nil {
		return err
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/sync/push", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", f.cookie)
	req.Header.Set("X-CSRF-Token", f.csrf)
	res, err := f.app.Test(req, -1)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("push from %s: status %d: %s", client, res.StatusCode, raw)
	}
	var out struct {
		Results []syncResult `json:"results"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return err
	}
	for _, r := range out.Results {
		if r.Status != "applied" {
			return fmt.Errorf("push from %s: %+v", client, r)
		}
		created <- r.EntityID
	}
	return nil
}
