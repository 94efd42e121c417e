package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/labels"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

// apiError is the envelope of an error response, decoded.
type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
		Current map[string]any    `json:"current"`
	} `json:"error"`
}

func decodeError(t *testing.T, r response) apiError {
	t.Helper()
	var e apiError
	if err := json.Unmarshal([]byte(r.body), &e); err != nil {
		t.Fatalf("decode error body %s: %v", r.body, err)
	}
	return e
}

// record is a fleet record as the API returns it.
type record map[string]any

func decodeRecord(t *testing.T, r response) record {
	t.Helper()
	var m record
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("decode record %s: %v", r.body, err)
	}
	return m
}

func (r record) id() string { return fmt.Sprint(r["id"]) }

func (r record) version() int {
	v, _ := r["version"].(float64)
	return int(v)
}

// expect fails the test unless r has the status want.
func expect(t *testing.T, what string, r response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("%s: status %d, want %d; body %s", what, r.status, want, r.body)
	}
}

// create sends a POST that must succeed and returns the created record.
func create(t *testing.T, f fixture, collection, body string) record {
	t.Helper()
	r := f.do(t, http.MethodPost, "/api/v1/"+collection, body)
	expect(t, "create in "+collection, r, http.StatusCreated)
	return decodeRecord(t, r)
}

// patch sends a PATCH that must succeed and returns the record after it.
func patch(t *testing.T, f fixture, collection string, rec record, members string) record {
	t.Helper()
	body := fmt.Sprintf(`{"version":%d`, rec.version())
	if members != "" {
		body += "," + members
	}
	body += "}"
	r := f.do(t, http.MethodPatch, "/api/v1/"+collection+"/"+rec.id(), body)
	expect(t, "PATCH "+collection+"/"+rec.id()+" "+body, r, http.StatusOK)
	return decodeRecord(t, r)
}

// listIDs returns the ids of one page of a list.
func listIDs(t *testing.T, f fixture, path string) []string {
	t.Helper()
	r := f.get(t, path)
	expect(t, "GET "+path, r, http.StatusOK)
	var page struct {
		Items []record `json:"items"`
		Total int      `json:"total"`
	}
	if err := json.Unmarshal([]byte(r.body), &page); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	ids := make([]string, len(page.Items))
	for i, it := range page.Items {
		ids[i] = it.id()
	}
	if page.Total != len(ids) {
		t.Errorf("GET %s: total %d, %d items", path, page.Total, len(ids))
	}
	return ids
}

// hierarchy is a commune with one site, one room and two assets, one of
// them in the room, made through the API.
type hierarchy struct {
	commune, site, room, inRoom, onSite record
}

func newHierarchy(t *testing.T, f fixture, name string) hierarchy {
	t.Helper()
	var h hierarchy
	h.commune = create(t, f, "communes", `{"name":"`+name+`","allowance_minutes":600}`)
	h.site = create(t, f, "sites", `{"commune_id":"`+h.commune.id()+`","name":"École de `+name+`","kind":"school"}`)
	h.room = create(t, f, "rooms", `{"site_id":"`+h.site.id()+`","name":"Classe CM2"}`)
	h.inRoom = create(t, f, "assets", `{"site_id":"`+h.site.id()+`","room_id":"`+h.room.id()+`","kind":"pc","brand":"Dell"}`)
	h.onSite = create(t, f, "assets", `{"site_id":"`+h.site.id()+`","kind":"laptop"}`)
	return h
}

// TestFleetWritesNeedATechnician sends every fleet write as each role.
// Correspondents, even of the record's own commune, and committee members
// get 403, anonymous clients 401, and none of them changes anything. The
// technician's writes go through.
func TestFleetWritesNeedATechnician(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		own := demoCommune(t, s, "Apprieu")

		writes := []struct{ method, path, body string }{
			{http.MethodPost, "/api/v1/communes", `{"name":"Nouvelle commune"}`},
			{http.MethodPatch, "/api/v1/communes/" + own.id, `{"version":1,"name":"Apprieu-le-Haut"}`},
			{http.MethodPost, "/api/v1/sites", `{"commune_id":"` + own.id + `","name":"Gymnase","kind":"school"}`},
			{http.MethodPatch, "/api/v1/sites/" + own.siteID, `{"version":1,"address":"1 place de la Mairie"}`},
			{http.MethodPost, "/api/v1/rooms", `{"site_id":"` + own.siteID + `","name":"Salle neuve"}`},
			{http.MethodPatch, "/api/v1/rooms/" + own.roomID, `{"version":1,"name":"Salle renommée"}`},
			{http.MethodPost, "/api/v1/assets", `{"site_id":"` + own.siteID + `","kind":"pc"}`},
			{http.MethodPatch, "/api/v1/assets/" + own.assetID, `{"version":1,"notes":"Vu"}`},
		}
		rejected := map[string]struct {
			client fixture
			status int
			code   string
		}{
			"correspondent of the commune": {sessionFor(t, f, s, "correspondant-apprieu@demo.invalid"), 403, "forbidden"},
			"committee":                    {sessionFor(t, f, s, "comite@demo.invalid"), 403, "forbidden"},
			"anonymous":                    {f.anonymous(), 401, "unauthenticated"},
		}
		for who, c := range rejected {
			for _, w := range writes {
				before := auditCount(t, s)
				r := c.client.do(t, w.method, w.path, w.body)
				if r.status != c.status || r.envelop.Error.Code != c.code {
					t.Errorf("%s %s as %s: %d %s, want %d %s", w.method, w.path, who, r.status, r.envelop.Error.Code, c.status, c.code)
				}
				if got := auditCount(t, s); got != before {
					t.Errorf("%s %s as %s added %d audit entries", w.method, w.path, who, got-before)
				}
			}
		}
		if r := f.get(t, "/api/v1/communes/"+own.id); !strings.Contains(r.body, `"name":"Apprieu"`) || !strings.Contains(r.body, `"version":1`) {
			t.Errorf("a rejected write changed the commune: %s", r.body)
		}

		for _, w := range writes {
			want := http.StatusOK
			if w.method == http.MethodPost {
				want = http.StatusCreated
			}
			if r := f.do(t, w.method, w.path, w.body); r.status != want {
				t.Errorf("%s %s as the technician: %d %s, want %d", w.method, w.path, r.status, r.body, want)
			}
		}
	})
}

