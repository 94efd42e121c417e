package labels

import (
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Label is the content of one printed label.
type Label struct {
	// Tag is encoded in the Code 128 barcode and printed in clear text.
	Tag Tag
	// URL is the only content of the QR code, for example
	// "https://parc.example/t/BE000123W", so that a phone camera opens the
	// asset's page. An empty URL leaves the QR code out. The Data Matrix
	// option encodes the tag instead and ignores URL.
	URL string
	// Owner is the owner line, such as "Propriété CCBE — service
	// informatique". Empty leaves it out.
	Owner string
	// Caption is an optional line above the codes, such as a room name on
	// a location label.
	Caption string
}

// Options tune a rendering.
type Options struct {
	// Skip leaves the first Skip positions of the first sheet empty, so
	// that a partly used sheet can go through the printer again. It must
	// be 0 for a roll.
	Skip int
	// OffsetX and OffsetY move everything printed, in millimetres, to the
	// right and down, to correct a printer that places the page off
	// centre. RenderTestPage prints the outlines to measure them with.
	OffsetX, OffsetY float64
	// Code2D selects the 2D code: Code2DQR (the default when empty),
	// Code2DDataMatrix or Code2DNone.
	Code2D string
}

// Limits on the input.
const (
	// MaxOffset is the largest calibration offset in millimetres, either
	// way. A printer further off than that is fed the wrong paper size or
	// template.
	MaxOffset = 5.0
	// MaxURLLength is the longest QR code URL in bytes. At error
	// correction level M it takes a version 6 symbol, 41 modules wide.
	MaxURLLength = 100
	// MaxTextLength is the longest owner line or caption, in characters.
	MaxTextLength = 100
)

// normalize checks opt against t and returns it with Code2D defaulted.
func (opt Options) normalize(t Template) (Options, error) {
	switch {
	case t.Roll && opt.Skip != 0:
		return opt, fmt.Errorf("skip %d is invalid for template %s: a roll has no used positions to skip, use 0", opt.Skip, t.ID)
	case opt.Skip < 0 || opt.Skip >= t.PerPage():
		return opt, fmt.Errorf("skip %d is out of range for template %s: expected 0 to %d, the number of positions already used on the first sheet", opt.Skip, t.ID, t.PerPage()-1)
	}

	for _, offset := range []struct {
		name  string
		value float64
	}{{"offset x", opt.OffsetX}, {"offset y", opt.OffsetY}} {
		if math.IsNaN(offset.value) || math.Abs(offset.value) > MaxOffset {
			return opt, fmt.Errorf("%s %g mm is out of range: expected -%g to %g mm; print the test page and measure again, a larger shift means the wrong template or paper size", offset.name, offset.value, MaxOffset, MaxOffset)
		}
	}

	switch opt.Code2D {
	case "":
		opt.Code2D = Code2DQR
	case Code2DQR, Code2DDataMatrix, Code2DNone:
	default:
		return opt, fmt.Errorf("2D code %q is unknown: expected %q, %q or %q", opt.Code2D, Code2DQR, Code2DDataMatrix, Code2DNone)
	}

	return opt, nil
}

// checkFormat returns an error unless t renders to format.
// prepare checks what a renderer of format is given and returns opt with
// its defaults, so that nothing is written for invalid input.
func prepare(t Template, format string, labels []Label, opt Options) (Options, error) {
	if err := checkFormat(t, format); err != nil {
		return opt, err
	}
	opt, err := opt.normalize(t)
	if err != nil {
		return opt, err
	}
	return opt, checkLabels(labels)
}

func checkFormat(t Template, format string) error {
	if t.Format == format {
		return nil
	}
	switch t.Format {
	case FormatZPL:
		return fmt.Errorf("template %s is for ZPL label printers: render it with RenderZPL", t.ID)
	case FormatPDF:
		return fmt.Errorf("template %s is for PDF: render it with RenderPDF", t.ID)
	default:
		return fmt.Errorf("template %s has unknown format %q: expected %q or %q", t.ID, t.Format, FormatPDF, FormatZPL)
	}
}

// checkLabels returns an error naming the first invalid label.
func checkLabels(labels []Label) error {
	if len(labels) == 0 {
		return errors.New("no labels to render: pass at least one label")
	}

	for i, l := range labels {
		if err := l.check(); err != nil {
			return fmt.Errorf("label %d of %d: %w", i+1, len(labels), err)
		}
	}
	return nil
}

func (l Label) check() error {
	tag := l.Tag.String()
	for _, r := range tag {
		if !isTagRune(r) {
			return fmt.Errorf("tag %q contains %q: expected only A-Z, 0-9 and -; build tags with NewAssetTag, NewLocationTag or Parse", tag, r)
		}
	}
	if _, err := Parse(l.Tag.Prefix, tag); err != nil {
		return fmt.Errorf("invalid tag: %w; build tags with NewAssetTag, NewLocationTag or Parse", err)
	}

	if len(l.URL) > MaxURLLength {
		return fmt.Errorf("tag %s: URL is %d bytes long, expected at most %d: use a shorter base URL", tag, len(l.URL), MaxURLLength)
	}
	for _, r := range l.URL {
		if r <= ' ' || r > '~' {
			return fmt.Errorf("tag %s: URL %q contains %q: expected printable ASCII without spaces, with other characters percent-encoded", tag, l.URL, r)
		}
	}

	if err := checkText("owner line", l.Owner); err != nil {
		return fmt.Errorf("tag %s: %w", tag, err)
	}
	if err := checkText("caption", l.Caption); err != nil {
		return fmt.Errorf("tag %s: %w", tag, err)
	}
	return nil
}

func isTagRune(r rune) bool {
	return 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-'
}

// ValidText reports whether text can be printed as an owner line or a
// caption: one line of at most MaxTextLength characters of Windows-1252.
func ValidText(text string) bool {
	return checkText("text", text) == nil
}

// checkText returns an error unless text fits in MaxTextLength characters
// of Windows-1252, the encoding of the standard PDF fonts.
func checkText(what, text string) error {
	if n := utf8.RuneCountInString(text); n > MaxTextLength {
		return fmt.Errorf("%s is %d characters long, expected at most %d", what, n, MaxTextLength)
	}
	if !utf8.ValidString(text) {
		return fmt.Errorf("%s %q is not valid UTF-8", what, text)
	}

	for _, r := range text {
		if r < ' ' || r == 0x7f || 0x80 <= r && r < 0xa0 {
			return fmt.Errorf("%s %q contains the control character %U: expected one line of text", what, text, r)
		}
		if _, ok := charmap.Windows1252.EncodeRune(r); !ok {
			return fmt.Errorf("%s %q contains %q, which the label fonts cannot print: use Latin letters, digits and common punctuation", what, text, r)
		}
	}
	return nil
}
