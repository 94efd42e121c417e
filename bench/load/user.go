package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// targets are the base URLs of the servers, used in turn request by
// request, as a round-robin load balancer would.
type targets struct {
	urls []string
	next atomic.Uint64
}

func (t *targets) pick() string {
	return t.urls[t.next.Add(1)%uint64(len(t.urls))]
}

// user is one simulated technician or correspondent with its own
// session, connection pool and random source.
type user struct {
	email, role string
	client      *http.Client
	targets     *targets
	rec         *recorder
	rng         *rand.Rand

	cookie, csrf string
	tags         []string
	schoolIDs    []string
	cursor       string
	year         int
}

// action is one kind of request with its weight in a user's mix.
type action struct {
	weight int
	run    func(u *user) error
}

// Mixes of the two roles. Technicians scan labels, sync their phone and
// write work orders; correspondents file and follow requests.
var (
	technicianMix = []action{
		{35, (*user).scan}, {20, (*user).pull}, {10, (*user).pushRoom}, {5, (*user).createWorkOrder},
		{15, (*user).listRequests}, {10, (*user).report}, {5, (*user).listAssets},
	}
	correspondentMix = []action{
		{25, (*user).scan}, {25, (*user).pull}, {10, (*user).createRequest}, {30, (*user).listRequests}, {10, (*user).report},
	}
)

// do sends one request, records its latency and error under endpoint, and
// decodes a JSON response into v when v is not nil. want is the expected
// status.
func (u *user) do(endpoint, method, path string, body any, want int, v any) error {
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, u.targets.pick()+path, reader)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if u.cookie != "" {
		req.Header.Set("Cookie", u.cookie)
		req.Header.Set("X-CSRF-Token", u.csrf)
	}

	start := time.Now()
	err = u.send(req, want, v)
	u.rec.record(endpoint, time.Since(start), err)
	return err
}

func (u *user) send(req *http.Request, want int, v any) error {
	resp, err := u.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read body: %w", err)
	}
	if resp.StatusCode != want {
		return fmt.Errorf("status %d, want %d: %.200s", resp.StatusCode, want, data)
	}
	if v != nil {
		if err := json.Unmarshal(data, v); err != nil {
			return fmt.Errorf("decode %.200s: %w", data, err)
		}
	}
	if req.URL.Path == "/api/v1/session" {
		for _, c := range resp.Cookies() {
			if c.Name == "parc_session" {
				u.cookie = c.Name + "=" + c.Value
			}
		}
	}
	return nil
}

// setUp logs the user in, reads the tags and schools it may see, and
// pulls everything once as a phone does at its first sync.
func (u *user) setUp(password string) error {
	var session struct {
		CSRF string `json:"csrf_token"`
	}
	if err := u.do("POST /api/v1/session", http.MethodPost, "/api/v1/session",
		map[string]string{"email": u.email, "password": password}, http.StatusOK, &session); err != nil {
		return fmt.Errorf("log in as %s: %w", u.email, err)
	}
	u.csrf = session.CSRF

	var assets struct {
		Items []struct {
			Tag *string `json:"tag"`
		} `json:"items"`
	}
	if err := u.do("GET /api/v1/assets", http.MethodGet, "/api/v1/assets?limit=100", nil, http.StatusOK, &assets); err != nil {
		return err
	}
	for _, a := range assets.Items {
		if a.Tag != nil {
			u.tags = append(u.tags, *a.Tag)
		}
	}
	var sites struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := u.do("GET /api/v1/sites", http.MethodGet, "/api/v1/sites?kind=school&limit=100", nil, http.StatusOK, &sites); err != nil {
		return err
	}
	for _, s := range sites.Items {
		u.schoolIDs = append(u.schoolIDs, s.ID)
	}
	if len(u.tags) == 0 || len(u.schoolIDs) == 0 {
		return fmt.Errorf("%s sees %d tagged assets and %d schools, want some of each", u.email, len(u.tags), len(u.schoolIDs))
	}
	return u.pullAll()
}