// TestFleetCreateAndUpdate runs the life of one record of each kind:
// creation with an id made by the client, a second creation with that id,
// an edit, an edit based on the old version, and the malformed requests.
func TestFleetCreateAndUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		communeID, siteID, roomID, assetID := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())

		cases := []struct {
			collection, notFound string
			id                   uuid.UUID
			create               string
			change, field, want  string
		}{
			{"communes", "Aucune commune", communeID,
				`{"id":"` + communeID.String() + `","name":"  Sillans  ","kind":"commune","allowance_minutes":1200,"has_server":true}`,
				`"name":"Saint-Étienne-de-Saint-Geoirs"`, "slug", "saint-etienne-de-saint-geoirs"},
			{"sites", "Aucun site", siteID,
				`{"id":"` + siteID.String() + `","commune_id":"` + communeID.String() + `","name":"Mairie de Sillans","kind":"town_hall","address":""}`,
				`"address":" 1 place de la Mairie\n38590 Sillans "`, "address", "1 place de la Mairie\n38590 Sillans"},
			{"rooms", "Aucune salle", roomID,
				`{"id":"` + roomID.String() + `","site_id":"` + siteID.String() + `","name":"Secrétariat"}`,
				`"name":"Bureau du maire"`, "name", "Bureau du maire"},
			{"assets", "Aucun matériel", assetID,
				`{"id":"` + assetID.String() + `","site_id":"` + siteID.String() + `","room_id":"` + roomID.String() + `","kind":"pc","brand":"Lenovo","model":"ThinkCentre M70q","purchase_date":"2024-09-01","warranty_end":"2027-09-01","unknown_member":1}`,
				`"status":"broken","notes":"Écran noir au démarrage."`, "status", "broken"},
		}
		for _, c := range cases {
			t.Run(c.collection, func(t *testing.T) {
				path := "/api/v1/" + c.collection

				created := create(t, f, c.collection, c.create)
				if created.id() != c.id.String() || created.version() != 1 || created["archived_at"] != nil {
					t.Errorf("created %s: %v; want id %s, version 1, archived_at null", c.collection, created, c.id)
				}
				got := f.get(t, path+"/"+c.id.String())
				if got.status != 200 || jsonOfRecord(t, got) != jsonOfRecord(t, response{body: mustJSON(t, created)}) {
					t.Errorf("GET after POST differs:\n%s\nPOST returned\n%v", got.body, created)
				}

				again := f.do(t, http.MethodPost, path, c.create)
				expect(t, "second POST with the same id", again, http.StatusConflict)
				if e := decodeError(t, again); e.Error.Code != "already_exists" || e.Error.Current["id"] != c.id.String() {
					t.Errorf("second POST: %s, want already_exists with the current record", again.body)
				}

				changed := patch(t, f, c.collection, created, c.change)
				if changed.version() != 2 || changed[c.field] != c.want {
					t.Errorf("PATCH %s: version %d, %s = %v; want version 2, %q", c.collection, changed.version(), c.field, changed[c.field], c.want)
				}
				if changed["updated_at"] == created["updated_at"] || changed["created_at"] != created["created_at"] {
					t.Errorf("PATCH %s: updated_at %v (was %v), created_at %v (was %v)", c.collection, changed["updated_at"], created["updated_at"], changed["created_at"], created["created_at"])
				}
				if got := f.get(t, path+"/"+c.id.String()); jsonOfRecord(t, got) != jsonOfRecord(t, response{body: mustJSON(t, changed)}) {
					t.Errorf("GET after PATCH differs:\n%s\nPATCH returned\n%v", got.body, changed)
				}

				before := auditCount(t, s)
				stale := f.do(t, http.MethodPatch, path+"/"+c.id.String(), `{"version":1,`+c.change+`}`)
				expect(t, "PATCH with the old version", stale, http.StatusConflict)
				if e := decodeError(t, stale); e.Error.Code != "version_conflict" || e.Error.Current["version"] != float64(2) {
					t.Errorf("stale PATCH: %s, want version_conflict with the record at version 2", stale.body)
				}

				noVersion := f.do(t, http.MethodPatch, path+"/"+c.id.String(), `{`+c.change+`}`)
				expect(t, "PATCH without version", noVersion, http.StatusUnprocessableEntity)
				if e := decodeError(t, noVersion); e.Error.Fields["version"] == "" {
					t.Errorf("PATCH without version: %s, want fields.version", noVersion.body)
				}

				unknown := uuid.Must(uuid.NewV7()).String()
				if r := f.do(t, http.MethodPatch, path+"/"+unknown, `{"version":1}`); r.status != 404 || !strings.Contains(r.body, c.notFound) {
					t.Errorf("PATCH of an unknown id: %d %s, want 404 %q", r.status, r.body, c.notFound)
				}
				if r := f.do(t, http.MethodPatch, path+"/not-a-uuid", `{"version":1}`); r.status != 400 || r.envelop.Error.Code != "invalid_id" {
					t.Errorf("PATCH of a malformed id: %d %s, want 400 invalid_id", r.status, r.body)
				}
				for _, body := range []string{`{"version":`, `[]`, `{"version":"2"}`, `not json`} {
					if r := f.do(t, http.MethodPatch, path+"/"+c.id.String(), body); r.status != 400 || r.envelop.Error.Code != "invalid_json" {
						t.Errorf("PATCH with body %s: %d %s, want 400 invalid_json", body, r.status, r.body)
					}
					if r := f.do(t, http.MethodPost, path, body); r.status != 400 {
						t.Errorf("POST with body %s: %d %s, want 400", body, r.status, r.body)
					}
				}
				if r := f.do(t, http.MethodPost, path, `{"id":"12"}`); r.status != 400 || decodeError(t, r).Error.Fields["id"] == "" {
					t.Errorf("POST with a malformed id: %d %s, want 400 naming id", r.status, r.body)
				}
				if got := auditCount(t, s); got != before {
					t.Errorf("rejected writes added %d audit entries", got-before)
				}

				if r := f.do(t, http.MethodPatch, path+"/"+c.id.String(), `{"version":2,"colour":"blue"}`); r.status != 200 {
					t.Errorf("PATCH with an unknown member: %d %s, want 200", r.status, r.body)
				}
			})
		}

		// Without an id, the server makes a UUIDv7.
		made := create(t, f, "rooms", `{"site_id":"`+siteID.String()+`","name":"Archives"}`)
		if id, err := uuid.Parse(made.id()); err != nil || id.Version() != 7 {
			t.Errorf("id made by the server: %s, want a UUIDv7", made.id())
		}
	})
}

