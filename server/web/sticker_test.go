package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

// visitor is someone at a school who opened a label's QR code with a
// phone, without an account.
type visitor struct {
	f      fixture
	cookie string
	ip     string
}

func (v *visitor) open(t *testing.T, path string) (int, string, http.Header) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if v.cookie != "" {
		req.Header.Set("Cookie", v.cookie)
	}
	return v.send(t, req)
}

func (v *visitor) post(t *testing.T, path string, form url.Values) (int, string, http.Header) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if v.cookie != "" {
		req.Header.Set("Cookie", v.cookie)
	}
	return v.send(t, req)
}

func (v *visitor) send(t *testing.T, req *http.Request) (int, string, http.Header) {
	t.Helper()
	req.RemoteAddr = v.ip + ":50000"
	res, err := v.f.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, c := range res.Cookies() {
		if c.Name == "parc_form" {
			v.cookie = c.Name + "=" + c.Value
		}
	}
	return res.StatusCode, string(body), res.Header
}

// formToken reads the hidden token of the page's form.
func formToken(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `name="form_token" value="`)
	token, _, ok2 := strings.Cut(rest, `"`)
	if !ok || !ok2 || token == "" {
		t.Fatalf("no form token in the page: %s", page)
	}
	return token
}

func TestStickerPageReportsAProblem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		v := &visitor{f: tech.anonymous(), ip: "192.0.2.10"}
		path := "/t/" + tech.tag

		status, page, header := v.open(t, path)
		if status != 200 || !strings.Contains(page, "Signaler un problème") || !strings.Contains(page, `<label for="description">`) {
			t.Fatalf("public page: %d %s", status, page)
		}
		if csp := header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("public page without the strict CSP: %q", csp)
		}
		if strings.Contains(page, "<script") {
			t.Errorf("the public page has a script")
		}
		token := formToken(t, page)

		// Without the token, the form is refused; empty fields are named.
		if status, _, _ := (&visitor{f: v.f, ip: v.ip}).post(t, path, url.Values{"reporter_name": {"Mme Roux"}, "description": {"écran noir"}}); status != 400 {
			t.Errorf("post without the form's cookie: %d", status)
		}
		status, page, _ = v.post(t, path, url.Values{"form_token": {token}, "reporter_name": {""}, "description": {"écran noir"}})
		if status != 422 || !strings.Contains(page, `id="reporter_name-error"`) || !strings.Contains(page, "écran noir") {
			t.Errorf("post without a name: %d %s", status, page)
		}

		status, _, header = v.post(t, path, url.Values{"form_token": {token}, "reporter_name": {"Mme Roux"}, "description": {"L'écran reste noir depuis ce matin."}})
		if status != 303 || header.Get("Location") != path+"?envoye=1" {
			t.Fatalf("valid report: %d, location %q", status, header.Get("Location"))
		}
		if _, page, _ := v.open(t, path+"?envoye=1"); !strings.Contains(page, "transmis au correspondant") {
			t.Errorf("no thanks after sending: %s", page)
		}
		// A robot that fills the hidden field is thanked and ignored.
		v.post(t, path, url.Values{"form_token": {token}, "reporter_name": {"bot"}, "description": {"spam"}, "website": {"http://spam.example"}})

		// The report reaches the commune's correspondent only.
		owner := tech.communeSlug(t, s)
		corr := tech.as(t, "correspondant-"+owner+"@demo.invalid")
		var list struct {
			Items []map[string]any `json:"items"`
		}
		json.Unmarshal([]byte(corr.get(t, "/api/v1/problem-reports?status=new").body), &list)
		if len(list.Items) != 1 || list.Items[0]["reporter_name"] != "Mme Roux" {
			t.Fatalf("correspondent's reports: %+v", list.Items)
		}
		other := "chabons"
		if owner == other {
			other = "apprieu"
		}
		if r := tech.as(t, "correspondant-"+other+"@demo.invalid").get(t, "/api/v1/problem-reports"); strings.Contains(r.body, "Mme Roux") {
			t.Errorf("another commune's correspondent sees the report")
		}

		// The correspondent turns it into a request, once.
		id := list.Items[0]["id"].(string)
		r := corr.do(t, http.MethodPost, "/api/v1/problem-reports/"+id+"/convert", `{"category":"os_repair","urgency":"blocking"}`)
		if r.status != 201 || !strings.Contains(r.body, "Mme Roux") || !strings.Contains(r.body, tech.assetID.String()) {
			t.Errorf("convert: %d %s", r.status, r.body)
		}
		if r := corr.do(t, http.MethodPost, "/api/v1/problem-reports/"+id+"/convert", `{"category":"os_repair","urgency":"blocking"}`); r.status != 409 {
			t.Errorf("second convert: %d %s", r.status, r.body)
		}
	})
}

func TestStickerPageLimits(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), true)
	v := &visitor{f: f.anonymous(), ip: "192.0.2.20"}
	path := "/t/" + f.tag

	if status, page, _ := v.open(t, "/t/BE999999X"); status != 404 || !strings.Contains(page, "aucun matériel") {
		t.Errorf("unknown tag: %d %s", status, page)
	}
	_, page, _ := v.open(t, path)
	token := formToken(t, page)
	statuses := []int{}
	for range 6 {
		status, _, _ := v.post(t, path, url.Values{"form_token": {token}, "reporter_name": {"M. Petit"}, "description": {"Souris cassée"}})
		statuses = append(statuses, status)
	}
	if statuses[4] != 303 || statuses[5] != 429 {
		t.Errorf("statuses of six reports from one address: %v, want the sixth refused", statuses)
	}

	// A signed-in user goes to the asset's screen.
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Cookie", f.cookie)
	res, err := f.app.Test(req, -1)
	if err != nil || res.StatusCode != 303 || res.Header.Get("Location") != "/assets/"+f.assetID.String() {
		t.Errorf("signed-in user: %v %d %q", err, res.StatusCode, res.Header.Get("Location"))
	}
}

// communeSlug returns the slug of the fixture asset's commune.
func (f fixture) communeSlug(t *testing.T, s *store.Store) string {
	t.Helper()
	var slug string
	if err := s.Reader.NewSelect().Table("communes").Column("slug").Where("id = ?", f.communeID).Scan(context.Background(), &slug); err != nil {
		t.Fatal(err)
	}
	return slug
}
