// Package apierr defines the error that HTTP handlers return when a request
// fails for a reason the client can fix. It carries the status, a stable
// code and a message key of the i18n catalogue. server/web turns it into
// the JSON error envelope in the client's language.
package apierr

import (
	"fmt"
	"net/http"
	"sort"

	"parc/server/i18n"
)

// Error is a client-facing failure. Cause, when set, is logged and never
// sent to the client.
type Error struct {
	Status  int
	Code    string
	Message i18n.Message
	// Fields maps a request field at fault to what is wrong with it.
	Fields map[string]i18n.Message
	// Current is the record as stored now, sent with a 409 so the client
	// can show what someone else changed.
	Current any
	Cause   error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %v", e.Code, e.Cause)
	}
	return e.Code
}

func (e *Error) Unwrap() error { return e.Cause }

// Describe returns the message and the fields at fault in lang, on one
// line, for a terminal.
func (e *Error) Describe(lang i18n.Lang) string {
	text := e.Message.Text(lang)
	names := make([]string, 0, len(e.Fields))
	for name := range e.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		text += " " + name + ": " + e.Fields[name].Text(lang)
	}
	return text
}

// New returns an Error with the given status and code, whose message is the
// catalogue entry named key formatted with args.
func New(status int, code, key string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: i18n.Msg(key, args...)}
}

// BadRequest reports a request that cannot be parsed, such as a malformed
// id, number or cursor.
func BadRequest(code, key string, args ...any) *Error {
	return New(http.StatusBadRequest, code, key, args...)
}

// NotFound reports an id or tag that matches nothing.
func NotFound(key string, args ...any) *Error {
	return New(http.StatusNotFound, "not_found", key, args...)
}

// Quote shortens a client-supplied value before it is echoed in a message,
// so an error never repeats a huge input.
func Quote(value string) string {
	const maxRunes = 64
	r := []rune(value)
	if len(r) > maxRunes {
		return string(r[:maxRunes]) + "…"
	}
	return value
}