// jsonOfRecord returns the body of r re-encoded, so that two encodings of
// one record compare equal.
func jsonOfRecord(t *testing.T, r response) string {
	t.Helper()
	return mustJSON(t, decodeRecord(t, r))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %v: %v", v, err)
	}
	return string(b)
}

// TestFleetValidation sends one request per rule and checks that the 422
// names exactly the fields at fault.
func TestFleetValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		chabons := demoCommune(t, s, "Châbons")
		apprieu := demoCommune(t, s, "Apprieu")
		h := newHierarchy(t, f, "Sillans")
		archived := newHierarchy(t, f, "Longechenal")
		for _, step := range []struct {
			collection string
			rec        record
		}{
			{"assets", archived.inRoom}, {"assets", archived.onSite}, {"rooms", archived.room},
			{"sites", archived.site}, {"communes", archived.commune},
		} {
			patch(t, f, step.collection, step.rec, `"archived":true`)
		}
		long := func(n int) string { return strings.Repeat("a", n) }
		site, room := h.site.id(), h.room.id()

		cases := []struct {
			name, method, path, body string
			fields                   []string
		}{
			{"commune without name", "POST", "communes", `{"kind":"commune"}`, []string{"name"}},
			{"commune with a blank name", "POST", "communes", `{"name":"   "}`, []string{"name"}},
			{"commune name too long", "POST", "communes", `{"name":"` + long(101) + `"}`, []string{"name"}},
			{"commune name of 100 characters", "POST", "communes", `{"name":"` + strings.Repeat("é", 100) + `"}`, nil},
			{"commune name taken, other case and accents", "POST", "communes", `{"name":"CHABONS"}`, []string{"name"}},
			{"commune name taken by an archived one", "POST", "communes", `{"name":"longechenal"}`, []string{"name"}},
			{"commune slug taken", "POST", "communes", `{"name":"Saint Didier de Bizonnes"}`, []string{"name"}},
			{"commune name without letters", "POST", "communes", `{"name":"!!!"}`, []string{"name"}},
			{"commune name with a control character", "POST", "communes", `{"name":"Sil\u0000lans"}`, []string{"name"}},
			{"commune name with a zero-width space", "POST", "communes", `{"name":"Ch\u200bâbons"}`, []string{"name"}},
			{"commune name with a soft hyphen", "POST", "communes", `{"name":"Châ\u00adbons"}`, []string{"name"}},
			{"commune name with a direction override", "POST", "communes", `{"name":"\u202eSillans"}`, []string{"name"}},
			{"commune name with a line separator", "POST", "communes", `{"name":"Sil\u2028lans"}`, []string{"name"}},
			{"commune name on two lines", "POST", "communes", `{"name":"Sil\nlans"}`, []string{"name"}},
			{"commune kind unknown", "POST", "communes", `{"name":"Izeron","kind":"city"}`, []string{"kind"}},
			{"allowance negative", "POST", "communes", `{"name":"Izeron","allowance_minutes":-1}`, []string{"allowance_minutes"}},
			{"allowance too large", "POST", "communes", `{"name":"Izeron","allowance_minutes":1000001}`, []string{"allowance_minutes"}},
			{"every commune fault at once", "POST", "communes", `{"name":"","kind":"city","allowance_minutes":-5}`, []string{"name", "kind", "allowance_minutes"}},
			{"commune renamed to a taken name", "PATCH", "communes/" + h.commune.id(), `{"version":1,"name":"Apprieu"}`, []string{"name"}},
			{"commune name null", "PATCH", "communes/" + h.commune.id(), `{"version":1,"name":null}`, []string{"name"}},

			{"site without commune", "POST", "sites", `{"name":"Gymnase","kind":"school"}`, []string{"commune_id"}},
			{"site of an unknown commune", "POST", "sites", `{"commune_id":"` + uuid.Must(uuid.NewV7()).String() + `","name":"Gymnase","kind":"school"}`, []string{"commune_id"}},
			{"site of an archived commune", "POST", "sites", `{"commune_id":"` + archived.commune.id() + `","name":"Gymnase","kind":"school"}`, []string{"commune_id"}},
			{"site name taken in its commune", "POST", "sites", `{"commune_id":"` + chabons.id + `","name":"ecole elementaire de CHABONS","kind":"school"}`, []string{"name"}},
			{"site name free in another commune", "POST", "sites", `{"commune_id":"` + apprieu.id + `","name":"École élémentaire de Châbons","kind":"school"}`, nil},
			{"site without name", "POST", "sites", `{"commune_id":"` + apprieu.id + `","kind":"school"}`, []string{"name"}},
			{"site kind unknown", "POST", "sites", `{"commune_id":"` + apprieu.id + `","name":"Gymnase","kind":"stadium"}`, []string{"kind"}},
			{"site without kind", "POST", "sites", `{"commune_id":"` + apprieu.id + `","name":"Gymnase"}`, []string{"kind"}},
			{"site address too long", "POST", "sites", `{"commune_id":"` + apprieu.id + `","name":"Gymnase","kind":"school","address":"` + long(301) + `"}`, []string{"address"}},
			{"site moved to an archived commune", "PATCH", "sites/" + h.site.id(), `{"version":1,"commune_id":"` + archived.commune.id() + `"}`, []string{"commune_id"}},

			{"room without site", "POST", "rooms", `{"name":"BCD"}`, []string{"site_id"}},
			{"room of an unknown site", "POST", "rooms", `{"site_id":"` + uuid.Must(uuid.NewV7()).String() + `","name":"BCD"}`, []string{"site_id"}},
			{"room of an archived site", "POST", "rooms", `{"site_id":"` + archived.site.id() + `","name":"BCD"}`, []string{"site_id"}},
			{"room name taken in its site", "POST", "rooms", `{"site_id":"` + site + `","name":"CLASSE cm2"}`, []string{"name"}},
			{"room without name", "POST", "rooms", `{"site_id":"` + site + `"}`, []string{"name"}},
			{"room with assets moved to another site", "PATCH", "rooms/" + room, `{"version":1,"site_id":"` + apprieu.siteID + `","name":"Salle déplacée"}`, []string{"site_id"}},

			{"asset without site", "POST", "assets", `{"kind":"pc"}`, []string{"site_id"}},
			{"asset of an unknown site", "POST", "assets", `{"site_id":"` + uuid.Must(uuid.NewV7()).String() + `","kind":"pc"}`, []string{"site_id"}},
			{"asset of an archived site", "POST", "assets", `{"site_id":"` + archived.site.id() + `","kind":"pc"}`, []string{"site_id"}},
			{"asset in a room of another site", "POST", "assets", `{"site_id":"` + site + `","room_id":"` + apprieu.roomID + `","kind":"pc"}`, []string{"room_id"}},
			{"asset in an unknown room", "POST", "assets", `{"site_id":"` + site + `","room_id":"` + uuid.Must(uuid.NewV7()).String() + `","kind":"pc"}`, []string{"room_id"}},
			{"asset without kind", "POST", "assets", `{"site_id":"` + site + `"}`, []string{"kind"}},
			{"asset kind unknown", "POST", "assets", `{"site_id":"` + site + `","kind":"toaster"}`, []string{"kind"}},
			{"asset status unknown", "POST", "assets", `{"site_id":"` + site + `","kind":"pc","status":"lost"}`, []string{"status"}},
			{"asset texts too long", "POST", "assets", `{"site_id":"` + site + `","kind":"pc","brand":"` + long(101) + `","model":"` + long(101) + `","serial":"` + long(101) + `","os":"` + long(101) + `","os_version":"` + long(101) + `"}`,
				[]string{"brand", "model", "serial", "os", "os_version"}},
			{"asset texts at their limits", "POST", "assets", `{"site_id":"` + site + `","kind":"pc","brand":"` + long(100) + `","recommended_model":"` + long(200) + `","notes":"` + long(4000) + `"}`, nil},
			{"recommended model too long", "POST", "assets", `{"site_id":"` + site + `","kind":"pc","recommended_model":"` + long(201) + `"}`, []string{"recommended_model"}},
			{"notes too long", "POST", "assets", `{"site_id":"` + site + `","kind":"pc","notes":"` + long(4001) + `"}`, []string{"notes"}},
			{"serial on two lines", "POST", "assets", `{"site_id":"` + site + `","kind":"pc","serial":"A\nB"}`, []string{"serial"}},
			{"warranty ends before the purchase", "POST", "assets", `{"site_id":"` + site + `","kind":"pc","purchase_date":"2024-09-01","warranty_end":"2024-08-31"}`, []string{"warranty_end"}},
			{"asset moved into an archived room", "PATCH", "assets/" + h.onSite.id(), `{"version":1,"site_id":"` + archived.site.id() + `","room_id":"` + archived.room.id() + `"}`, []string{"site_id", "room_id"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := auditCount(t, s)
				r := f.do(t, c.method, "/api/v1/"+c.path, c.body)
				if c.fields == nil {
					if r.status != 200 && r.status != 201 {
						t.Fatalf("%s %s: %d %s, want success", c.method, c.path, r.status, r.body)
					}
					return
				}
				if r.status != http.StatusUnprocessableEntity {
					t.Fatalf("%s %s %.300s: %d %s, want 422", c.method, c.path, c.body, r.status, r.body)
				}
				e := decodeError(t, r)
				var got []string
				for name, message := range e.Error.Fields {
					got = append(got, name)
					if message == "" || message == name {
						t.Errorf("field %s has no message: %q", name, message)
					}
				}
				slices.Sort(got)
				want := slices.Sorted(slices.Values(c.fields))
				if !slices.Equal(got, want) || e.Error.Code != "invalid_fields" {
					t.Errorf("%s %s: code %s, fields %v, want invalid_fields with %v; body %s", c.method, c.path, e.Error.Code, got, want, r.body)
				}
				if n := auditCount(t, s); n != before {
					t.Errorf("a rejected write added %d audit entries", n-before)
				}
			})
		}

		// Values that cannot be read are a 400 that names the member.
		for _, c := range []struct{ path, body, field string }{
			{"sites", `{"commune_id":"nope","name":"Gymnase","kind":"school"}`, "commune_id"},
			{"assets", `{"site_id":"` + site + `","kind":"pc","purchase_date":"2024-13-01"}`, "purchase_date"},
			{"assets", `{"site_id":"` + site + `","kind":"pc","warranty_end":"1er mars 2026"}`, "warranty_end"},
			{"assets", `{"site_id":"` + site + `","room_id":"{` + room + `}","kind":"pc"}`, "room_id"},
		} {
			r := f.do(t, http.MethodPost, "/api/v1/"+c.path, c.body)
			e := decodeError(t, r)
			if r.status != 400 || e.Error.Code != "invalid_value" || e.Error.Fields[c.field] == "" {
				t.Errorf("POST %s %s: %d %s, want 400 invalid_value naming %s", c.path, c.body, r.status, r.body, c.field)
			}
		}
		if r := f.do(t, http.MethodPost, "/api/v1/communes", `{"name":"Izeron","allowance_minutes":1.5}`); r.status != 400 {
			t.Errorf("allowance 1.5: %d %s, want 400", r.status, r.body)
		}

		// The messages are French by default, English on request, and name
		// the value at fault.
		fr := decodeError(t, f.do(t, http.MethodPost, "/api/v1/communes", `{"name":"Châbons"}`))
		en := decodeError(t, f.do(t, http.MethodPost, "/api/v1/communes", `{"name":"Châbons"}`, "Accept-Language", "en"))
		if !strings.Contains(fr.Error.Fields["name"], "La commune « Châbons » existe déjà") {
			t.Errorf("French message of a taken name: %q", fr.Error.Fields["name"])
		}
		if !strings.Contains(en.Error.Fields["name"], `Commune "Châbons" already exists`) {
			t.Errorf("English message of a taken name: %q", en.Error.Fields["name"])
		}
	})
}

