package param

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"parc/server/apierr"
)

// FuzzListParams checks the parsers of the query values of every list:
// limit, cursor, id and search text. None panics, each fails only with an
// *apierr.Error of status 400, or 422 for a limit over the maximum, and
// what they accept reads back the same.
func FuzzListParams(f *testing.F) {
	f.Fuzz(func(t *testing.T, value string) {
		checkLimit(t, value)
		checkCursor(t, value)
		checkID(t, value)
		checkSearch(t, value)
	})
}

func checkStatus(t *testing.T, what, value string, err error, statuses ...int) {
	t.Helper()
	var apiErr *apierr.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("%s(%q) error %v (%T), want an *apierr.Error", what, value, err, err)
	}
	for _, status := range statuses {
		if apiErr.Status == status && apiErr.Message.Key != "" {
			return
		}
	}
	t.Fatalf("%s(%q) error %+v, want status %v with a message", what, value, apiErr, statuses)
}

func checkLimit(t *testing.T, value string) {
	t.Helper()
	n, err := Limit(value)
	if err != nil {
		checkStatus(t, "Limit", value, err, http.StatusBadRequest, http.StatusUnprocessableEntity)
		var apiErr *apierr.Error
		errors.As(err, &apiErr)
		if tooLarge := CheckLimit(value, MaxLimit); (tooLarge != nil) != (apiErr.Status == http.StatusUnprocessableEntity) {
			t.Fatalf("Limit(%q) error %+v, but CheckLimit returns %v", value, apiErr, tooLarge)
		}
		return
	}
	if n < 1 || n > MaxLimit {
		t.Fatalf("Limit(%q) = %d, want 1 to %d", value, n, MaxLimit)
	}
}

func checkCursor(t *testing.T, value string) {
	t.Helper()
	c, err := ParseCursor(value)
	if err != nil {
		checkStatus(t, "ParseCursor", value, err, http.StatusBadRequest)
		return
	}
	if c == nil {
		if value != "" {
			t.Fatalf("ParseCursor(%q) returned no cursor and no error", value)
		}
		return
	}
	again, err := ParseCursor(c.Encode())
	if err != nil || *again != *c {
		t.Fatalf("cursor %+v of %q reads back as %+v, %v", c, value, again, err)
	}
}

func checkID(t *testing.T, value string) {
	t.Helper()
	id, err := ID(value)
	if err != nil {
		checkStatus(t, "ID", value, err, http.StatusBadRequest)
		return
	}
	if id.String() != strings.ToLower(value) {
		t.Fatalf("ID(%q) = %s, want the same UUID in lower case", value, id)
	}
}

func checkSearch(t *testing.T, value string) {
	t.Helper()
	q, err := Search(value)
	if err != nil {
		checkStatus(t, "Search", value, err, http.StatusBadRequest)
		return
	}
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > 100 || strings.IndexFunc(q, unicode.IsControl) >= 0 || q != strings.TrimSpace(q) {
		t.Fatalf("Search(%q) = %q, want trimmed valid text of at most 100 characters", value, q)
	}
}
