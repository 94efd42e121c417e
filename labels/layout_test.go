package labels

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestLayoutRules lays out many kinds of labels on every template and
// checks the rules on each result. Quiet zones stay on the label, codes and
// text stay LabelInset from its edges, and module sizes are whole dots at
// or above the minimums.
func TestLayoutRules(t *testing.T) {
	tags := map[string]Tag{
		"asset":                mustAssetTag(t, "BE", 123),
		"asset, 7 digits":      mustAssetTag(t, "BE", 12),
		"asset, one letter":    mustAssetTag(t, "B", 999999),
		"asset, three letters": mustAssetTag(t, "ABC", 1),
		"location, narrow":     mustLocationTag(t, "BE", narrowLocationSerial),
		"location, wide":       mustLocationTag(t, "BE", wideLocationSerial),
	}
	contents := map[string]Label{
		"bare":          {},
		"owner and URL": {URL: "https://parc.example/t/", Owner: testOwner},
		"everything":    {URL: "https://inventaire.example.fr/t/", Owner: testOwner, Caption: "École Jules Ferry — salle B12"},
	}
	measure := testMeasure()

	for _, tmpl := range Templates() {
		dot := 25.4 / pdfModuleDPI
		if tmpl.Format == FormatZPL {
			dot = 25.4 / float64(tmpl.DPI)
		}
		for tagName, tag := range tags {
			for contentName, content := range contents {
				for _, code2D := range []string{Code2DQR, Code2DDataMatrix, Code2DNone} {
					l := content
					l.Tag = tag
					if l.URL != "" {
						l.URL += tag.String()
					}
					name := fmt.Sprintf("%s/%s/%s/%s", tmpl.ID, tagName, contentName, code2D)

					layout, err := layoutLabel(tmpl, l, code2D, measure)
					if err != nil {
						if !strings.Contains(err.Error(), "does not fit template") {
							t.Errorf("%s: %v", name, err)
						}
						if tmpl.ID != "avery-l7651" {
							t.Errorf("%s: %v, expected a layout: only L7651 is too small for some tags", name, err)
						}
						continue
					}
					checkLayout(t, name, tmpl, layout, dot)
				}
			}
		}
	}
}

func checkLayout(t *testing.T, name string, tmpl Template, layout labelLayout, dot float64) {
	t.Helper()
	w, h := tmpl.LabelWidth, tmpl.LabelHeight
	if err := layout.fits(w, h); err != nil {
		t.Errorf("%s: %v", name, err)
	}

	b := layout.Barcode
	if b.X-b.quietZone() < -1e-9 || b.X+b.width()+b.quietZone() > w+1e-9 {
		t.Errorf("%s: barcode quiet zones span %.3f to %.3f mm, outside the %g mm label", name, b.X-b.quietZone(), b.X+b.width()+b.quietZone(), w)
	}
	if b.X < LabelInset-1e-9 || b.X+b.width() > w-LabelInset+1e-9 || b.Y < LabelInset-1e-9 || b.Y+b.Height > h-LabelInset+1e-9 {
		t.Errorf("%s: bars at %.3f, %.3f mm, %.3f × %.3f, closer than %g mm to an edge", name, b.X, b.Y, b.width(), b.Height, LabelInset)
	}
	checkWholeDots(t, name+" barcode module", b.Module, dot, minBarModule)
	if b.Height < minBarHeight-dot {
		t.Errorf("%s: bars %.2f mm high, expected at least %g", name, b.Height, minBarHeight)
	}

	if m := layout.Matrix; m != nil {
		q := m.quietZone()
		if m.X-q < -1e-9 || m.Y-q < -1e-9 || m.X+m.width()+q > w+1e-9 || m.Y+m.height()+q > h+1e-9 {
			t.Errorf("%s: 2D code quiet zone leaves the label", name)
		}
		if m.X < LabelInset-1e-9 || m.Y < LabelInset-1e-9 || m.X+m.width() > w-LabelInset+1e-9 || m.Y+m.height() > h-LabelInset+1e-9 {
			t.Errorf("%s: 2D code closer than %g mm to an edge", name, LabelInset)
		}
		checkWholeDots(t, name+" 2D module", m.Module, dot, minMatrixModule)
	}
}

func checkWholeDots(t *testing.T, name string, size, dot, minimum float64) {
	t.Helper()
	if size < minimum {
		t.Errorf("%s: %.4f mm, below the minimum %g", name, size, minimum)
	}
	if dots := size / dot; math.Abs(dots-math.Round(dots)) > 1e-9 {
		t.Errorf("%s: %.4f mm is %.3f dots, expected a whole number", name, size, dots)
	}
}