// TestFleetArchiveRules archives and restores a hierarchy: a record with
// active children stays, an empty one is archived, lists hide archived
// records unless asked with archived=true, and a record comes back only
// under an active parent.
func TestFleetArchiveRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		h := newHierarchy(t, f, "Sillans")
		site := h.site.id()

		rejections := []struct {
			collection string
			rec        record
			message    string
		}{
			{"rooms", h.room, "La salle contient encore 1 matériel(s)"},
			{"sites", h.site, "Le site a encore 1 salle(s) et 2 matériel(s)"},
			{"communes", h.commune, "La commune a encore 1 site(s), 1 salle(s) et 2 matériel(s)"},
		}
		for _, c := range rejections {
			before := auditCount(t, s)
			r := f.do(t, http.MethodPatch, "/api/v1/"+c.collection+"/"+c.rec.id(), `{"version":1,"archived":true}`)
			e := decodeError(t, r)
			if r.status != 422 || !strings.Contains(e.Error.Fields["archived"], c.message) {
				t.Errorf("archive %s with children: %d %s, want 422 with %q", c.collection, r.status, r.body, c.message)
			}
			if got := auditCount(t, s); got != before {
				t.Errorf("rejected archive added %d audit entries", got-before)
			}
		}

		archivedAsset := patch(t, f, "assets", h.inRoom, `"archived":true`)
		if archivedAsset["archived_at"] == nil {
			t.Fatalf("archived asset has no archived_at: %v", archivedAsset)
		}
		if got := listIDs(t, f, "/api/v1/assets?site="+site); !slices.Equal(got, []string{h.onSite.id()}) {
			t.Errorf("active assets of the site: %v, want only %s", got, h.onSite.id())
		}
		if got := listIDs(t, f, "/api/v1/assets?archived=false&site="+site); !slices.Equal(got, []string{h.onSite.id()}) {
			t.Errorf("assets with archived=false: %v, want only %s", got, h.onSite.id())
		}
		if got := listIDs(t, f, "/api/v1/assets?archived=true&site="+site); !slices.Equal(got, []string{h.inRoom.id()}) {
			t.Errorf("archived assets of the site: %v, want only %s", got, h.inRoom.id())
		}
		if r := f.get(t, "/api/v1/assets/"+h.inRoom.id()); r.status != 200 || !strings.Contains(r.body, `"archived_at":"`) {
			t.Errorf("GET of an archived asset: %d %s, want it with archived_at", r.status, r.body)
		}
		for _, list := range []string{"communes", "sites", "rooms", "assets"} {
			if r := f.get(t, "/api/v1/"+list+"?archived=yes"); r.status != 400 || r.envelop.Error.Code != "invalid_filter" {
				t.Errorf("GET %s?archived=yes: %d %s, want 400 invalid_filter", list, r.status, r.body)
			}
		}

		room := patch(t, f, "rooms", h.room, `"archived":true`)
		if got := listIDs(t, f, "/api/v1/rooms?site="+site); len(got) != 0 {
			t.Errorf("active rooms of the site: %v, want none", got)
		}
		if got := listIDs(t, f, "/api/v1/rooms?archived=true&site="+site); !slices.Equal(got, []string{room.id()}) {
			t.Errorf("archived rooms of the site: %v, want %s", got, room.id())
		}

		// An asset comes back only once its room is back.
		r := f.do(t, http.MethodPatch, "/api/v1/assets/"+h.inRoom.id(), fmt.Sprintf(`{"version":%d,"archived":false}`, archivedAsset.version()))
		if e := decodeError(t, r); r.status != 422 || !strings.Contains(e.Error.Fields["archived"], "La salle « Classe CM2 » est archivée") {
			t.Errorf("restore an asset of an archived room: %d %s, want 422 on archived", r.status, r.body)
		}
		room = patch(t, f, "rooms", room, `"archived":false`)
		restored := patch(t, f, "assets", archivedAsset, `"archived":false`)
		if restored["archived_at"] != nil || room["archived_at"] != nil {
			t.Errorf("restored records keep archived_at: %v, %v", restored, room)
		}

		// Archived from the bottom up, the whole commune goes.
		inRoom := patch(t, f, "assets", restored, `"archived":true`)
		onSite := patch(t, f, "assets", h.onSite, `"archived":true`)
		room = patch(t, f, "rooms", room, `"archived":true`)
		archivedSite := patch(t, f, "sites", h.site, `"archived":true`)
		commune := patch(t, f, "communes", h.commune, `"archived":true`)
		if got := listIDs(t, f, "/api/v1/communes?limit=500"); slices.Contains(got, commune.id()) || len(got) != 14 {
			t.Errorf("active communes: %d, with the archived one %v; want the 14 of the demo", len(got), slices.Contains(got, commune.id()))
		}
		if got := listIDs(t, f, "/api/v1/communes?archived=true"); !slices.Equal(got, []string{commune.id()}) {
			t.Errorf("archived communes: %v, want %s", got, commune.id())
		}
		if got := listIDs(t, f, "/api/v1/sites?archived=true"); !slices.Equal(got, []string{site}) {
			t.Errorf("archived sites: %v, want %s", got, site)
		}

		// Archiving again keeps the first date; it is an update.
		again := patch(t, f, "assets", onSite, `"archived":true`)
		if again["archived_at"] != onSite["archived_at"] {
			t.Errorf("archiving twice moved archived_at from %v to %v", onSite["archived_at"], again["archived_at"])
		}

		r = f.do(t, http.MethodPatch, "/api/v1/sites/"+site, fmt.Sprintf(`{"version":%d,"archived":false}`, archivedSite.version()))
		if e := decodeError(t, r); r.status != 422 || e.Error.Fields["archived"] == "" {
			t.Errorf("restore a site of an archived commune: %d %s, want 422 on archived", r.status, r.body)
		}
		patch(t, f, "communes", commune, `"archived":false`)
		patch(t, f, "sites", archivedSite, `"archived":false`)
		patch(t, f, "rooms", room, `"archived":false`)
		patch(t, f, "assets", inRoom, `"archived":false`)

		actions := auditActions(t, f, "asset", h.inRoom.id())
		want := []string{"create", "archive", "restore", "archive", "restore"}
		if !slices.Equal(actions, want) {
			t.Errorf("audit actions of the asset: %v, want %v", actions, want)
		}
		if got := auditActions(t, f, "asset", h.onSite.id()); !slices.Equal(got, []string{"create", "archive", "update"}) {
			t.Errorf("audit actions of the second asset: %v", got)
		}
	})
}

