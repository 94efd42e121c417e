package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

// multipartFile returns a form body with the file under "file" and its
// content type.
func multipartFile(t *testing.T, name, content string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := part.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), w.FormDataContentType()
}

func TestImportEndpoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		file := "Commune;Site;Salle;Marque;Modèle;N° de série;Système;Date d'achat\n" +
			"Apprieu;Mairie d'Apprieu;Salle du conseil;Dell;OptiPlex 7010;IMP-1;Win 10;15/09/2019\n" +
			"Bévenais;Mairie de Bévenais;Accueil;HP;ProDesk;IMP-2;XP;2008\n" +
			"Apprieu;Mairie d'Apprieu;Salle du conseil;Dell;OptiPlex 7010;IMP-3;Seven;13/2019\n"
		body, contentType := multipartFile(t, "inventaire.csv", file)

		r := tech.do(t, http.MethodPost, "/api/v1/import/assets?dry_run=true", body, "Content-Type", contentType)
		if r.status != http.StatusOK {
			t.Fatalf("dry run: %d %s", r.status, r.body)
		}
		var report struct {
			Written bool `json:"written"`
			Lines   []struct {
				Line   int    `json:"line"`
				Action string `json:"action"`
				Errors []struct {
					Field, Message string
				} `json:"errors"`
			} `json:"lines"`
		}
		if err := json.Unmarshal([]byte(r.body), &report); err != nil {
			t.Fatal(err)
		}
		if report.Written || len(report.Lines) != 3 {
			t.Fatalf("dry run report: %s", r.body)
		}
		if l := report.Lines[1]; l.Line != 3 || l.Action != "error" || !strings.Contains(l.Errors[0].Message, "Bévenais") {
			t.Errorf("line 3 of the report = %+v, want the unknown commune Bévenais", l)
		}
		if l := report.Lines[2]; l.Line != 4 || !strings.Contains(r.body, "13/2019") {
			t.Errorf("line 4 of the report = %+v, want the unreadable date 13/2019", l)
		}

		r = tech.do(t, http.MethodPost, "/api/v1/import/assets", body, "Content-Type", contentType)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"current":{`) || !strings.Contains(r.body, `"written":false`) {
			t.Errorf("import with faults: %d %s, want 422 with nothing written", r.status, r.body)
		}

		csvBody := "commune,site,salle,marque,numéro de série\nApprieu,Mairie d'Apprieu,Salle du conseil,Dell,IMP-1\n"
		r = tech.do(t, http.MethodPost, "/api/v1/import/assets", csvBody, "Content-Type", "text/csv")
		if r.status != http.StatusOK || !strings.Contains(r.body, `"created":1`) {
			t.Errorf("text/csv import: %d %s, want 1 created", r.status, r.body)
		}

		big := strings.Repeat("x", 9<<20)
		r = tech.do(t, http.MethodPost, "/api/v1/import/assets", big, "Content-Type", "text/csv")
		if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.envelop.Error.Message, "8 Mio") {
			t.Errorf("9 MiB file: %d %q, want 413 naming the 8 MiB limit", r.status, r.envelop.Error.Message)
		}

		if r := tech.do(t, http.MethodPost, "/api/v1/import/assets?allow_partial=peut-être", csvBody, "Content-Type", "text/csv"); r.status != http.StatusBadRequest || !strings.Contains(r.envelop.Error.Message, "allow_partial") {
			t.Errorf("allow_partial=peut-être: %d %q, want 400 naming the parameter", r.status, r.envelop.Error.Message)
		}

		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		if r := corr.do(t, http.MethodPost, "/api/v1/import/assets", csvBody, "Content-Type", "text/csv"); r.status != http.StatusForbidden {
			t.Errorf("correspondent import: %d, want 403", r.status)
		}
	})
}

func TestExportEndpointsScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		committee := tech.as(t, "comite@demo.invalid")

		r := corr.get(t, "/api/v1/export/assets.csv?sep=;")
		if r.status != http.StatusOK || !strings.HasPrefix(r.body, "\uFEFFÉtiquette;Type;Commune") {
			t.Fatalf("correspondent export: %d %.200s", r.status, r.body)
		}
		if !strings.Contains(r.body, ";Apprieu;") || strings.Contains(r.body, "Châbons") {
			t.Errorf("correspondent of Apprieu export holds other communes or misses Apprieu")
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("content type %q, want text/csv", ct)
		}
		for _, path := range []string{"/api/v1/export/assets.csv", "/api/v1/export/work-orders.csv", "/api/v1/export/time-entries.csv"} {
			if r := committee.get(t, path); r.status != http.StatusOK || !strings.HasPrefix(r.body, "\uFEFF") {
				t.Errorf("committee %s: %d", path, r.status)
			}
		}
		if r := tech.get(t, "/api/v1/export/assets.csv?sep=tab"); r.status != http.StatusBadRequest || !strings.Contains(r.envelop.Error.Message, "tab") {
			t.Errorf("separator tab: %d %q, want 400 naming it", r.status, r.envelop.Error.Message)
		}
	})
}

func TestCalendarTokenRenewal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		if r := tech.get(t, "/api/v1/me/ics-token"); r.status != http.StatusOK || !strings.Contains(r.body, `"exists":false`) {
			t.Fatalf("token before renewal: %d %s", r.status, r.body)
		}

		first := renewFeed(t, tech)
		if r := tech.get(t, "/api/v1/me/ics-token"); !strings.Contains(r.body, `"exists":true`) || strings.Contains(r.body, "/ics/") {
			t.Errorf("token state %s, want it to exist without its URL", r.body)
		}
		feed := tech.anonymous().get(t, first)
		if feed.status != http.StatusOK || !strings.HasPrefix(feed.body, "BEGIN:VCALENDAR\r\n") {
			t.Fatalf("feed: %d %.200s", feed.status, feed.body)
		}
		if ct := feed.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
			t.Errorf("feed content type %q", ct)
		}

		second := renewFeed(t, tech)
		if second == first {
			t.Fatal("renewal kept the same URL")
		}
		if r := tech.anonymous().get(t, first); r.status != http.StatusNotFound {
			t.Errorf("old feed URL after renewal: %d, want 404", r.status)
		}
		if r := tech.anonymous().get(t, second); r.status != http.StatusOK {
			t.Errorf("new feed URL: %d", r.status)
		}
		if r := tech.anonymous().get(t, "/ics/not-a-token.ics"); r.status != http.StatusNotFound {
			t.Errorf("unknown token: %d, want 404", r.status)
		}
	})
}

// renewFeed renews the user's feed and returns its path.
func renewFeed(t *testing.T, f fixture) string {
	t.Helper()
	r := f.do(t, http.MethodPost, "/api/v1/me/ics-token", "{}")
	if r.status != http.StatusCreated {
		t.Fatalf("renew: %d %s", r.status, r.body)
	}
	var state struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal([]byte(r.body), &state); err != nil {
		t.Fatal(err)
	}
	i := strings.Index(state.URL, "/ics/")
	if i < 0 || !strings.HasSuffix(state.URL, ".ics") || len(state.URL)-i < 40 {
		t.Fatalf("feed URL %q", state.URL)
	}
	return state.URL[i:]
}
