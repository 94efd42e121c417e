package labels

import (
	"errors"
	"testing"
)

func TestPrefixOf(t *testing.T) {
	tests := []struct {
		input, want string
	}{
		{"BE000123W", "BE"},
		{"be000123w", "BE"},
		{"  BE000123W\r\n", "BE"},
		{"BEL00042W", "BE"},
		{"X000001T", "X"},
		{"ABC999999N", "ABC"},
		{"ABCL99999Q", "ABC"},
		{"L000001X", "L"},
		{"LL00001X", "L"},
		{"BEL000123", "BE"},
		{"BEL0001234", "BEL"},
		{"", ""},
		{"BE00012", ""},
		{"BE0001234567", ""},
		{"ABCD000001X", ""},
		{"ABCDL00001X", ""},
		{"BE-000123W", ""},
		{"000000123", ""},
	}
	for _, tt := range tests {
		if got := PrefixOf(tt.input); got != tt.want {
			t.Errorf("PrefixOf(%q) = %q, want %q", tt.input, got, tt.want)
		}
	}
}

// TestPrefixOfEveryKind checks that the prefix read from a tag's shape
// parses the tag back, for each prefix length and kind.
func TestPrefixOfEveryKind(t *testing.T) {
	for _, prefix := range []string{"L", "X", "BE", "BL", "ABC", "ABL", "LLL"} {
		for _, serial := range []int{1, 42, MaxLocationSerial} {
			for _, build := range []func(string, int) (Tag, error){NewAssetTag, NewLocationTag} {
				tag, err := build(prefix, serial)
				if err != nil {
					t.Fatalf("build %s %d: %v", prefix, serial, err)
				}
				got := PrefixOf(tag.String())
				if got != prefix {
					t.Errorf("PrefixOf(%q) = %q, want %q", tag, got, prefix)
					continue
				}
				if back, err := Parse(got, tag.String()); err != nil || back != tag {
					t.Errorf("Parse(%q, %q) = %v, %v; want %v", got, tag, back, err, tag)
				}
			}
		}
	}
}

func TestParseAnyPrefix(t *testing.T) {
	old, _ := NewAssetTag("BE", 123)
	location, _ := NewLocationTag("BE", 42)
	current, _ := NewAssetTag("CCB", 7)
	for _, tag := range []Tag{old, location, current} {
		got, err := ParseAnyPrefix("CCB", tag.String())
		if err != nil || got != tag {
			t.Errorf("ParseAnyPrefix(CCB, %q) = %v, %v; want %v", tag, got, err, tag)
		}
	}

	// A tag whose check character is wrong for the prefix its shape shows
	// is judged against the expected prefix, which the error names.
	wrong := old.String()[:len(old.String())-1] + "0"
	if wrong == old.String() {
		wrong = old.String()[:len(old.String())-1] + "1"
	}
	_, err := ParseAnyPrefix("CCB", wrong)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Reason != ReasonPrefix {
		t.Errorf("ParseAnyPrefix(CCB, %q) error = %v, want a prefix error", wrong, err)
	}
	_, err = ParseAnyPrefix("BE", wrong)
	if !errors.As(err, &pe) || pe.Reason != ReasonCheck {
		t.Errorf("ParseAnyPrefix(BE, %q) error = %v, want a check error", wrong, err)
	}
}
