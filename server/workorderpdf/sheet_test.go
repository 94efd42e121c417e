package workorderpdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"parc/server/i18n"
)

// pngOf encodes a w × h image with a dark line, opaque or on a
// transparent background.
func pngOf(t *testing.T, w, h int, opaque bool) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			switch {
			case y == h/2:
				img.SetNRGBA(x, y, color.NRGBA{0, 0, 80, 255})
			case opaque:
				img.SetNRGBA(x, y, color.NRGBA{255, 255, 255, 255})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRenderSignatures(t *testing.T) {
	sheet := Sheet{
		Lang: i18n.French, Organisation: "Service informatique mutualisé", Number: "01a243d9-ab10-7262-afb4-6e28ebf24e1a",
		Commune: "Châbons", Site: "École", WorkedOn: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), Level: 1,
		Assets:    []Asset{{Tag: "BE000001F", Kind: "PC fixe", Brand: strings.Repeat("Marque très longue ", 5)}},
		Checklist: []string{"Mises à jour installées"}, SignedBy: "Mme Durand", PrintedAt: time.Now(),
	}
	for name, signature := range map[string][]byte{
		"none": nil, "transparent": pngOf(t, 600, 200, false), "opaque": pngOf(t, 300, 300, true),
	} {
		sheet.Signature = signature
		var out bytes.Buffer
		if err := Render(&out, sheet); err != nil {
			t.Errorf("%s signature: %v", name, err)
			continue
		}
		if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
			t.Errorf("%s signature: output is not a PDF: %.20q", name, out.Bytes())
		}
	}

	sheet.Signature = []byte("not a PNG")
	if err := Render(&bytes.Buffer{}, sheet); err == nil {
		t.Error("a damaged signature rendered without error")
	}
}
