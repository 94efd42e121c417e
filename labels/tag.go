package labels

import (
	"errors"
	"fmt"
	"strconv"
)

// DefaultPrefix is the tag prefix used when none is configured.
const DefaultPrefix = "BE"

// MaxPrefixLen is the maximum number of letters in a tag prefix.
const MaxPrefixLen = 3

// Largest serials of each kind. Serials start at 1.
const (
	MaxAssetSerial    = 999999
	MaxLocationSerial = 99999
)

// Serial widths in digits, and the letter that marks a location tag.
const (
	assetSerialDigits    = 6
	locationSerialDigits = 5
	locationMarker       = 'L'
)

// ErrSerialOutOfRange is wrapped by the error that NewAssetTag and
// NewLocationTag return for a serial outside the range of its kind.
var ErrSerialOutOfRange = errors.New("serial out of range")

// Kind is the kind of thing a tag identifies.
type Kind int

// Tag kinds. The zero Kind is AssetTag.
const (
	// AssetTag identifies an asset: prefix, 6-digit serial, check character.
	AssetTag Kind = iota
	// LocationTag identifies a site or a room: prefix, "L", 5-digit serial,
	// check character.
	LocationTag
)

// String returns "asset" or "location".
func (k Kind) String() string {
	switch k {
	case AssetTag:
		return "asset"
	case LocationTag:
		return "location"
	default:
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
}

// maxSerial returns the largest serial of kind k, or 0 for an unknown kind.
func (k Kind) maxSerial() int {
	switch k {
	case AssetTag:
		return MaxAssetSerial
	case LocationTag:
		return MaxLocationSerial
	default:
		return 0
	}
}

// Tag is an asset or location tag. Build it with NewAssetTag, NewLocationTag
// or Parse, which guarantee a valid prefix and a serial in range.
type Tag struct {
	// Prefix is 1 to MaxPrefixLen letters A to Z.
	Prefix string
	Kind   Kind
	// Serial is in 1 to MaxAssetSerial or 1 to MaxLocationSerial.
	Serial int
}

// NewAssetTag returns the asset tag with the given prefix and serial. It
// returns a *PrefixError for an invalid prefix and an error wrapping
// ErrSerialOutOfRange unless serial is in 1 to MaxAssetSerial.
func NewAssetTag(prefix string, serial int) (Tag, error) {
	return newTag(prefix, AssetTag, serial)
}

// NewLocationTag returns the location tag with the given prefix and serial.
// It returns a *PrefixError for an invalid prefix and an error wrapping
// ErrSerialOutOfRange unless serial is in 1 to MaxLocationSerial.
func NewLocationTag(prefix string, serial int) (Tag, error) {
	return newTag(prefix, LocationTag, serial)
}

func newTag(prefix string, kind Kind, serial int) (Tag, error) {
	if err := ValidatePrefix(prefix); err != nil {
		return Tag{}, err
	}

	maxSerial := kind.maxSerial()
	if serial < 1 || serial > maxSerial {
		return Tag{}, fmt.Errorf("%w: %s tag serial %d, expected 1 to %d", ErrSerialOutOfRange, kind, serial, maxSerial)
	}

	return Tag{Prefix: prefix, Kind: kind, Serial: serial}, nil
}

// String returns the full tag, check character included, such as
// "BE000123" followed by its check character. For a Tag with invalid fields
// it still returns text, which is safe to log but which Parse rejects.
func (t Tag) String() string {
	return t.payload() + string(t.CheckChar())
}

// CheckChar returns the check character of t. It returns '?' when the
// fields of t format to characters other than 0 to 9 and A to Z, as a
// lower-case prefix, a negative serial or an unknown kind do.
func (t Tag) CheckChar() byte {
	check, err := CheckChar(t.payload())
	if err != nil {
		return '?'
	}
	return check
}

// payload returns the tag without its check character.
func (t Tag) payload() string {
	switch t.Kind {
	case AssetTag:
		return fmt.Sprintf("%s%0*d", t.Prefix, assetSerialDigits, t.Serial)
	case LocationTag:
		return fmt.Sprintf("%s%c%0*d", t.Prefix, locationMarker, locationSerialDigits, t.Serial)
	default:
		return fmt.Sprintf("%s?%d", t.Prefix, t.Serial)
	}
}

// ValidatePrefix returns a *PrefixError unless prefix is 1 to MaxPrefixLen
// letters A to Z in upper case.
func ValidatePrefix(prefix string) error {
	if prefix == "" {
		return &PrefixError{Prefix: prefix, Reason: ReasonEmpty}
	}
	for i := 0; i < len(prefix); i++ {
		if prefix[i] < 'A' || prefix[i] > 'Z' {
			return &PrefixError{Prefix: prefix, Reason: ReasonCharset}
		}
	}
	if len(prefix) > MaxPrefixLen {
		return &PrefixError{Prefix: prefix, Reason: ReasonLength}
	}
	return nil
}
