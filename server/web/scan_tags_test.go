package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/labels"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

// scanTags are registry tags of every state, printed for a test.
type scanTags struct {
	unassigned, void, roomTag, siteTag labels.Tag
	place                              commune
}

func printScanTags(t *testing.T, s *store.Store) scanTags {
	t.Helper()
	ctx := context.Background()
	var st scanTags
	st.place = demoCommune(t, s, "Châbons")

	_, printed, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "BE", Count: 2})
	if err != nil {
		t.Fatalf("reserve asset tags: %v", err)
	}
	st.unassigned, st.void = printed[0], printed[1]
	if _, err := tags.Void(ctx, s.DB, nil, st.void); err != nil {
		t.Fatalf("void %s: %v", st.void, err)
	}

	siteID, roomID := uuid.MustParse(st.place.siteID), uuid.MustParse(st.place.roomID)
	_, places, err := tags.Reserve(ctx, s.DB, nil, tags.Request{
		Prefix: "BE", Kind: labels.LocationTag,
		Places: []tags.Place{{SiteID: siteID, RoomID: &roomID}, {SiteID: siteID}},
	})
	if err != nil {
		t.Fatalf("reserve location tags: %v", err)
	}
	st.roomTag, st.siteTag = places[0], places[1]
	return st
}

func TestAssetByTagNotFoundCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		st := printScanTags(t, s)
		neverPrinted, _ := labels.NewAssetTag("BE", 999999)
		apprieu := sessionFor(t, f, s, "correspondant-apprieu@demo.invalid")

		cases := []struct {
			name   string
			as     fixture
			tag    string
			code   string
			phrase string
		}{
			{"unassigned", f, st.unassigned.String(), "tag_unassigned", "n'est encore sur aucun matériel"},
			{"void", f, st.void.String(), "tag_void", "annulée"},
			{"never printed", f, neverPrinted.String(), "tag_unknown", "pas été imprimée pour votre parc"},
			{"location tag", f, st.roomTag.String(), "location_tag", "étiquette de salle ou de site"},
			{"asset of another commune", apprieu, st.place.tag, "tag_unknown", "pas été imprimée pour votre parc"},
		}
		for _, c := range cases {
			r := c.as.get(t, "/api/v1/assets/by-tag/"+c.tag)
			if r.status != 404 {
				t.Errorf("%s: status %d, want 404: %s", c.name, r.status, r.body)
				continue
			}
			if r.envelop.Error.Code != c.code {
				t.Errorf("%s: code %q, want %q", c.name, r.envelop.Error.Code, c.code)
			}
			if !strings.Contains(r.envelop.Error.Message, c.phrase) {
				t.Errorf("%s: message %q lacks %q", c.name, r.envelop.Error.Message, c.phrase)
			}
		}

		if r := f.get(t, "/api/v1/assets/by-tag/"+st.place.tag); r.status != 200 {
			t.Errorf("assigned tag: status %d, want 200: %s", r.status, r.body)
		}
	})
}

func TestPlaceByTag(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		st := printScanTags(t, s)
		apprieu := sessionFor(t, f, s, "correspondant-apprieu@demo.invalid")
		chabons := sessionFor(t, f, s, "correspondant-chabons@demo.invalid")

		for _, who := range []struct {
			name string
			as   fixture
		}{{"technician", f}, {"correspondent of the commune", chabons}} {
			r := who.as.get(t, "/api/v1/places/by-tag/"+st.roomTag.String())
			if r.status != 200 {
				t.Fatalf("room tag as %s: status %d: %s", who.name, r.status, r.body)
			}
			var place struct {
				Tag    string  `json:"tag"`
				SiteID string  `json:"site_id"`
				RoomID *string `json:"room_id"`
			}
			if err := json.Unmarshal([]byte(r.body), &place); err != nil {
				t.Fatalf("decode %s: %v", r.body, err)
			}
			if place.Tag != st.roomTag.String() || place.SiteID != st.place.siteID || place.RoomID == nil || *place.RoomID != st.place.roomID {
				t.Errorf("room tag as %s: %s, want site %s and room %s", who.name, r.body, st.place.siteID, st.place.roomID)
			}
		}

		r := f.get(t, "/api/v1/places/by-tag/"+st.siteTag.String())
		want := `{"tag":"` + st.siteTag.String() + `","site_id":"` + st.place.siteID + `","room_id":null}`
		if r.status != 200 || r.body != want {
			t.Errorf("site tag: %d %s, want 200 %s", r.status, r.body, want)
		}

		neverPrinted, _ := labels.NewLocationTag("BE", 9999)
		cases := []struct {
			name string
			as   fixture
			tag  string
			code string
		}{
			{"place of another commune", apprieu, st.roomTag.String(), "tag_unknown"},
			{"site of another commune", apprieu, st.siteTag.String(), "tag_unknown"},
			{"never printed", f, neverPrinted.String(), "tag_unknown"},
			{"asset tag", f, st.place.tag, "asset_tag"},
		}
		for _, c := range cases {
			r := c.as.get(t, "/api/v1/places/by-tag/"+c.tag)
			if r.status != 404 || r.envelop.Error.Code != c.code {
				t.Errorf("%s: %d %q, want 404 %q: %s", c.name, r.status, r.envelop.Error.Code, c.code, r.body)
			}
			if strings.Contains(r.body, st.place.siteID) || strings.Contains(r.body, st.place.roomID) {
				t.Errorf("%s: the 404 reveals the place: %s", c.name, r.body)
			}
		}
		if r := f.get(t, "/api/v1/places/by-tag/bel00"); r.status != 400 {
			t.Errorf("malformed tag: status %d, want 400", r.status)
		}
	})
}

func TestSitesAndRoomsCarryTag(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, true)
		st := printScanTags(t, s)
		roomTag := `"tag":"` + st.roomTag.String() + `"`
		siteTag := `"tag":"` + st.siteTag.String() + `"`

		checks := []struct {
			path, want string
		}{
			{"/api/v1/rooms/" + st.place.roomID, roomTag},
			{"/api/v1/rooms?site=" + st.place.siteID, roomTag},
			{"/api/v1/sites/" + st.place.siteID, siteTag},
			{"/api/v1/sites?commune=" + st.place.id, siteTag},
			{"/api/v1/rooms?commune=" + st.place.id, `"tag":null`},
			{"/api/v1/sites", `"tag":null`},
		}
		for _, c := range checks {
			r := f.get(t, c.path)
			if r.status != 200 || !strings.Contains(r.body, c.want) {
				t.Errorf("GET %s: %d, body lacks %s: %.400s", c.path, r.status, c.want, r.body)
			}
		}
	})
}