// pullAll pulls every page of changes from the start.
func (u *user) pullAll() error {
	u.cursor = ""
	for range 1000 {
		page, err := u.pullPage("GET /api/v1/sync/pull (first sync)")
		if err != nil || !page.More {
			return err
		}
	}
	return fmt.Errorf("%s: more than 1000 pages at the first sync", u.email)
}

type pullPage struct {
	Cursor string `json:"cursor"`
	More   bool   `json:"more"`
}

func (u *user) pullPage(endpoint string) (pullPage, error) {
	var page pullPage
	err := u.do(endpoint, http.MethodGet, "/api/v1/sync/pull?cursor="+url.QueryEscape(u.cursor), nil, http.StatusOK, &page)
	if err == nil {
		u.cursor = page.Cursor
	}
	return page, err
}

func (u *user) scan() error {
	tag := u.tags[u.rng.IntN(len(u.tags))]
	return u.do("GET /api/v1/assets/by-tag/:tag", http.MethodGet, "/api/v1/assets/by-tag/"+tag, nil, http.StatusOK, nil)
}

func (u *user) pull() error {
	_, err := u.pullPage("GET /api/v1/sync/pull")
	return err
}

func (u *user) pushRoom() error {
	op := map[string]any{
		"id": uuid.Must(uuid.NewV7()).String(), "entity": "room", "entity_id": uuid.Must(uuid.NewV7()).String(), "action": "upsert",
		"fields": map[string]any{"site_id": u.school(), "name": "Salle charge " + uuid.NewString()[:8]},
	}
	var res struct {
		Results []struct {
			Status string `json:"status"`
		} `json:"results"`
	}
	body := map[string]any{"client_id": "load-" + u.email, "ops": []any{op}}
	if err := u.do("POST /api/v1/sync/push", http.MethodPost, "/api/v1/sync/push", body, http.StatusOK, &res); err != nil {
		return err
	}
	if len(res.Results) != 1 || res.Results[0].Status != "applied" {
		err := fmt.Errorf("push results %+v, want one applied", res.Results)
		u.rec.record("POST /api/v1/sync/push (op status)", 0, err)
		return err
	}
	return nil
}

func (u *user) createWorkOrder() error {
	body := map[string]any{"site_id": u.school(), "category": "os_repair", "notes": "Charge : poste lent"}
	return u.do("POST /api/v1/work-orders", http.MethodPost, "/api/v1/work-orders", body, http.StatusCreated, nil)
}

func (u *user) createRequest() error {
	body := map[string]any{"site_id": u.school(), "category": "os_repair", "urgency": "normal",
		"description": "Le poste du bureau ne démarre plus depuis ce matin."}
	return u.do("POST /api/v1/requests", http.MethodPost, "/api/v1/requests", body, http.StatusCreated, nil)
}

func (u *user) listRequests() error {
	return u.do("GET /api/v1/requests", http.MethodGet, "/api/v1/requests?limit=50", nil, http.StatusOK, nil)
}

func (u *user) listAssets() error {
	return u.do("GET /api/v1/assets", http.MethodGet, "/api/v1/assets?limit=50", nil, http.StatusOK, nil)
}

func (u *user) report() error {
	return u.do("GET /api/v1/reports/communes", http.MethodGet, fmt.Sprintf("/api/v1/reports/communes?year=%d", u.year), nil, http.StatusOK, nil)
}

func (u *user) school() string {
	return u.schoolIDs[u.rng.IntN(len(u.schoolIDs))]
}

// run sends requests of the user's mix, each after a random pause of 0 to
// twice think, until the deadline or maxActions.
func (u *user) run(deadline time.Time, think time.Duration, maxActions int) {
	mix := technicianMix
	if u.role != "technician" {
		mix = correspondentMix
	}
	total := 0
	for _, a := range mix {
		total += a.weight
	}
	for range maxActions {
		if think > 0 {
			time.Sleep(time.Duration(u.rng.Int64N(int64(2 * think))))
		}
		if time.Now().After(deadline) {
			return
		}
		pick := u.rng.IntN(total)
		for _, a := range mix {
			if pick < a.weight {
				a.run(u) // the recorder counts the error
				break
			}
			pick -= a.weight
		}
	}
}
