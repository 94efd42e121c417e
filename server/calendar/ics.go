package calendar

import (
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one entry of the feed.
type Event struct {
	// UID stays the same for the same record across feeds and renewals.
	UID         string
	Start, End  time.Time
	Stamp       time.Time
	Summary     string
	Description string
	Location    string
	// Sequence grows with each change of the record.
	Sequence int
	// Status is CONFIRMED, TENTATIVE or CANCELLED.
	Status string
}

// utcStamp is the iCalendar form of a UTC date-time.
const utcStamp = "20060102T150405Z"

// WriteCalendar writes events as an iCalendar object named name. Times
// are written in UTC, which every client converts to its own zone, so no
// VTIMEZONE is needed.
func WriteCalendar(w io.Writer, name string, events []Event) error {
	var b strings.Builder
	line := func(text string) { writeFolded(&b, text) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Parc//Calendrier du service informatique//FR")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeText(name))
	line("X-WR-TIMEZONE:Europe/Paris")
	// Clients that honour them fetch the feed again every hour (RFC 7986
	// REFRESH-INTERVAL, and its older Microsoft form).
	line("REFRESH-INTERVAL;VALUE=DURATION:PT1H")
	line("X-PUBLISHED-TTL:PT1H")

	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + escapeText(e.UID))
		line("DTSTAMP:" + e.Stamp.UTC().Format(utcStamp))
		line("DTSTART:" + e.Start.UTC().Format(utcStamp))
		line("DTEND:" + e.End.UTC().Format(utcStamp))
		line("SUMMARY:" + escapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + escapeText(e.Description))
		}
		if e.Location != "" {
			line("LOCATION:" + escapeText(e.Location))
		}
		if e.Status != "" {
			line("STATUS:" + e.Status)
		}
		line("SEQUENCE:" + strconv.Itoa(e.Sequence))
		line("END:VEVENT")
	}

	line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeText escapes a TEXT value (RFC 5545, 3.3.11): backslash,
// semicolon, comma and line breaks.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// maxLineOctets is the length limit of a content line without its CRLF
// (RFC 5545, 3.1).
const maxLineOctets = 75

// writeFolded writes a content line, folded so that no line is longer
// than 75 octets: a CRLF and a space start each continuation, and a
// UTF-8 character is never split.
func writeFolded(b *strings.Builder, text string) {
	limit := maxLineOctets
	for len(text) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		b.WriteString(text[:cut])
		b.WriteString("\r\n ")
		text = text[cut:]
		// The leading space of a continuation line counts in its length.
		limit = maxLineOctets - 1
	}
	b.WriteString(text)
	b.WriteString("\r\n")
}
