package push

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"parc/server/i18n"
)

// Payload is the JSON that the service worker receives in its push event
// and that e-mails are written from.
type Payload struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	// URL is the path of the app's screen to open, such as
	// "/requests/{id}".
	URL string `json:"url"`
	// Tag groups the notifications of one record, so that a newer one
	// replaces the one before on the device.
	Tag string `json:"tag"`
}

// maxDetail bounds the description or reason quoted in a body, in
// characters, which keeps every payload well under MaxPayload.
const maxDetail = 140

// render returns the payload of ev for a user whose language is lang.
func render(ev Event, place, lang string) ([]byte, error) {
	l := i18n.Parse(lang)
	detail := shorten(strings.Join(strings.Fields(ev.Detail), " "), maxDetail)
	day := formatDay(ev.Day, l)

	titleKey, bodyKey := "push_"+ev.Kind+"_title", "push_"+ev.Kind+"_body"
	var args []any
	switch ev.Kind {
	case EventRequestCreated:
		if ev.Blocking {
			titleKey = "push_request_created_blocking_title"
		}
		args = []any{place, detail}
	case EventRequestPlanned:
		if day == "" {
			bodyKey = "push_request_planned_undated_body"
			args = []any{place}
		} else {
			args = []any{place, day}
		}
	case EventRequestRefused:
		args = []any{place, detail}
	case EventLoanOverdue:
		args = []any{place, detail, day}
	case EventVisitPlanned:
		args = []any{place, day}
	default:
		args = []any{place}
	}

	p := Payload{
		Title: i18n.Msg(titleKey).Text(l),
		Body:  i18n.Msg(bodyKey, args...).Text(l),
		URL:   pathOf(ev),
		Tag:   tagOf(ev),
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode notification payload: %w", err)
	}
	if len(b) > MaxPayload {
		return nil, fmt.Errorf("notification payload of %d bytes is over the %d-byte limit", len(b), MaxPayload)
	}
	return b, nil
}

// pathOf returns the path of the app's screen that shows ev's record.
// The loans screen lists loans without a page for each.
func pathOf(ev Event) string {
	switch ev.Kind {
	case EventLoanOverdue:
		return "/loans"
	case EventVisitPlanned:
		return "/maintenance/visits/" + ev.EntityID.String()
	default:
		return "/requests/" + ev.EntityID.String()
	}
}

// tagOf returns the notification tag of ev's record.
func tagOf(ev Event) string {
	switch ev.Kind {
	case EventLoanOverdue:
		return "loan-" + ev.EntityID.String()
	case EventVisitPlanned:
		return "visit-" + ev.EntityID.String()
	default:
		return "request-" + ev.EntityID.String()
	}
}

// formatDay writes a YYYY-MM-DD day as French or English readers expect
// it, or returns "" for no day.
func formatDay(day string, lang i18n.Lang) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	if lang == i18n.English {
		return d.Format("2 January 2006")
	}
	return d.Format("02/01/2006")
}

// shorten cuts s to at most n characters, ending with "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