// TestFleetMoves moves an asset, a site and a room, and checks that what
// depends on them follows: the commune of the asset, its room, and the
// location tag of the room.
func TestFleetMoves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		h := newHierarchy(t, f, "Sillans")
		apprieu := demoCommune(t, s, "Apprieu")

		// An asset moved to another site without room_id leaves its room,
		// and its commune follows the site's.
		moved := patch(t, f, "assets", h.inRoom, `"site_id":"`+apprieu.siteID+`"`)
		if moved["room_id"] != nil || moved["commune_id"] != apprieu.id || moved["site_id"] != apprieu.siteID {
			t.Errorf("moved asset: room %v, commune %v, site %v; want no room, Apprieu", moved["room_id"], moved["commune_id"], moved["site_id"])
		}
		moved = patch(t, f, "assets", moved, `"room_id":"`+apprieu.roomID+`"`)
		if moved["room_id"] != apprieu.roomID {
			t.Errorf("asset put in a room: %v", moved["room_id"])
		}

		// A site moved to another commune takes its rooms and assets along.
		other := create(t, f, "communes", `{"name":"Izeron"}`)
		site := patch(t, f, "sites", h.site, `"commune_id":"`+other.id()+`"`)
		if site["commune_id"] != other.id() {
			t.Errorf("moved site: commune %v, want %s", site["commune_id"], other.id())
		}
		if r := decodeRecord(t, f.get(t, "/api/v1/assets/"+h.onSite.id())); r["commune_id"] != other.id() {
			t.Errorf("asset of the moved site: commune %v, want %s", r["commune_id"], other.id())
		}
		if r := decodeRecord(t, f.get(t, "/api/v1/rooms/"+h.room.id())); r["commune_id"] != other.id() {
			t.Errorf("room of the moved site: commune %v, want %s", r["commune_id"], other.id())
		}

		// An empty room moves to another site with its location tag.
		ctx := context.Background()
		siteID, roomID := uuid.MustParse(h.site.id()), uuid.MustParse(h.room.id())
		_, printed, err := tags.Reserve(ctx, s.DB, nil, tags.Request{
			Prefix: "BE", Kind: labels.LocationTag, Places: []tags.Place{{SiteID: siteID, RoomID: &roomID}},
		})
		if err != nil {
			t.Fatalf("reserve a location tag: %v", err)
		}
		room := patch(t, f, "rooms", h.room, `"site_id":"`+apprieu.siteID+`","name":"Salle venue de Sillans"`)
		if room["site_id"] != apprieu.siteID || room["commune_id"] != apprieu.id {
			t.Errorf("moved room: site %v, commune %v", room["site_id"], room["commune_id"])
		}
		var row tags.Tag
		if err := s.Reader.NewSelect().Model(&row).Where("tag = ?", printed[0].String()).Scan(ctx); err != nil {
			t.Fatalf("registry row of %s: %v", printed[0], err)
		}
		if row.SiteID == nil || row.SiteID.String() != apprieu.siteID {
			t.Errorf("location tag of the moved room names site %v, want %s", row.SiteID, apprieu.siteID)
		}
	})
}