func TestLayoutSmallLabelDropsQRNotModuleSize(t *testing.T) {
	tmpl, _ := TemplateByID("avery-l7651")
	tag := mustAssetTag(t, "BE", 123)
	l := Label{Tag: tag, URL: testURL(tag), Owner: testOwner}

	layout, err := layoutLabel(tmpl, l, Code2DQR, testMeasure())
	if err != nil {
		t.Fatal(err)
	}
	if layout.Matrix != nil || !slices.Equal(layout.Dropped, []string{"2D code"}) {
		t.Errorf("Dropped = %q with matrix %v, expected only the 2D code dropped", layout.Dropped, layout.Matrix != nil)
	}
	if layout.Owner == nil {
		t.Error("owner line dropped")
	}
	if want := 3 * 25.4 / pdfModuleDPI; math.Abs(layout.Barcode.Module-want) > 1e-9 {
		t.Errorf("module %.4f mm, expected %.4f", layout.Barcode.Module, want)
	}
}

func TestLayoutKeepsQRWhereItFits(t *testing.T) {
	for _, id := range []string{"avery-l7160", "avery-l7163", "a4-3x8-70x37", "brother-62mm", "zebra-50x25"} {
		tmpl, _ := TemplateByID(id)
		for _, tag := range []Tag{mustAssetTag(t, "BE", 123), mustLocationTag(t, "BE", wideLocationSerial)} {
			l := Label{Tag: tag, URL: testURL(tag), Owner: testOwner, Caption: "Salle B12"}
			layout, err := layoutLabel(tmpl, l, Code2DQR, testMeasure())
			if err != nil {
				t.Errorf("%s %s: %v", id, tag, err)
				continue
			}
			if len(layout.Dropped) != 0 || layout.Matrix == nil || layout.Matrix.Symbol.Data != l.URL {
				t.Errorf("%s %s: dropped %q, expected the QR code with the URL, owner line and caption", id, tag, layout.Dropped)
			}
		}
	}
}

func TestLayoutShortensLongCaption(t *testing.T) {
	tmpl, _ := TemplateByID("avery-l7651")
	tag := mustAssetTag(t, "BE", 5)
	caption := "Groupe scolaire Antoine de Saint-Exupéry — salle informatique du premier étage"
	layout, err := layoutLabel(tmpl, Label{Tag: tag, Caption: caption}, Code2DNone, testMeasure())
	if err != nil {
		t.Fatal(err)
	}
	if layout.Caption == nil {
		t.Fatal("caption dropped, expected it shortened")
	}
	got := layout.Caption.Text
	if !strings.HasSuffix(got, "…") || !strings.HasPrefix(caption, strings.TrimSuffix(got, "…")) {
		t.Errorf("caption %q, expected a prefix of %q and an ellipsis", got, caption)
	}
	if layout.Caption.X+layout.Caption.Width > tmpl.LabelWidth-LabelInset {
		t.Errorf("shortened caption still %.1f mm wide", layout.Caption.Width)
	}
}

func TestDotModuleSizes(t *testing.T) {
	tests := []struct {
		dpi         int
		bar, matrix []int
	}{
		{300, []int{6, 5, 4, 3}, []int{6, 5, 4}},
		{203, []int{4, 3, 2}, []int{4, 3}},
	}
	for _, tt := range tests {
		sizes := dotModuleSizes(tt.dpi)
		dot := 25.4 / float64(tt.dpi)
		toDots := func(mm []float64) []int {
			var dots []int
			for _, v := range mm {
				dots = append(dots, int(math.Round(v/dot)))
			}
			return dots
		}
		if got := toDots(sizes.bar); !slices.Equal(got, tt.bar) {
			t.Errorf("%d dpi: bar modules %v dots, expected %v", tt.dpi, got, tt.bar)
		}
		if got := toDots(sizes.matrix); !slices.Equal(got, tt.matrix) {
			t.Errorf("%d dpi: 2D modules %v dots, expected %v", tt.dpi, got, tt.matrix)
		}
	}
}

func TestEncodeCode128LetsEncoderChooseCodeSets(t *testing.T) {
	tests := []struct {
		text    string
		modules int
	}{
		// Start B, B, E, code C, 00 01 23, code B, W, check, stop.
		{"BE000123W", 123},
		// All of B: 11 per character plus start, check and stop.
		{"BEL00042W", 134},
	}
	for _, tt := range tests {
		bars, err := encodeCode128(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if len(bars) != tt.modules {
			t.Errorf("encodeCode128(%q) has %d modules, expected %d", tt.text, len(bars), tt.modules)
		}
		if !bars[0] || !bars[len(bars)-1] {
			t.Errorf("encodeCode128(%q) starts or ends with a space module: gozxing added a margin", tt.text)
		}
	}
}

func TestEncodeQRLongestURL(t *testing.T) {
	url := "https://parc.example/" + strings.Repeat("a", MaxURLLength-len("https://parc.example/"))
	symbol, err := encodeQR(url)
	if err != nil {
		t.Fatal(err)
	}
	// Version 6 is 41 modules wide.
	if symbol.Width != 41 || symbol.Height != 41 {
		t.Errorf("QR code of a %d-byte URL is %d × %d modules, expected 41 × 41 (version 6)", len(url), symbol.Width, symbol.Height)
	}
}
