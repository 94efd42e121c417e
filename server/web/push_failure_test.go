package web_test

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"parc/server/push"
	"parc/server/push/pushtest"
	"parc/server/store"
	"parc/server/store/storetest"
)

// deliveryStatuses returns the statuses of the queued messages, sorted.
func deliveryStatuses(t *testing.T, s *store.Store) []string {
	t.Helper()
	var out []string
	if err := s.DB.NewSelect().Table("notification_deliveries").Column("status").Scan(context.Background(), &out); err != nil {
		t.Fatalf("read delivery statuses: %v", err)
	}
	sort.Strings(out)
	return out
}

// notifyingRequest creates a request at the Apprieu school as corr, which
// notifies the technicians.
func notifyingRequest(t *testing.T, s *store.Store, corr fixture) {
	t.Helper()
	if r := corr.do(t, http.MethodPost, "/api/v1/requests", requestBody(siteOf(t, s, "apprieu", "school"), "os_repair", "")); r.status != http.StatusCreated {
		t.Fatalf("create request: %d %s", r.status, r.body)
	}
}

func TestPushRetryAfterServerError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, tech, corr := newPushScene(t, s, push.Config{}, func(_ string, n int) pushtest.Response {
			if n == 1 {
				return pushtest.Response{Status: http.StatusInternalServerError}
			}
			return pushtest.Response{}
		})
		phone := subscribe(t, tech, svc, "tech")

		notifyingRequest(t, s, corr)
		drainUntil(t, tech, "the retry after a 500", func() bool { return svc.Count("/push/tech") == 2 })
		drain(t, tech)

		if n := svc.Count("/push/tech"); n != 2 {
			t.Errorf("push service got %d requests, want 2: the 500, then the one it accepted", n)
		}
		if got := payloadsAt(t, svc, "tech", phone); len(got) != 2 || got[0] != got[1] {
			t.Errorf("payloads %+v, want the same message twice", got)
		}
		if st := deliveryStatuses(t, s); !slices.Equal(st, []string{push.StatusSent}) {
			t.Errorf("delivery statuses %v, want one sent", st)
		}
	})
}

func TestPushGoneRemovesSubscription(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, tech, corr := newPushScene(t, s, push.Config{}, func(string, int) pushtest.Response { return pushtest.Response{Status: http.StatusGone} })
		subscribe(t, tech, svc, "tech")

		notifyingRequest(t, s, corr)
		drain(t, tech)

		if n := decodeJSON(t, tech.get(t, "/api/v1/me/notifications"))["push_devices"]; n != 0.0 {
			t.Errorf("push_devices after a 410 = %v, want 0", n)
		}
		// Without a mail server, the e-mail that replaces the notice is
		// queued, then dropped.
		want := []string{push.StatusDropped, push.StatusDropped}
		if st := deliveryStatuses(t, s); !slices.Equal(st, want) {
			t.Errorf("delivery statuses %v, want %v (the push message and its e-mail)", st, want)
		}
		notifyingRequest(t, s, corr)
		drain(t, tech)
		if n := svc.Count("/push/tech"); n != 1 {
			t.Errorf("push service got %d requests, want 1: nothing after the 410", n)
		}
	})
}

func TestPushHonoursRetryAfter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, tech, corr := newPushScene(t, s, push.Config{}, func(_ string, n int) pushtest.Response {
			if n == 1 {
				return pushtest.Response{Status: http.StatusTooManyRequests, Header: map[string]string{"Retry-After": "2"}}
			}
			return pushtest.Response{}
		})
		subscribe(t, tech, svc, "tech")

		notifyingRequest(t, s, corr)
		drainUntil(t, tech, "the retry after a 429", func() bool { return svc.Count("/push/tech") == 2 })

		got := svc.Received()
		if wait := got[1].At.Sub(got[0].At); wait < 2*time.Second {
			t.Errorf("retry came %s after the 429 with Retry-After: 2, want at least 2s", wait)
		}
	})
}

