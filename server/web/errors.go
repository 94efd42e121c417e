package web

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"parc/server/apierr"
	"parc/server/decode"
	"parc/server/i18n"
	"parc/server/store"
)

// errorBody is the JSON envelope of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	Current   any               `json:"current,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// handleError is Fiber's error handler: the one place where an error
// returned by a handler becomes a status and an envelope. The access log
// records the error with its cause; the client never sees the cause.
func (s *server) handleError(c *fiber.Ctx, err error) error {
	lang := language(c)
	rid := requestID(c)
	e := s.classify(c, err)

	body := errorBody{Error: errorDetail{
		Code:      e.Code,
		Message:   e.Message.Text(lang),
		Current:   e.Current,
		RequestID: rid,
	}}
	if len(e.Fields) > 0 {
		body.Error.Fields = make(map[string]string, len(e.Fields))
		for name, m := range e.Fields {
			body.Error.Fields[name] = m.Text(lang)
		}
	}
	return c.Status(e.Status).JSON(body)
}

// classify maps any error to an *apierr.Error.
func (s *server) classify(c *fiber.Ctx, err error) *apierr.Error {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae
	}
	if errors.Is(err, store.ErrNotFound) {
		return apierr.New(http.StatusNotFound, "not_found", "route_not_found", apierr.Quote(c.Path()))
	}

	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case http.StatusNotFound:
			return apierr.New(fe.Code, "not_found", "route_not_found", apierr.Quote(c.Path()))
		case http.StatusMethodNotAllowed:
			return apierr.New(fe.Code, "method_not_allowed", "method_not_allowed", c.Method(), apierr.Quote(c.Path()))
		case http.StatusRequestEntityTooLarge:
			// The server stopped reading a body over uploadBodyLimit,
			// before routing. Content-Length gives its size when sent.
			limit := float64(bodyLimitOf(c)) / decode.MiB
			if size := c.Request().Header.ContentLength(); size > 0 {
				return apierr.New(fe.Code, "body_too_large", "body_too_large", float64(size)/decode.MiB, limit)
			}
			return apierr.New(fe.Code, "body_too_large", "body_too_large_unknown", limit)
		case http.StatusRequestTimeout:
			// The client did not send the whole request within the read
			// timeout. The server closes the connection after this reply.
			timeout := c.App().Server().ReadTimeout
			seconds := int((timeout + time.Second - 1) / time.Second)
			return apierr.New(fe.Code, "request_timeout", "request_timeout", seconds)
		case http.StatusRequestHeaderFieldsTooLarge:
			return apierr.New(fe.Code, "request_headers_too_large", "request_headers_too_large")
		}
		if fe.Code < 500 {
			// Fiber's text may quote the raw request, its cookies and
			// CSRF token included: it goes to the log as the cause, never
			// to the client.
			e := apierr.New(fe.Code, "request_failed", "request_failed", fe.Code, http.StatusText(fe.Code))
			e.Cause = fe
			return e
		}
	}

	return &apierr.Error{
		Status:  http.StatusInternalServerError,
		Code:    "internal",
		Message: i18n.Msg("internal", requestID(c)),
		Cause:   err,
	}
}

// language picks the catalogue language from Accept-Language; French
// unless the client prefers English.
func language(c *fiber.Ctx) i18n.Lang {
	return i18n.Parse(c.AcceptsLanguages(string(i18n.French), string(i18n.English)))
}

// logLevel returns the level of the access line for a status.
func logLevel(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	default:
		return slog.LevelInfo
	}
}
