package labels

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	seeds := []struct{ prefix, input string }{
		{"BE", "BE000123W"},
		{"BE", " bel00042w\r\n"},
		{"X", "X000001T"},
		{"ABC", "ABCL99999Q"},
		{"BE", "BE000000R"},
		{"BE", "BE0000410"},
		{"BE", "BEL"},
		{"BE", "BÉ000123W"},
		{"be", "be000123w"},
		{"", ""},
	}
	for _, seed := range seeds {
		f.Add(seed.prefix, seed.input)
	}

	f.Fuzz(func(t *testing.T, prefix, input string) {
		tag, err := Parse(prefix, input)
		if err != nil {
			checkParseFailure(t, prefix, input, err)
			return
		}

		// An accepted input equals the tag's text once trimmed and
		// upper-cased.
		normalized := strings.ToUpper(strings.TrimSpace(input))
		if got := tag.String(); got != normalized {
			t.Fatalf("Parse(%q, %q) = %#v, whose String() is %q, want %q", prefix, input, tag, got, normalized)
		}
		again, err := Parse(prefix, tag.String())
		if err != nil || again != tag {
			t.Fatalf("Parse(%q, %q) = %#v, %v, want %#v", prefix, tag.String(), again, err, tag)
		}
	})
}

// checkParseFailure fails t unless err is the error Parse documents for
// prefix and input.
func checkParseFailure(t *testing.T, prefix, input string, err error) {
	t.Helper()

	if ValidatePrefix(prefix) != nil {
		var prefixErr *PrefixError
		if !errors.As(err, &prefixErr) || prefixErr.Prefix != prefix {
			t.Fatalf("Parse(%q, %q) error %v, want a *PrefixError for %q", prefix, input, err, prefix)
		}
		return
	}

	var parseErr *ParseError
	if !errors.As(err, &parseErr) {
		t.Fatalf("Parse(%q, %q) error %v (%T), want a *ParseError", prefix, input, err, err)
	}
	if parseErr.Input != input {
		t.Fatalf("Parse(%q, %q) error input = %q, want the input unchanged", prefix, input, parseErr.Input)
	}
	switch parseErr.Reason {
	case ReasonEmpty, ReasonCharset, ReasonPrefix, ReasonLength, ReasonSerial, ReasonCheck:
	default:
		t.Fatalf("Parse(%q, %q) error reason %q, want one of the Reason constants", prefix, input, parseErr.Reason)
	}
}
