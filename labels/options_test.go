package labels

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestRenderRejectsBadInput(t *testing.T) {
	asset := mustAssetTag(t, "BE", 123)
	good := []Label{{Tag: asset, URL: testURL(asset), Owner: testOwner}}
	withLabel := func(l Label) []Label {
		return []Label{good[0], l}
	}
	wideLocation := mustLocationTag(t, "BE", wideLocationSerial)

	tests := []struct {
		name     string
		template string
		labels   []Label
		opt      Options
		want     []string
	}{
		{"negative skip", "avery-l7651", good, Options{Skip: -1}, []string{"skip -1", "expected 0 to 64"}},
		{"skip of a full sheet", "avery-l7651", good, Options{Skip: 65}, []string{"skip 65", "avery-l7651", "expected 0 to 64"}},
		{"skip on a roll", "brother-62mm", good, Options{Skip: 1}, []string{"skip 1", "brother-62mm", "roll", "use 0"}},
		{"skip on a ZPL roll", "zebra-50x25", good, Options{Skip: 2}, []string{"skip 2", "use 0"}},
		{"offset x too far right", "avery-l7160", good, Options{OffsetX: 5.5}, []string{"offset x 5.5 mm", "-5 to 5 mm", "test page"}},
		{"offset y too far up", "avery-l7160", good, Options{OffsetY: -7}, []string{"offset y -7 mm", "-5 to 5 mm"}},
		{"offset not a number", "avery-l7160", good, Options{OffsetX: math.NaN()}, []string{"offset x NaN mm"}},
		{"offset infinite", "zebra-50x25", good, Options{OffsetY: math.Inf(1)}, []string{"offset y +Inf mm"}},
		{"unknown 2D code", "avery-l7160", good, Options{Code2D: "aztec"}, []string{`"aztec"`, `"qr"`, `"datamatrix"`, `"none"`}},
		{"no labels", "avery-l7160", nil, Options{}, []string{"no labels", "at least one"}},
		{"lower-case prefix", "avery-l7160", withLabel(Label{Tag: Tag{Prefix: "be", Serial: 1}}), Options{}, []string{"label 2 of 2", "contains 'b'", "A-Z, 0-9 and -"}},
		{"unknown kind", "avery-l7160", withLabel(Label{Tag: Tag{Prefix: "BE", Kind: 7, Serial: 1}}), Options{}, []string{"label 2 of 2", "contains '?'"}},
		{"zero serial", "avery-l7160", withLabel(Label{Tag: Tag{Prefix: "BE"}}), Options{}, []string{"invalid tag", "serial 000000 is zero"}},
		{"URL with a space", "avery-l7160", withLabel(Label{Tag: asset, URL: "https://parc.example/t/ BE"}), Options{}, []string{"URL", "contains ' '", "percent-encoded"}},
		{"URL with an accent", "avery-l7160", withLabel(Label{Tag: asset, URL: "https://parc.example/é"}), Options{}, []string{"contains 'é'"}},
		{"URL too long", "avery-l7160", withLabel(Label{Tag: asset, URL: "https://parc.example/" + strings.Repeat("a", 90)}), Options{}, []string{"111 bytes", "at most 100"}},
		{"owner outside Windows-1252", "avery-l7160", withLabel(Label{Tag: asset, Owner: "Parc → CCBE"}), Options{}, []string{"owner line", "'→'", "cannot print"}},
		{"caption on two lines", "avery-l7160", withLabel(Label{Tag: asset, Caption: "Salle\nB12"}), Options{}, []string{"caption", "control character U+000A"}},
		{"caption too long", "avery-l7160", withLabel(Label{Tag: asset, Caption: strings.Repeat("é", 101)}), Options{}, []string{"caption is 101 characters", "at most 100"}},
		{"ZPL template to PDF", "zebra-50x25", good, Options{}, []string{"zebra-50x25", "RenderZPL"}},
		{"location tag too wide", "avery-l7651", withLabel(Label{Tag: wideLocation}), Options{}, []string{"label 2 of 2", wideLocation.String(), "134 modules", "choose a wider template"}},
		{"three-letter prefix too wide", "avery-l7651", withLabel(Label{Tag: mustAssetTag(t, "ABC", 1)}), Options{}, []string{"ABC000001I", "134 modules", "does not fit template avery-l7651"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := TemplateByID(tt.template)
			if err != nil {
				t.Fatal(err)
			}
			render := RenderPDF
			if tt.name != "ZPL template to PDF" && tmpl.Format == FormatZPL {
				render = RenderZPL
			}

			var buf bytes.Buffer
			err = render(&buf, tmpl, tt.labels, tt.opt)
			if err == nil {
				t.Fatalf("no error for %+v", tt.opt)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before failing, expected none", buf.Len())
			}
		})
	}
}

func TestRenderZPLRejectsPDFTemplate(t *testing.T) {
	tmpl, _ := TemplateByID("avery-l7160")
	asset := mustAssetTag(t, "BE", 1)
	err := RenderZPL(&bytes.Buffer{}, tmpl, []Label{{Tag: asset}}, Options{})
	if err == nil || !strings.Contains(err.Error(), "RenderPDF") {
		t.Errorf("RenderZPL with a PDF template: %v, expected an error naming RenderPDF", err)
	}

	zebra, _ := TemplateByID("zebra-50x25")
	if err := RenderTestPage(&bytes.Buffer{}, zebra, Options{}); err == nil || !strings.Contains(err.Error(), "RenderZPL") {
		t.Errorf("RenderTestPage with a ZPL template: %v, expected an error naming RenderZPL", err)
	}
}

// TestOptionsBounds sweeps skip and offset values across their limits and
// checks that exactly the values outside them are rejected.
func TestOptionsBounds(t *testing.T) {
	offsets := []float64{-5.001, -5, -0.3, 0, 2.5, 5, 5.001}
	for _, tmpl := range Templates() {
		for skip := -2; skip <= tmpl.PerPage()+1; skip++ {
			for _, offsetX := range offsets {
				for _, offsetY := range offsets {
					opt := Options{Skip: skip, OffsetX: offsetX, OffsetY: offsetY}
					_, err := opt.normalize(tmpl)

					valid := skip >= 0 && skip < tmpl.PerPage() &&
						math.Abs(offsetX) <= MaxOffset && math.Abs(offsetY) <= MaxOffset
					if valid != (err == nil) {
						t.Errorf("%s %+v: error %v, expected valid = %v", tmpl.ID, opt, err, valid)
					}
				}
			}
		}
	}
}

func TestOptionsDefaultCode2DIsQR(t *testing.T) {
	tmpl, _ := TemplateByID("avery-l7160")
	opt, err := Options{}.normalize(tmpl)
	if err != nil || opt.Code2D != Code2DQR {
		t.Errorf("normalize(Options{}) = %q, %v, expected %q", opt.Code2D, err, Code2DQR)
	}
}

func TestCheckTextAcceptsFrench(t *testing.T) {
	for _, text := range []string{testOwner, "École maternelle — salle d’évolution", "Cœur de ville, 1er étage «B»", "Coût : 12 €"} {
		if err := checkText("caption", text); err != nil {
			t.Errorf("checkText(%q): %v", text, err)
		}
		if got := len(toWindows1252(text)); got != len([]rune(text)) {
			t.Errorf("toWindows1252(%q) has %d bytes, expected one per character", text, got)
		}
	}
}

func ExampleTemplateByID() {
	_, err := TemplateByID("a4")
	fmt.Println(err)
	// Output: unknown label template "a4": expected one of avery-l7651, avery-l7160, avery-l7163, a4-3x8-70x37, brother-62mm, zebra-50x25
}
