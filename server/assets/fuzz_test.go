package assets

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/uuid"

	"parc/server/apierr"
)

// FuzzAssetFields checks the reading of the fields of a pushed asset
// operation, which are also the body of the asset REST writes. The
// decoding, the copy to the asset and the checks that need no database
// never panic, and fail only with an *apierr.Error naming the members at
// fault. Applying the same members twice changes nothing more, and an
// asset that passes the checks reads back the same from its own JSON.
func FuzzAssetFields(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw []byte) {
		var req AssetRequest
		if err := decodeFields(raw, &req); err != nil {
			checkFieldsError(t, raw, err, http.StatusBadRequest)
			return
		}
		var a Asset
		if err := req.apply(&a); err != nil {
			checkFieldsError(t, raw, err, http.StatusBadRequest)
			return
		}
		twice := a
		if err := req.apply(&twice); err != nil || !reflect.DeepEqual(twice, a) {
			t.Fatalf("fields %q applied twice give %+v, %v, want %+v", raw, twice, err, a)
		}

		bad := faults{}
		checkAssetFields(&a, bad)
		if err := bad.invalid(); err != nil {
			checkFieldsError(t, raw, err, http.StatusUnprocessableEntity)
			return
		}
		checkCleanText(t, raw, a)
		checkAssetRoundTrip(t, raw, a)
	})
}

// assetMembers are the members of an asset body that may be at fault.
var assetMembers = []string{
	"id", "version", "site_id", "room_id", "tag", "kind", "brand", "model", "serial", "os", "os_version",
	"purchase_date", "warranty_end", "status", "recommended_model", "notes",
}

// checkFieldsError fails t unless err is an *apierr.Error of status that
// names only members of an asset body, each with a message.
func checkFieldsError(t *testing.T, raw []byte, err error, status int) {
	t.Helper()
	var apiErr *apierr.Error
	if !errors.As(err, &apiErr) || apiErr.Status != status {
		t.Fatalf("fields %q: error %v (%T), want an *apierr.Error with status %d", raw, err, err, status)
	}
	for name, m := range apiErr.Fields {
		if !contains(assetMembers, name) || m.Key == "" {
			t.Fatalf("fields %q: fault %q %+v, want a member of the asset body with a message", raw, name, m)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// checkCleanText fails t unless every text of a is trimmed valid UTF-8.
func checkCleanText(t *testing.T, raw []byte, a Asset) {
	t.Helper()
	for _, text := range []string{a.Kind, a.Brand, a.Model, a.Serial, a.OS, a.OSVersion, a.Status, a.RecommendedModel, a.Notes} {
		if !utf8.ValidString(text) || strings.TrimSpace(text) != text {
			t.Fatalf("fields %q: accepted text %q, want trimmed valid UTF-8", raw, text)
		}
	}
}

// checkAssetRoundTrip fails t unless the members of a's JSON, applied to
// an empty asset, give a again.
func checkAssetRoundTrip(t *testing.T, raw []byte, a Asset) {
	t.Helper()
	encoded, err := json.Marshal(a)
	if err != nil {
		t.Fatalf("fields %q: encode %+v: %v", raw, a, err)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(encoded, &members); err != nil {
		t.Fatalf("fields %q: decode %s: %v", raw, encoded, err)
	}
	if a.SiteID == uuid.Nil {
		delete(members, "site_id") // a body leaves out the site it does not move
	}
	encoded, _ = json.Marshal(members)

	var req AssetRequest
	var again Asset
	if err := decodeFields(encoded, &req); err != nil {
		t.Fatalf("fields %q: decode the asset's JSON %s: %v", raw, encoded, err)
	}
	if err := req.apply(&again); err != nil {
		t.Fatalf("fields %q: apply the asset's JSON %s: %v", raw, encoded, err)
	}
	if !reflect.DeepEqual(again, a) {
		t.Fatalf("fields %q: the asset's JSON %s reads back as %+v, want %+v", raw, encoded, again, a)
	}
}
