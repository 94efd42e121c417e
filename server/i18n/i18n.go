// Package i18n holds the catalogue of user-facing texts of the server, in
// French first and English, and picks the language of a request. Texts of
// the PWA live with the PWA.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language code of the catalogue.
type Lang string

// The catalogue's languages. French is the default.
const (
	French  Lang = "fr"
	English Lang = "en"
)

// Message is a catalogue key with the values its text needs.
type Message struct {
	Key  string
	Args []any
}

// Msg returns the Message for key with args.
func Msg(key string, args ...any) Message {
	return Message{Key: key, Args: args}
}

// Text returns m in lang, falling back to French, then to the key itself
// for a key the catalogue lacks.
func (m Message) Text(lang Lang) string {
	entry, ok := catalogue[m.Key]
	if !ok {
		return m.Key
	}
	format := entry.fr
	if lang == English {
		format = entry.en
	}
	if len(m.Args) == 0 {
		return format
	}
	// An argument that is itself a Message, such as the name of a status,
	// is written in the same language.
	args := make([]any, len(m.Args))
	for i, arg := range m.Args {
		if inner, ok := arg.(Message); ok {
			arg = inner.Text(lang)
		}
		args[i] = arg
	}
	return fmt.Sprintf(format, args...)
}

// Parse returns the catalogue language for a code such as "en" or "fr-FR",
// and French for anything else.
func Parse(code string) Lang {
	if strings.HasPrefix(strings.ToLower(code), "en") {
		return English
	}
	return French
}

type entry struct {
	fr, en string
}

// add merges the messages of one domain into the catalogue. Each domain
// keeps its messages in its own catalogue_*.go file and calls add from an
// init function. A key defined twice is a programming error.
func add(messages map[string]entry) {
	for key, e := range messages {
		if _, dup := catalogue[key]; dup {
			panic("i18n: message key defined twice: " + key)
		}
		catalogue[key] = e
	}
}
