package field

import (
	"net/http"

	"parc/server/apierr"
	"parc/server/i18n"
)

// CheckVersion compares the version member of a PATCH with current, the
// version of the record as stored. A missing version is the 422 that
// names the member version. Another version is the 409 version_conflict,
// which carries stored so that the client can show what changed.
func CheckVersion(version *int, current int, stored any) error {
	if version == nil {
		return Faults{"version": i18n.Required("version")}.Invalid()
	}
	if *version != current {
		e := apierr.New(http.StatusConflict, "version_conflict", "version_conflict")
		e.Current = stored
		return e
	}
	return nil
}