// registryRow returns the registry's row of tag.
func registryRow(t *testing.T, s *store.Store, tag string) tags.Tag {
	t.Helper()
	var row tags.Tag
	if err := s.Reader.NewSelect().Model(&row).Where("tag = ?", tag).Scan(context.Background()); err != nil {
		t.Fatalf("registry row of %s: %v", tag, err)
	}
	return row
}

// TestAssetTagAssignment puts tags on assets and takes them off. Only an
// unassigned tag of the registry, or the asset's own, is accepted. The
// registry follows in the same transaction, and a scan by tag returns
// each change at once.
func TestAssetTagAssignment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		ctx := context.Background()
		h := newHierarchy(t, f, "Sillans")
		site := h.site.id()

		_, reserved, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "BE", Count: 3})
		if err != nil {
			t.Fatalf("reserve tags: %v", err)
		}
		first, second, lost := reserved[0].String(), reserved[1].String(), reserved[2].String()
		if _, err := tags.Void(ctx, s.DB, nil, reserved[2]); err != nil {
			t.Fatalf("void %s: %v", lost, err)
		}
		never, _ := labels.NewAssetTag("BE", 999999)
		location, _ := labels.NewLocationTag("BE", 4242)
		wrongCheck := first[:len(first)-1] + flipCheck(first[len(first)-1])

		// An unassigned tag, typed in lower case with spaces, goes on a new
		// asset and is assigned to it in the registry.
		asset := create(t, f, "assets", `{"site_id":"`+site+`","kind":"pc","tag":"  `+strings.ToLower(first)+` "}`)
		if asset["tag"] != first {
			t.Fatalf("tag of the new asset: %v, want %s", asset["tag"], first)
		}
		if row := registryRow(t, s, first); row.State != tags.StateAssigned || row.AssetID == nil || row.AssetID.String() != asset.id() {
			t.Errorf("registry row of %s: %s, asset %v; want assigned to %s", first, row.State, row.AssetID, asset.id())
		}

		rejected := []struct{ name, tag, message string }{
			{"tag of another asset", first, "déjà attribuée au matériel " + asset.id()},
			{"tag of a demo asset", f.tag, "déjà attribuée au matériel " + f.assetID.String()},
			{"wrong check character", wrongCheck, "caractère de contrôle"},
			{"void tag", lost, "annulée"},
			{"tag never printed", never.String(), "jamais été imprimée"},
			{"location tag", location.String(), "étiquette de salle ou de site"},
			{"malformed tag", "BE12", "longueur"},
		}
		for _, c := range rejected {
			before := auditCount(t, s)
			r := f.do(t, http.MethodPatch, "/api/v1/assets/"+h.onSite.id(), `{"version":1,"tag":"`+c.tag+`"}`)
			e := decodeError(t, r)
			if r.status != 422 || !strings.Contains(e.Error.Fields["tag"], c.message) || len(e.Error.Fields) != 1 {
				t.Errorf("%s: %d %s, want 422 on tag with %q", c.name, r.status, r.body, c.message)
			}
			if got := auditCount(t, s); got != before {
				t.Errorf("%s: rejected write added %d audit entries", c.name, got-before)
			}
		}
		if row := registryRow(t, s, first); row.AssetID == nil || row.AssetID.String() != asset.id() {
			t.Errorf("rejected writes moved %s to asset %v", first, row.AssetID)
		}

		// A scan reads the asset; after each change it reads the change,
		// though the first read filled the cache.
		scan := func(tag string) response { return f.get(t, "/api/v1/assets/by-tag/"+tag) }
		if r := scan(first); r.status != 200 || !strings.Contains(r.body, asset.id()) {
			t.Fatalf("scan of %s: %d %s", first, r.status, r.body)
		}
		asset = patch(t, f, "assets", asset, `"model":"OptiPlex 7010"`)
		if r := scan(first); !strings.Contains(r.body, `"model":"OptiPlex 7010"`) || !strings.Contains(r.body, `"version":2`) {
			t.Errorf("scan after the model changed: %s", r.body)
		}

		// A new label replaces the old one, which is unassigned again.
		asset = patch(t, f, "assets", asset, `"tag":"`+second+`"`)
		if asset["tag"] != second {
			t.Errorf("tag after the replacement: %v", asset["tag"])
		}
		if row := registryRow(t, s, first); row.State != tags.StateUnassigned || row.AssetID != nil {
			t.Errorf("replaced tag %s: %s, asset %v; want unassigned", first, row.State, row.AssetID)
		}
		if row := registryRow(t, s, second); row.State != tags.StateAssigned || row.AssetID == nil || row.AssetID.String() != asset.id() {
			t.Errorf("new tag %s: %s, asset %v; want assigned to %s", second, row.State, row.AssetID, asset.id())
		}
		if r := scan(first); r.status != 404 {
			t.Errorf("scan of the replaced tag: %d %s, want 404", r.status, r.body)
		}
		if r := scan(second); r.status != 200 || !strings.Contains(r.body, asset.id()) {
			t.Errorf("scan of the new tag: %d %s", r.status, r.body)
		}

		// Resending the asset's own tag changes nothing in the registry.
		asset = patch(t, f, "assets", asset, `"tag":"`+second+`","notes":"Étiquette vérifiée"`)
		if row := registryRow(t, s, second); row.AssetID == nil || row.AssetID.String() != asset.id() {
			t.Errorf("own tag resent: registry row %+v", row)
		}

		// The freed tag goes on another asset; null takes a tag off.
		other := patch(t, f, "assets", h.onSite, `"tag":"`+first+`"`)
		if row := registryRow(t, s, first); row.AssetID == nil || row.AssetID.String() != other.id() {
			t.Errorf("freed tag %s on another asset: registry says %v", first, row.AssetID)
		}
		asset = patch(t, f, "assets", asset, `"tag":null`)
		if asset["tag"] != nil {
			t.Errorf("tag after null: %v", asset["tag"])
		}
		if row := registryRow(t, s, second); row.State != tags.StateUnassigned || row.AssetID != nil {
			t.Errorf("tag taken off: %s, asset %v; want unassigned", row.State, row.AssetID)
		}
		if r := scan(second); r.status != 404 {
			t.Errorf("scan of a tag taken off: %d, want 404", r.status)
		}

		// A label printed under an earlier prefix still goes on an asset.
		_, older, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "XY", Count: 1})
		if err != nil {
			t.Fatalf("reserve a tag of prefix XY: %v", err)
		}
		asset = patch(t, f, "assets", asset, `"tag":"`+older[0].String()+`"`)
		if asset["tag"] != older[0].String() {
			t.Errorf("tag of an earlier prefix: %v, want %s", asset["tag"], older[0])
		}
	})
}

