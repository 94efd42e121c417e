package labels

import (
	"errors"
	"testing"
)

func TestParseValidTags(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		input  string
		want   Tag
	}{
		{"asset tag", "BE", "BE000123W", Tag{Prefix: "BE", Kind: AssetTag, Serial: 123}},
		{"asset tag with check digit", "BE", "BE0000401", Tag{Prefix: "BE", Kind: AssetTag, Serial: 40}},
		{"location tag", "BE", "BEL00042W", Tag{Prefix: "BE", Kind: LocationTag, Serial: 42}},
		{"one-letter prefix", "X", "X000001T", Tag{Prefix: "X", Kind: AssetTag, Serial: 1}},
		{"last asset serial", "ABC", "ABC999999N", Tag{Prefix: "ABC", Kind: AssetTag, Serial: MaxAssetSerial}},
		{"last location serial", "ABC", "ABCL99999Q", Tag{Prefix: "ABC", Kind: LocationTag, Serial: MaxLocationSerial}},
		{"lower case", "BE", "be000123w", Tag{Prefix: "BE", Kind: AssetTag, Serial: 123}},
		{"mixed case location", "BE", "bEl00042w", Tag{Prefix: "BE", Kind: LocationTag, Serial: 42}},
		{"surrounding spaces", "BE", "  BE000123W ", Tag{Prefix: "BE", Kind: AssetTag, Serial: 123}},
		{"scanner line ending", "BE", "BE000123W\r\n", Tag{Prefix: "BE", Kind: AssetTag, Serial: 123}},
		{"tab and no-break space", "BE", "\tBE000123W\u00a0", Tag{Prefix: "BE", Kind: AssetTag, Serial: 123}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.prefix, tt.input)
			if err != nil {
				t.Fatalf("Parse(%q, %q) error: %v", tt.prefix, tt.input, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q, %q) = %#v, want %#v", tt.prefix, tt.input, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		prefix  string
		input   string
		reason  Reason
		message string
	}{
		{"empty", "BE", "", ReasonEmpty,
			`tag "": empty`},
		{"only spaces", "BE", " \t ", ReasonEmpty,
			`tag " \t ": empty`},
		{"inner space", "BE", "BE 000123W", ReasonCharset,
			`tag "BE 000123W": invalid character " ", expected only letters A to Z and digits`},
		{"hyphen", "BE", "BE-000123W", ReasonCharset,
			`tag "BE-000123W": invalid character "-", expected only letters A to Z and digits`},
		{"accented letter", "BE", "BÉ000123W", ReasonCharset,
			`tag "BÉ000123W": invalid character "É", expected only letters A to Z and digits`},
		{"dotless i that upper-cases to ASCII", "BI", "bı000123W", ReasonCharset,
			`tag "bı000123W": invalid character "ı", expected only letters A to Z and digits`},
		{"invalid UTF-8", "BE", "BE\xff00123W", ReasonCharset,
			`tag "BE\xff00123W": invalid character "\xff", expected only letters A to Z and digits`},
		{"zero-width space", "BE", "BE000\u200b123W", ReasonCharset,
			`tag "BE000\u200b123W": invalid character "\u200b", expected only letters A to Z and digits`},
		{"tag of another prefix", "BE", "XY000123W", ReasonPrefix,
			`tag "XY000123W": does not start with prefix "BE"`},
		{"longer prefix starting with ours", "B", "BE000123W", ReasonPrefix,
			`tag "BE000123W": expected a digit or "L" after prefix "B", found "E"`},
		{"three-letter prefix starting with ours", "BE", "BEX000123W", ReasonPrefix,
			`tag "BEX000123W": expected a digit or "L" after prefix "BE", found "X"`},
		{"prefix alone", "BE", "BE", ReasonLength,
			`tag "BE": length 2, expected 9 with prefix "BE"`},
		{"asset tag too short", "BE", "BE00123W", ReasonLength,
			`tag "BE00123W": length 8, expected 9 with prefix "BE"`},
		{"asset tag too long", "BE", "BE0000123W", ReasonLength,
			`tag "BE0000123W": length 10, expected 9 with prefix "BE"`},
		{"location tag too short", "BE", "BEL0042W", ReasonLength,
			`tag "BEL0042W": length 8, expected 9 with prefix "BE"`},
		{"location marker alone", "BE", "BEL", ReasonLength,
			`tag "BEL": length 3, expected 9 with prefix "BE"`},
		{"letter in asset serial", "BE", "BE00O123W", ReasonSerial,
			`tag "BE00O123W": serial "00O123" contains a letter, expected 6 digits`},
		{"letter in location serial", "BE", "BELOO042W", ReasonSerial,
			`tag "BELOO042W": serial "OO042" contains a letter, expected 5 digits`},
		{"asset serial zero", "BE", "BE000000R", ReasonSerial,
			`tag "BE000000R": serial 000000 is zero, expected 1 to 999999`},
		{"location serial zero", "BE", "BEL000000", ReasonSerial,
			`tag "BEL000000": serial 00000 is zero, expected 1 to 99999`},
		{"wrong check character", "BE", "BE000123X", ReasonCheck,
			`tag "BE000123X": check character is "X", expected "W"`},
		{"wrong check character in lower case", "BE", "be000123x", ReasonCheck,
			`tag "be000123x": check character is "X", expected "W"`},
		{"swapped serial digits", "BE", "BE000213W", ReasonCheck,
			`tag "BE000213W": check character is "W", expected "S"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tag, err := Parse(tt.prefix, tt.input)
			var parseErr *ParseError
			if !errors.As(err, &parseErr) {
				t.Fatalf("Parse(%q, %q) = %#v, %v, want a *ParseError", tt.prefix, tt.input, tag, err)
			}
			if parseErr.Reason != tt.reason {
				t.Errorf("Parse(%q, %q) reason = %q, want %q", tt.prefix, tt.input, parseErr.Reason, tt.reason)
			}
			if parseErr.Input != tt.input {
				t.Errorf("Parse(%q, %q) error input = %q, want the input unchanged", tt.prefix, tt.input, parseErr.Input)
			}
			if got := err.Error(); got != tt.message {
				t.Errorf("Parse(%q, %q) error message\n got: %s\nwant: %s", tt.prefix, tt.input, got, tt.message)
			}
		})
	}
}

func TestParseRejectsInvalidPrefixArgument(t *testing.T) {
	for _, prefix := range []string{"", "be", "ABCD", "B3"} {
		t.Run(prefix, func(t *testing.T) {
			tag, err := Parse(prefix, "BE000123W")
			var prefixErr *PrefixError
			if !errors.As(err, &prefixErr) {
				t.Errorf("Parse(%q, %q) = %#v, %v, want a *PrefixError", prefix, "BE000123W", tag, err)
			}
		})
	}
}

func TestParseErrorWithoutDetail(t *testing.T) {
	err := &ParseError{Input: "BE1", Reason: ReasonLength}
	want := `tag "BE1": invalid length`
	if got := err.Error(); got != want {
		t.Errorf("%#v.Error() = %q, want %q", err, got, want)
	}
}

func TestParseRoundTrip(t *testing.T) {
	for _, prefix := range []string{"BE", "X", "ABC", "AL"} {
		for _, kind := range []Kind{AssetTag, LocationTag} {
			for _, serial := range []int{1, 2, 9, 10, 99, 100, 12345, 99998, 99999} {
				tag, err := newTag(prefix, kind, serial)
				if err != nil {
					t.Fatalf("newTag(%q, %v, %d) error: %v", prefix, kind, serial, err)
				}
				text := tag.String()
				got, err := Parse(prefix, text)
				if err != nil {
					t.Errorf("Parse(%q, %q) error: %v", prefix, text, err)
					continue
				}
				if got != tag {
					t.Errorf("Parse(%q, %q) = %#v, want %#v", prefix, text, got, tag)
				}
			}
		}
		for _, serial := range []int{100000, 500000, 999998, MaxAssetSerial} {
			tag := mustAssetTag(t, prefix, serial)
			text := tag.String()
			got, err := Parse(prefix, text)
			if err != nil || got != tag {
				t.Errorf("Parse(%q, %q) = %#v, %v, want %#v", prefix, text, got, err, tag)
			}
		}
	}
}

func TestParseKeepsKindsApart(t *testing.T) {
	// A location tag is never read as an asset tag of a prefix ending in
	// "L", because Parse is always given the one prefix in use.
	location := mustLocationTag(t, "A", 12345).String() // AL12345 + check
	if _, err := Parse("AL", location); err == nil {
		t.Errorf("Parse(%q, %q) accepted a location tag of prefix %q", "AL", location, "A")
	}
	asset := mustAssetTag(t, "AL", 123).String()
	if _, err := Parse("A", asset); err == nil {
		t.Errorf("Parse(%q, %q) accepted an asset tag of prefix %q", "A", asset, "AL")
	}
}
