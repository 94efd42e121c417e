package labels

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Reason classifies why a tag or a prefix is invalid, so that callers can
// show users a message in their own language.
type Reason string

// Reasons for a *ParseError or a *PrefixError. A *PrefixError uses only
// ReasonEmpty, ReasonLength and ReasonCharset.
const (
	// ReasonEmpty means nothing is left after trimming spaces.
	ReasonEmpty Reason = "empty"
	// ReasonCharset means a character is not a letter A to Z or a digit.
	// Parse accepts lower-case letters in its input, but a prefix must be
	// upper case.
	ReasonCharset Reason = "charset"
	// ReasonPrefix means the tag starts with another prefix, or its prefix
	// is followed by something other than a digit or "L".
	ReasonPrefix Reason = "prefix"
	// ReasonLength means the tag has the wrong number of characters, or
	// the prefix has more than MaxPrefixLen letters.
	ReasonLength Reason = "length"
	// ReasonSerial means the serial contains a letter or is zero.
	ReasonSerial Reason = "serial"
	// ReasonCheck means the check character does not match the rest of
	// the tag, as after most typing or scanning errors.
	ReasonCheck Reason = "check"
)

// ParseError is the error Parse returns for an input that is not a valid
// tag with the expected prefix.
type ParseError struct {
	// Input is the text given to Parse, before trimming and upper-casing.
	Input string
	// Reason is the first problem Parse found.
	Reason Reason

	// detail is the English description of the problem for Error.
	detail string
}

// Error returns a description such as
// `tag "BE000123X": check character is "X", expected "W"`.
func (e *ParseError) Error() string {
	if e.detail == "" {
		return fmt.Sprintf("tag %q: invalid %s", e.Input, e.Reason)
	}
	return fmt.Sprintf("tag %q: %s", e.Input, e.detail)
}

// PrefixError is the error for a prefix that is not 1 to MaxPrefixLen
// letters A to Z in upper case.
type PrefixError struct {
	// Prefix is the rejected prefix.
	Prefix string
	// Reason is ReasonEmpty, ReasonLength or ReasonCharset.
	Reason Reason
}

// Error returns a description such as
// `tag prefix "B3": expected 1 to 3 letters A to Z in upper case`.
func (e *PrefixError) Error() string {
	return fmt.Sprintf("tag prefix %q: expected 1 to %d letters A to Z in upper case", e.Prefix, MaxPrefixLen)
}

// Parse parses an asset or location tag that must start with prefix. It
// first trims surrounding white space, as strings.TrimSpace does, and
// upper-cases ASCII letters, so " be000123w " reads like "BE000123W". The
// character after the prefix selects the kind: a digit for an asset tag,
// "L" for a location tag.
//
// Parse returns a *ParseError for an invalid input, and a *PrefixError
// when prefix itself is invalid.
func Parse(prefix, input string) (Tag, error) {
	if err := ValidatePrefix(prefix); err != nil {
		return Tag{}, err
	}

	fail := func(reason Reason, format string, args ...any) (Tag, error) {
		return Tag{}, &ParseError{Input: input, Reason: reason, detail: fmt.Sprintf(format, args...)}
	}

	text := strings.TrimSpace(input)
	if text == "" {
		return fail(ReasonEmpty, "empty")
	}

	text, bad, ok := upperAlphanumeric(text)
	if !ok {
		return fail(ReasonCharset, "invalid character %q, expected only letters A to Z and digits", bad)
	}

	if !strings.HasPrefix(text, prefix) {
		return fail(ReasonPrefix, "does not start with prefix %q", prefix)
	}

	// Asset and location tags with the same prefix have the same length.
	wantLen := len(prefix) + assetSerialDigits + 1
	rest := text[len(prefix):]
	if rest == "" {
		return fail(ReasonLength, "length %d, expected %d with prefix %q", len(text), wantLen, prefix)
	}

	kind := AssetTag
	switch {
	case isDigit(rest[0]):
	case rest[0] == locationMarker:
		kind = LocationTag
	default:
		return fail(ReasonPrefix, "expected a digit or %q after prefix %q, found %q", string(locationMarker), prefix, rest[:1])
	}

	if len(text) != wantLen {
		return fail(ReasonLength, "length %d, expected %d with prefix %q", len(text), wantLen, prefix)
	}

	digits := rest[:len(rest)-1]
	if kind == LocationTag {
		digits = digits[1:]
	}

	serial := 0
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return fail(ReasonSerial, "serial %q contains a letter, expected %d digits", digits, len(digits))
		}
		serial = serial*10 + int(digits[i]-'0')
	}
	if serial == 0 {
		return fail(ReasonSerial, "serial %s is zero, expected 1 to %d", digits, kind.maxSerial())
	}

	tag := Tag{Prefix: prefix, Kind: kind, Serial: serial}
	want, got := tag.CheckChar(), text[len(text)-1]
	if got != want {
		return fail(ReasonCheck, "check character is %q, expected %q", string(got), string(want))
	}

	return tag, nil
}

// upperAlphanumeric returns text with ASCII letters upper-cased. When text
// contains a character other than an ASCII letter or digit, it returns that
// character (or byte, in invalid UTF-8) and false instead. Non-ASCII letters
// are rejected rather than upper-cased because some of them, such as the
// dotless "ı", upper-case to ASCII.
func upperAlphanumeric(text string) (string, string, bool) {
	upper := []byte(text)
	for i, c := range upper {
		switch {
		case 'a' <= c && c <= 'z':
			upper[i] = c - 'a' + 'A'
		case isDigit(c), 'A' <= c && c <= 'Z':
		default:
			_, size := utf8.DecodeRuneInString(text[i:])
			return "", text[i : i+size], false
		}
	}
	return string(upper), "", true
}

func isDigit(c byte) bool {
	return '0' <= c && c <= '9'
}

// PrefixOf returns the prefix that input has if it is a tag of either
// kind, judged from its shape alone: the letters before the serial, less
// the "L" of a location tag. It returns "" for input of neither shape.
// Parse with that prefix then checks the serial and the check character,
// so that a reader accepts the tags of every prefix a deployment has used.
func PrefixOf(input string) string {
	text, _, ok := upperAlphanumeric(strings.TrimSpace(input))
	if !ok {
		return ""
	}
	letters := 0
	for letters < len(text) && 'A' <= text[letters] && text[letters] <= 'Z' {
		letters++
	}

	switch {
	case letters >= 1 && letters <= MaxPrefixLen && len(text) == letters+assetSerialDigits+1:
		return text[:letters]
	case letters >= 2 && letters-1 <= MaxPrefixLen && text[letters-1] == locationMarker &&
		len(text) == letters+locationSerialDigits+1:
		return text[:letters-1]
	}
	return ""
}

// ParseAnyPrefix parses a tag of any prefix: the one its shape shows (see
// PrefixOf) when the tag is valid with it, else the expected prefix, which
// the error then names. A deployment that changed its prefix thus still
// reads the tags printed before.
func ParseAnyPrefix(prefix, input string) (Tag, error) {
	if fromShape := PrefixOf(input); fromShape != "" && fromShape != prefix {
		if t, err := Parse(fromShape, input); err == nil {
			return t, nil
		}
	}
	return Parse(prefix, input)
}