// TestFleetWritesLogIDsOnly checks that each write logs one line with the
// ids involved, and never the names sent.
func TestFleetWritesLogIDsOnly(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	logged, buf := loggedFixture(t, s)
	f := sessionFor(t, logged, s, "technicien@demo.invalid")

	commune := create(t, f, "communes", `{"name":"Commune Secrète"}`)
	site := create(t, f, "sites", `{"commune_id":"`+commune.id()+`","name":"École Cachée","kind":"school","address":"3 rue Discrète"}`)
	room := create(t, f, "rooms", `{"site_id":"`+site.id()+`","name":"Salle Confidentielle"}`)
	asset := create(t, f, "assets", `{"site_id":"`+site.id()+`","kind":"pc","notes":"Note privée"}`)
	patch(t, f, "communes", commune, `"name":"Commune Renommée"`)
	patch(t, f, "assets", asset, `"archived":true`)

	out := buf.String()
	for _, want := range []string{
		`msg="commune created" commune_id=` + commune.id(),
		`msg="site created" site_id=` + site.id(),
		`msg="room created" room_id=` + room.id(),
		`msg="asset created" asset_id=` + asset.id(),
		`msg="commune updated" commune_id=` + commune.id(),
		`msg="asset archived" asset_id=` + asset.id(),
	} {
		if strings.Count(out, want) != 1 {
			t.Errorf("log has %d lines with %q, want 1:\n%s", strings.Count(out, want), want, out)
		}
	}
	for _, secret := range []string{"Secrète", "Cachée", "Discrète", "Confidentielle", "privée", "Renommée"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
}

// auditActions returns the actions of the audit entries of one record,
// oldest first.
func auditActions(t *testing.T, f fixture, entity, id string) []string {
	t.Helper()
	r := f.get(t, "/api/v1/audit?entity="+entity+"&id="+id)
	expect(t, "audit of "+entity+" "+id, r, 200)
	var entries struct {
		Items []struct {
			Action string `json:"action"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.body), &entries); err != nil {
		t.Fatalf("decode audit entries: %v", err)
	}
	actions := make([]string, len(entries.Items))
	for i, e := range entries.Items {
		actions[i] = e.Action
	}
	return actions
}
