package labels

import (
	"errors"
	"testing"
)

func mustAssetTag(t testing.TB, prefix string, serial int) Tag {
	t.Helper()
	tag, err := NewAssetTag(prefix, serial)
	if err != nil {
		t.Fatalf("NewAssetTag(%q, %d) error: %v", prefix, serial, err)
	}
	return tag
}

func mustLocationTag(t testing.TB, prefix string, serial int) Tag {
	t.Helper()
	tag, err := NewLocationTag(prefix, serial)
	if err != nil {
		t.Fatalf("NewLocationTag(%q, %d) error: %v", prefix, serial, err)
	}
	return tag
}

func TestTagString(t *testing.T) {
	// Check characters computed with the calc_check_digit formula of
	// python-stdnum's stdnum/iso7064/mod_37_36.py.
	tests := []struct {
		name string
		tag  Tag
		want string
	}{
		{"first asset tag", mustAssetTag(t, "BE", 1), "BE000001F"},
		{"asset tag", mustAssetTag(t, "BE", 123), "BE000123W"},
		{"asset tag with check digit", mustAssetTag(t, "BE", 40), "BE0000401"},
		{"one-letter prefix", mustAssetTag(t, "X", 1), "X000001T"},
		{"last asset tag of three-letter prefix", mustAssetTag(t, "ABC", MaxAssetSerial), "ABC999999N"},
		{"first location tag", mustLocationTag(t, "BE", 1), "BEL00001D"},
		{"location tag", mustLocationTag(t, "BE", 42), "BEL00042W"},
		{"last location tag of three-letter prefix", mustLocationTag(t, "ABC", MaxLocationSerial), "ABCL99999Q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.tag.String(); got != tt.want {
				t.Errorf("%#v.String() = %q, want %q", tt.tag, got, tt.want)
			}
			if got, want := tt.tag.CheckChar(), tt.want[len(tt.want)-1]; got != want {
				t.Errorf("%#v.CheckChar() = %q, want %q", tt.tag, got, want)
			}
		})
	}
}

func TestTagStringOfInvalidFields(t *testing.T) {
	tests := []struct {
		name string
		tag  Tag
		want string
	}{
		{"zero value", Tag{}, "000000R"},
		{"lower-case prefix", Tag{Prefix: "be", Serial: 1}, "be000001?"},
		{"negative serial", Tag{Prefix: "BE", Serial: -5}, "BE-00005?"},
		{"unknown kind", Tag{Prefix: "BE", Kind: 7, Serial: 1}, "BE?1?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.tag.String()
			if got != tt.want {
				t.Errorf("%#v.String() = %q, want %q", tt.tag, got, tt.want)
			}
			if parsed, err := Parse(DefaultPrefix, got); err == nil {
				t.Errorf("Parse(%q, %q) = %#v, want an error", DefaultPrefix, got, parsed)
			}
		})
	}
}

func TestNewTagSerialRange(t *testing.T) {
	tests := []struct {
		name   string
		new    func(string, int) (Tag, error)
		serial int
		wantOK bool
	}{
		{"asset serial zero", NewAssetTag, 0, false},
		{"asset serial negative", NewAssetTag, -1, false},
		{"asset serial one", NewAssetTag, 1, true},
		{"asset serial maximum", NewAssetTag, MaxAssetSerial, true},
		{"asset serial above maximum", NewAssetTag, MaxAssetSerial + 1, false},
		{"location serial zero", NewLocationTag, 0, false},
		{"location serial one", NewLocationTag, 1, true},
		{"location serial maximum", NewLocationTag, MaxLocationSerial, true},
		{"location serial above maximum", NewLocationTag, MaxLocationSerial + 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tag, err := tt.new(DefaultPrefix, tt.serial)
			if tt.wantOK {
				if err != nil {
					t.Fatalf("serial %d: error %v, want none", tt.serial, err)
				}
				if tag.Serial != tt.serial || tag.Prefix != DefaultPrefix {
					t.Errorf("serial %d: got %#v, want prefix %q and serial %d", tt.serial, tag, DefaultPrefix, tt.serial)
				}
				return
			}
			if !errors.Is(err, ErrSerialOutOfRange) {
				t.Errorf("serial %d: got %#v, %v, want an error wrapping ErrSerialOutOfRange", tt.serial, tag, err)
			}
		})
	}
}

func TestNewTagKind(t *testing.T) {
	if got := mustAssetTag(t, "BE", 7).Kind; got != AssetTag {
		t.Errorf("NewAssetTag kind = %v, want %v", got, AssetTag)
	}
	if got := mustLocationTag(t, "BE", 7).Kind; got != LocationTag {
		t.Errorf("NewLocationTag kind = %v, want %v", got, LocationTag)
	}
}

func TestNewTagRejectsInvalidPrefix(t *testing.T) {
	for _, prefix := range []string{"", "be", "ABCD", "B3"} {
		t.Run(prefix, func(t *testing.T) {
			var prefixErr *PrefixError
			if _, err := NewAssetTag(prefix, 1); !errors.As(err, &prefixErr) {
				t.Errorf("NewAssetTag(%q, 1) error = %v, want a *PrefixError", prefix, err)
			}
			if _, err := NewLocationTag(prefix, 1); !errors.As(err, &prefixErr) {
				t.Errorf("NewLocationTag(%q, 1) error = %v, want a *PrefixError", prefix, err)
			}
		})
	}
}

func TestValidatePrefix(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		want   Reason // empty when the prefix is valid
	}{
		{"default", DefaultPrefix, ""},
		{"one letter", "X", ""},
		{"three letters", "ABC", ""},
		{"ending in L", "AL", ""},
		{"empty", "", ReasonEmpty},
		{"four letters", "ABCD", ReasonLength},
		{"lower case", "be", ReasonCharset},
		{"digit", "B3", ReasonCharset},
		{"space", "B ", ReasonCharset},
		{"four letters in lower case", "abcd", ReasonCharset},
		{"accented letter", "É", ReasonCharset},
		{"two accented letters", "ÉÉ", ReasonCharset},
		{"symbol", "@", ReasonCharset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePrefix(tt.prefix)
			if tt.want == "" {
				if err != nil {
					t.Errorf("ValidatePrefix(%q) = %v, want nil", tt.prefix, err)
				}
				return
			}
			var prefixErr *PrefixError
			if !errors.As(err, &prefixErr) {
				t.Fatalf("ValidatePrefix(%q) = %v, want a *PrefixError", tt.prefix, err)
			}
			if prefixErr.Reason != tt.want || prefixErr.Prefix != tt.prefix {
				t.Errorf("ValidatePrefix(%q) = error with prefix %q and reason %q, want prefix %q and reason %q", tt.prefix, prefixErr.Prefix, prefixErr.Reason, tt.prefix, tt.want)
			}
		})
	}
}

func TestPrefixErrorMessage(t *testing.T) {
	err := ValidatePrefix("B3")
	want := `tag prefix "B3": expected 1 to 3 letters A to Z in upper case`
	if err == nil || err.Error() != want {
		t.Errorf("ValidatePrefix(%q) = %v, want %s", "B3", err, want)
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		kind Kind
		want string
	}{
		{AssetTag, "asset"},
		{LocationTag, "location"},
		{Kind(7), "Kind(7)"},
	}
	for _, tt := range tests {
		if got := tt.kind.String(); got != tt.want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(tt.kind), got, tt.want)
		}
	}
}
