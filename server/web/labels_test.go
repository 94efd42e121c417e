package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

func registrySize(t *testing.T, s *store.Store) int {
	t.Helper()
	n, err := s.Reader.NewSelect().Model((*tags.Tag)(nil)).Count(context.Background())
	if err != nil {
		t.Fatalf("count tags: %v", err)
	}
	return int(n)
}

func TestPrintLabelsThroughTheAPI(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	f := newFixture(t, s, true)
	before := registrySize(t, s)

	r := f.do(t, http.MethodPost, "/api/v1/labels", `{"template":"avery-l7160","count":3}`)
	if r.status != 200 || !bytes.HasPrefix([]byte(r.body), []byte("%PDF-")) {
		t.Fatalf("POST /api/v1/labels: %d %q %.40s", r.status, r.header.Get("Content-Type"), r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type = %q, want application/pdf", ct)
	}
	if got := registrySize(t, s) - before; got != 3 {
		t.Errorf("the batch added %d tags to the registry, want 3", got)
	}
	first := strings.Split(r.header.Get("X-Parc-Tags"), "..")[0]
	if first == "" || !strings.Contains(r.header.Get("Content-Disposition"), first) {
		t.Errorf("X-Parc-Tags %q, Content-Disposition %q", r.header.Get("X-Parc-Tags"), r.header.Get("Content-Disposition"))
	}

	zpl := f.do(t, http.MethodPost, "/api/v1/labels", `{"template":"zebra-50x25","tags":["`+first+`"]}`)
	if zpl.status != 200 || !strings.Contains(zpl.body, "^XA") || !strings.Contains(zpl.body, first) {
		t.Errorf("ZPL reprint of %s: %d %.80s", first, zpl.status, zpl.body)
	}

	bad := []struct{ body, field string }{
		{`{"template":"nope","count":1}`, "template"},
		{`{"template":"avery-l7651","count":0}`, "count"},
		{`{"template":"avery-l7651","count":5000}`, "count"},
		{`{"template":"avery-l7651","count":1,"skip":65}`, "skip"},
		{`{"template":"avery-l7651","count":1,"format":"png"}`, "format"},
		{`{"template":"avery-l7651","tags":["BE12"]}`, "tags"},
		{`{"template":"avery-l7651","count":1,"kind":"shelf"}`, "kind"},
	}
	size := registrySize(t, s)
	for _, b := range bad {
		r := f.do(t, http.MethodPost, "/api/v1/labels", b.body)
		if r.status != 422 || !strings.Contains(r.body, `"`+b.field+`"`) {
			t.Errorf("POST /api/v1/labels %s: %d %s, want 422 naming %s", b.body, r.status, r.body, b.field)
		}
	}
	if got := registrySize(t, s); got != size {
		t.Errorf("refused batches changed the registry: %d tags, want %d", got, size)
	}
	if r := f.do(t, http.MethodPost, "/api/v1/labels", `{nope`); r.status != 400 {
		t.Errorf("malformed body: %d, want 400", r.status)
	}
}

func TestLocationLabelsOfASite(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	f := newFixture(t, s, true)
	before := registrySize(t, s)

	r := f.do(t, http.MethodPost, "/api/v1/labels", `{"template":"avery-l7160","site":"`+f.siteID.String()+`"}`)
	if r.status != 200 {
		t.Fatalf("location labels of site %s: %d %s", f.siteID, r.status, r.body)
	}
	var rooms int
	if err := s.Reader.NewSelect().Table("rooms").ColumnExpr("count(*)").Where("site_id = ?", f.siteID).Scan(context.Background(), &rooms); err != nil {
		t.Fatalf("count rooms: %v", err)
	}
	var placed []tags.Tag
	if err := s.Reader.NewSelect().Model(&placed).Where("site_id = ?", f.siteID).Scan(context.Background()); err != nil {
		t.Fatalf("location tags: %v", err)
	}
	if len(placed) != rooms+1 || registrySize(t, s)-before != rooms+1 {
		t.Errorf("%d location tags for a site of %d rooms, want one per room and one for the site", len(placed), rooms)
	}
	for _, tag := range placed {
		if tag.Kind != tags.KindLocation || tag.State != tags.StateAssigned || !strings.Contains(tag.Tag, "BEL") {
			t.Errorf("location tag %+v", tag)
		}
	}

	again := f.do(t, http.MethodPost, "/api/v1/labels", `{"template":"avery-l7160","site":"`+f.siteID.String()+`"}`)
	if again.status != 422 || !strings.Contains(again.body, "déjà") {
		t.Errorf("second batch for the same site: %d %s, want 422", again.status, again.body)
	}

	// Location tags whose check character is a letter are too wide for the
	// smallest sheet: the batch is refused and reserves nothing.
	size := registrySize(t, s)
	small := f.do(t, http.MethodPost, "/api/v1/labels", `{"template":"avery-l7651","kind":"location","count":40}`)
	if small.status != 422 || registrySize(t, s) != size {
		t.Errorf("location labels on avery-l7651: %d %s, %d tags reserved", small.status, small.body, registrySize(t, s)-size)
	}
}

func TestVoidTakesTheLabelOffItsAsset(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	f := newFixture(t, s, true)

	if r := f.do(t, http.MethodPost, "/api/v1/tags/"+f.tag+"/void", ""); r.status != 200 || !strings.Contains(r.body, `"state":"void"`) {
		t.Fatalf("void %s: %d %s", f.tag, r.status, r.body)
	}
	if r := f.get(t, "/api/v1/assets/by-tag/"+f.tag); r.status != 404 {
		t.Errorf("by-tag of a void tag: %d, want 404", r.status)
	}
	if r := f.get(t, "/api/v1/assets/"+f.assetID.String()); r.status != 200 || !strings.Contains(r.body, `"tag":null`) {
		t.Errorf("asset after its tag was voided: %d %.120s, want tag null", r.status, r.body)
	}
	if r := f.do(t, http.MethodPost, "/api/v1/tags/"+f.tag+"/void", ""); r.status != 409 {
		t.Errorf("voiding twice: %d, want 409", r.status)
	}
	if r := f.do(t, http.MethodPost, "/api/v1/labels", `{"template":"avery-l7160","tags":["`+f.tag+`"]}`); r.status != 422 {
		t.Errorf("reprint of a void tag: %d, want 422", r.status)
	}
	if r := f.do(t, http.MethodPost, "/api/v1/labels", `{"template":"avery-l7160","count":1,"format":"zpl"}`); r.status != 422 || !strings.Contains(r.body, `"format"`) {
		t.Errorf("zpl on a PDF template: %d %s, want 422 on format", r.status, r.body)
	}
	if r := f.do(t, http.MethodPost, "/api/v1/labels", `{"template":"avery-l7160","count":1,"code_2d":"aztec"}`); r.status != 422 || !strings.Contains(r.body, `"code_2d"`) {
		t.Errorf("unknown 2D code: %d %s, want 422 on code_2d", r.status, r.body)
	}
	if r := f.get(t, "/api/v1/label-templates"); !strings.Contains(r.body, `"id":"avery-l7651"`) || !strings.Contains(r.body, `"per_page":65`) {
		t.Errorf("label templates: %.200s", r.body)
	}
}
