package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

// photoIDs returns the photo_ids of a request's JSON.
func photoIDs(rec map[string]any) []string {
	var ids []string
	list, _ := rec["photo_ids"].([]any)
	for _, id := range list {
		ids = append(ids, fmt.Sprint(id))
	}
	return ids
}

func TestRequestPhotos(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")
		first := uploaded(t, apprieu, "photo", "ecran.jpg", testPhoto(t, 64, 48))
		second := uploaded(t, apprieu, "photo", "cable.jpg", testPhoto(t, 48, 64))

		// A request without photos has an empty list, never null.
		bare := create(t, apprieu, "requests", requestBody(school, "os_repair", ""))
		if ids, ok := bare["photo_ids"].([]any); !ok || len(ids) != 0 {
			t.Errorf("photo_ids of a request without photos: %#v", bare["photo_ids"])
		}

		req := create(t, apprieu, "requests", requestBody(school, "os_repair", `,"photo_ids":["`+first.id()+`","`+first.id()+`"]`))
		if got := photoIDs(req); len(got) != 1 || got[0] != first.id() {
			t.Errorf("photo_ids at creation, the same photo twice: %v", got)
		}

		// Once the request is planned, its correspondent still adds
		// photos, and changes nothing else.
		req = patch(t, tech, "requests", req, `"status":"planned","planned_for":"2026-12-20"`)
		req = patch(t, apprieu, "requests", req, `"photo_ids":["`+first.id()+`","`+second.id()+`"]`)
		if got := photoIDs(req); strings.Join(got, ",") != first.id()+","+second.id() {
			t.Errorf("photo_ids after adding one: %v, want the order of attachment", got)
		}
		if r := apprieu.get(t, "/api/v1/requests/"+req.id()); strings.Join(photoIDs(decodeRecord(t, r)), ",") != first.id()+","+second.id() {
			t.Errorf("GET request: %s", r.body)
		}
		both := fmt.Sprintf(`{"version":%d,"photo_ids":["%s"],"description":"Autre chose"}`, req.version(), second.id())
		if r := apprieu.do(t, http.MethodPatch, "/api/v1/requests/"+req.id(), both); r.status != http.StatusForbidden {
			t.Errorf("photos and description of a planned request by its correspondent: %d %s", r.status, r.body)
		}

		// A signature is not a photo, and a request takes 10 photos.
		sig := uploaded(t, tech, "signature", "s.png", testSignature(t, 300, 100))
		r := tech.do(t, http.MethodPatch, "/api/v1/requests/"+req.id(), fmt.Sprintf(`{"version":%d,"photo_ids":["%s"]}`, req.version(), sig.id()))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(decodeError(t, r).Error.Fields["photo_ids"], "« signature »") {
			t.Errorf("a signature as a photo: %d %s", r.status, r.body)
		}
		var many []string
		for i := range 11 {
			many = append(many, uploaded(t, apprieu, "photo", fmt.Sprintf("p%d.jpg", i), testPhoto(t, 16, 16)).id())
		}
		r = apprieu.do(t, http.MethodPatch, "/api/v1/requests/"+req.id(), fmt.Sprintf(`{"version":%d,"photo_ids":["%s"]}`, req.version(), strings.Join(many, `","`)))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(decodeError(t, r).Error.Fields["photo_ids"], "11 photos, mais 10 au plus") {
			t.Errorf("11 photos: %d %s", r.status, r.body)
		}
		if r := apprieu.do(t, http.MethodPatch, "/api/v1/requests/"+req.id(), fmt.Sprintf(`{"version":%d,"photo_ids":["nope"]}`, req.version())); r.status != http.StatusBadRequest {
			t.Errorf("a malformed photo id: %d %s", r.status, r.body)
		}

		// Removing a photo takes it off the request: the technician no
		// longer reads it, its uploader still does.
		req = patch(t, apprieu, "requests", req, `"photo_ids":["`+second.id()+`"]`)
		if got := photoIDs(req); len(got) != 1 || got[0] != second.id() {
			t.Errorf("photo_ids after removing one: %v", got)
		}
		if r := tech.get(t, "/api/v1/files/"+first.id()); r.status != http.StatusNotFound {
			t.Errorf("removed photo read by the technician: %d", r.status)
		}
		if r := apprieu.get(t, "/api/v1/files/"+first.id()); r.status != http.StatusOK {
			t.Errorf("removed photo read by its uploader: %d", r.status)
		}

		// Devices pull the photo ids with the request; a done request
		// takes no more from its correspondent.
		rep := replica{}
		apprieu.pullAll(t, rep, "", 1000)
		if pulled := rep["request"][req.id()]; fmt.Sprint(pulled.Fields["photo_ids"]) != "["+second.id()+"]" {
			t.Errorf("pulled request: %v", pulled.Fields)
		}
		req = patch(t, tech, "requests", req, `"status":"in_progress"`)
		req = patch(t, tech, "requests", req, `"status":"done"`)
		r = apprieu.do(t, http.MethodPatch, "/api/v1/requests/"+req.id(), fmt.Sprintf(`{"version":%d,"photo_ids":[]}`, req.version()))
		if r.status != http.StatusForbidden {
			t.Errorf("photos of a done request by its correspondent: %d %s", r.status, r.body)
		}
	})
}
