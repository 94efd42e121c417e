package field

import (
	"errors"
	"net/http"
	"testing"

	"parc/server/apierr"
)

func TestCheckVersion(t *testing.T) {
	stored := struct{ Version int }{3}
	three, two := 3, 2
	if err := CheckVersion(&three, 3, stored); err != nil {
		t.Errorf("same version: %v, want nil", err)
	}

	var e *apierr.Error
	err := CheckVersion(nil, 3, stored)
	if !errors.As(err, &e) || e.Status != http.StatusUnprocessableEntity || e.Fields["version"].Key != "field_required_version" {
		t.Errorf("missing version: %#v, want a 422 naming version", err)
	}

	err = CheckVersion(&two, 3, stored)
	if !errors.As(err, &e) || e.Status != http.StatusConflict || e.Code != "version_conflict" {
		t.Fatalf("older version: %#v, want the 409 version_conflict", err)
	}
	if e.Current != stored {
		t.Errorf("409 carries %v, want the stored record %v", e.Current, stored)
	}
}
