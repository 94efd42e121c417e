// Package param parses what clients put in URLs: ids, list limits, cursors
// and filters. Each parser returns an *apierr.Error with a 400 status and a
// message naming the value, so handlers can return it as it is.
package param

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"parc/server/apierr"
	"parc/server/i18n"
)

// Limits of list pages.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// ID parses a path or query value as a UUID. It accepts only the
// 36-character hyphenated form, in either case, and rejects the braced,
// URN and bare hexadecimal forms that uuid.Parse also reads.
func ID(value string) (uuid.UUID, error) {
	if len(value) != 36 {
		return uuid.Nil, apierr.BadRequest("invalid_id", "invalid_id", apierr.Quote(value))
	}
	id, err := uuid.Parse(value)
	if err != nil {
		return uuid.Nil, apierr.BadRequest("invalid_id", "invalid_id", apierr.Quote(value))
	}
	return id, nil
}

// FilterID parses an optional id filter such as ?commune=. It returns nil
// when the filter is absent.
func FilterID(name, value string) (*uuid.UUID, error) {
	if value == "" {
		return nil, nil
	}
	id, err := uuid.Parse(value)
	if err != nil || len(value) != 36 {
		return nil, apierr.BadRequest("invalid_filter", "invalid_filter_id", name, apierr.Quote(value))
	}
	return &id, nil
}

// Enum checks an optional filter against its allowed values. It returns ""
// when the filter is absent.
func Enum(name, value string, allowed []string) (string, error) {
	if value == "" || slices.Contains(allowed, value) {
		return value, nil
	}
	return "", apierr.BadRequest("invalid_filter", "invalid_enum", name, apierr.Quote(value), strings.Join(allowed, ", "))
}

// Limit parses ?limit=, DefaultLimit when absent. A limit that is not a
// whole number of at least 1 is a 400, and one over MaxLimit a 422.
func Limit(value string) (int, error) {
	if value == "" {
		return DefaultLimit, nil
	}
	if err := CheckLimit(value, MaxLimit); err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 {
		return 0, apierr.BadRequest("invalid_limit", "invalid_limit", apierr.Quote(value), MaxLimit)
	}
	return n, nil
}

// CheckLimit returns a 422 that names the member limit when value is a
// whole number over max, digits beyond the range of int included, and
// nil for any other value, which the list's own parser reads.
func CheckLimit(value string, max int) error {
	value = strings.TrimPrefix(value, "+")
	if value == "" || strings.IndexFunc(value, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return nil
	}
	n, err := strconv.Atoi(value)
	if err == nil && n <= max {
		return nil
	}
	return &apierr.Error{
		Status: http.StatusUnprocessableEntity, Code: "limit_too_large",
		Message: i18n.Msg("limit_too_large", apierr.Quote(value), max, max),
		Fields:  map[string]i18n.Message{"limit": i18n.Msg("limit_field", max)},
	}
}

// Search parses ?q=, trimmed and bounded in length. It rejects invalid
// UTF-8 and control characters, which no search needs and which
// PostgreSQL refuses in text.
func Search(value string) (string, error) {
	const maxRunes = 100
	value = strings.TrimSpace(value)
	if len([]rune(value)) > maxRunes {
		return "", apierr.BadRequest("invalid_query", "invalid_query", maxRunes)
	}
	if !utf8.ValidString(value) || strings.IndexFunc(value, unicode.IsControl) >= 0 {
		return "", apierr.BadRequest("invalid_query", "invalid_query_text")
	}
	return value, nil
}

// Cursor is the position after the last item of a page: the sort key of
// that item and its id, which breaks ties. Clients treat it as opaque.
type Cursor struct {
	Key string    `json:"k,omitempty"`
	ID  uuid.UUID `json:"i"`
}

// Encode returns the cursor's opaque text.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c) // a struct of a string and a UUID always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseCursor decodes ?cursor=. It returns nil when the cursor is absent.
func ParseCursor(value string) (*Cursor, error) {
	if value == "" {
		return nil, nil
	}
	invalid := apierr.BadRequest("invalid_cursor", "invalid_cursor", apierr.Quote(value))
	if len(value) > 512 {
		return nil, invalid
	}
	b, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil {
		return nil, invalid
	}
	var c Cursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID == uuid.Nil {
		return nil, invalid
	}
	return &c, nil
}

// Page is the JSON shape of every list: the items, the number of items that
// match the filters over all pages, and the cursor of the next page, empty
// on the last one.
type Page[T any] struct {
	Items []T    `json:"items"`
	Total int    `json:"total"`
	Next  string `json:"next"`
}