func TestPushHungServiceKeepsAPIFast(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, tech, corr := newPushScene(t, s, push.Config{SendTimeout: 5 * time.Second}, func(string, int) pushtest.Response { return pushtest.Response{Hang: true} })
		stop := tech.app.Push().Start()
		defer stop()

		// latency returns the median time of 5 requests that notify.
		latency := func() time.Duration {
			var times []time.Duration
			for range 5 {
				start := time.Now()
				notifyingRequest(t, s, corr)
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			return times[2]
		}
		baseline := latency()
		for i := range 4 {
			subscribe(t, tech, svc, "hung-"+strconv.Itoa(i))
		}
		// Measure while the worker waits on the hung push service.
		notifyingRequest(t, s, corr)
		waitForSend(t, svc, "/push/hung-0", "the request")
		withHung := latency()
		// A request that waited for the push service would take the send
		// timeout, 5 s. The bound leaves room for a loaded machine.
		if bound := 4*baseline + 1500*time.Millisecond; withHung > bound {
			t.Errorf("request latency with a hung push service %s, over %s (baseline %s)", withHung, bound, baseline)
		}
	})
}

func TestPushRestartSendsNothingTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, tech, corr := newPushScene(t, s, push.Config{}, nil)
		subscribe(t, tech, svc, "tech")
		for range 3 {
			notifyingRequest(t, s, corr)
		}
		stop := tech.app.Push().Start()
		drainUntil(t, tech, "three messages", func() bool { return svc.Count("/push/tech") == 3 })
		stop()

		restarted := newPushFixture(t, s, push.Config{}, nil)
		if n := drain(t, restarted); n != 0 {
			t.Errorf("the restarted server claimed %d messages, want 0", n)
		}
		if n := svc.Count("/push/tech"); n != 3 {
			t.Errorf("push service got %d requests after the restart, want 3", n)
		}
	})
}

func TestPushTwoServersNoDoubleSend(t *testing.T) {
	first, second := storetest.OpenTwo(t, store.Postgres)
	svc := pushtest.Start(t)
	techA := newPushFixture(t, first, push.Config{Batch: 2}, nil)
	techB := newPushFixture(t, second, push.Config{Batch: 2}, nil)
	corr := techA.as(t, "correspondant-apprieu@demo.invalid")
	const devices, requests = 6, 5
	for i := range devices {
		subscribe(t, techA, svc, "d"+strconv.Itoa(i))
	}
	for range requests {
		notifyingRequest(t, first, corr)
	}

	var wg sync.WaitGroup
	claimed := make([]int, 2)
	for i, f := range []fixture{techA, techB} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := f.app.Push().Drain(context.Background(), nil)
				if err != nil {
					t.Errorf("server %d: drain: %v", i, err)
					return
				}
				if n == 0 {
					return
				}
				claimed[i] += n
			}
		}()
	}
	wg.Wait()

	for i := range devices {
		if n := svc.Count("/push/d" + strconv.Itoa(i)); n != requests {
			t.Errorf("device %d got %d messages, want %d", i, n, requests)
		}
	}
	if claimed[0]+claimed[1] != devices*requests {
		t.Errorf("servers claimed %v messages, want %d in all", claimed, devices*requests)
	}
	t.Logf("messages claimed by each server: %v", claimed)
}

func TestPushGivesUpAfterMaxAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, tech, corr := newPushScene(t, s, push.Config{MaxAttempts: 2}, func(string, int) pushtest.Response { return pushtest.Response{Status: http.StatusBadGateway} })
		subscribe(t, tech, svc, "tech")

		notifyingRequest(t, s, corr)
		drainUntil(t, tech, "the message to fail", func() bool {
			return slices.Equal(deliveryStatuses(t, s), []string{push.StatusFailed})
		})
		if n := drain(t, tech); n != 0 {
			t.Errorf("a drain after the give-up claimed %d messages, want 0", n)
		}
		if n := svc.Count("/push/tech"); n != 2 {
			t.Errorf("push service got %d requests, want 2 with MaxAttempts 2", n)
		}
	})
}
