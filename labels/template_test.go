package labels

import (
	"math"
	"strings"
	"testing"
)

func TestTemplatesGeometry(t *testing.T) {
	want := map[string]struct {
		perPage       int
		width, height float64
	}{
		"avery-l7651":  {65, 38.1, 21.2},
		"avery-l7160":  {21, 63.5, 38.1},
		"avery-l7163":  {14, 99.1, 38.1},
		"a4-3x8-70x37": {24, 70, 37},
		"brother-62mm": {1, 62, 29},
		"zebra-50x25":  {1, 50, 25},
	}

	seen := map[string]bool{}
	for _, tmpl := range Templates() {
		t.Run(tmpl.ID, func(t *testing.T) {
			if seen[tmpl.ID] {
				t.Fatalf("duplicate ID")
			}
			seen[tmpl.ID] = true

			w, ok := want[tmpl.ID]
			if !ok {
				t.Fatalf("unexpected template")
			}
			if got := tmpl.PerPage(); got != w.perPage {
				t.Errorf("PerPage() = %d, expected %d", got, w.perPage)
			}
			// Published label sizes are rounded to 0.1 mm; sources
			// differ by a few hundredths.
			if math.Abs(tmpl.LabelWidth-w.width) > 0.05 || math.Abs(tmpl.LabelHeight-w.height) > 0.05 {
				t.Errorf("label %g × %g mm, expected %g × %g", tmpl.LabelWidth, tmpl.LabelHeight, w.width, w.height)
			}

			if tmpl.Name == "" || tmpl.Source == "" {
				t.Errorf("Name %q or Source %q is empty", tmpl.Name, tmpl.Source)
			}
			switch tmpl.Format {
			case FormatPDF:
				if tmpl.DPI != 0 {
					t.Errorf("PDF template with DPI %d", tmpl.DPI)
				}
			case FormatZPL:
				if tmpl.DPI <= 0 || !tmpl.Roll {
					t.Errorf("ZPL template with DPI %d and Roll %v, expected a roll with a DPI", tmpl.DPI, tmpl.Roll)
				}
			default:
				t.Errorf("Format %q", tmpl.Format)
			}
			if tmpl.Roll && (tmpl.PerPage() != 1 || tmpl.PageWidth != tmpl.LabelWidth || tmpl.PageHeight != tmpl.LabelHeight) {
				t.Errorf("roll with %d labels per %g × %g mm page, expected one label filling the page", tmpl.PerPage(), tmpl.PageWidth, tmpl.PageHeight)
			}

			if tmpl.PitchX < tmpl.LabelWidth || tmpl.PitchY < tmpl.LabelHeight {
				t.Errorf("pitch %g × %g mm is smaller than the label, which would overlap", tmpl.PitchX, tmpl.PitchY)
			}
			x, y := tmpl.cellOrigin(tmpl.PerPage() - 1)
			const rounding = 0.01
			if tmpl.MarginLeft < 0 || tmpl.MarginTop < 0 ||
				x+tmpl.LabelWidth > tmpl.PageWidth+rounding || y+tmpl.LabelHeight > tmpl.PageHeight+rounding {
				t.Errorf("last label at %g, %g mm leaves the %g × %g mm page", x, y, tmpl.PageWidth, tmpl.PageHeight)
			}

			// LabelInset keeps content inside corners up to this radius.
			if maxRadius := LabelInset / (1 - 1/math.Sqrt2); tmpl.CornerRadius > maxRadius {
				t.Errorf("corner radius %g mm cuts into the content inset, expected at most %.1f", tmpl.CornerRadius, maxRadius)
			}
		})
	}
	if len(seen) != len(want) {
		t.Errorf("%d templates, expected %d", len(seen), len(want))
	}
}

func TestTemplatesReturnsCopy(t *testing.T) {
	list := Templates()
	list[0].ID = "changed"
	if Templates()[0].ID == "changed" {
		t.Error("changing the returned slice changed the built-in templates")
	}
}

func TestTemplateByID(t *testing.T) {
	tmpl, err := TemplateByID("avery-l7160")
	if err != nil || tmpl.ID != "avery-l7160" {
		t.Fatalf("TemplateByID(avery-l7160) = %q, %v", tmpl.ID, err)
	}

	_, err = TemplateByID("avery-l9999")
	if err == nil {
		t.Fatal("TemplateByID(avery-l9999) returned no error")
	}
	for _, want := range []string{`"avery-l9999"`, "avery-l7651", "avery-l7160", "avery-l7163", "a4-3x8-70x37", "brother-62mm", "zebra-50x25"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestCellOriginReadingOrder(t *testing.T) {
	tmpl, _ := TemplateByID("avery-l7160")
	tests := []struct {
		pos  int
		x, y float64
	}{
		{0, 7.20, 15.15},
		{2, 7.20 + 2*66.04, 15.15},
		{3, 7.20, 15.15 + 38.10},
		{20, 7.20 + 2*66.04, 15.15 + 6*38.10},
	}
	for _, tt := range tests {
		x, y := tmpl.cellOrigin(tt.pos)
		if math.Abs(x-tt.x) > 1e-9 || math.Abs(y-tt.y) > 1e-9 {
			t.Errorf("cellOrigin(%d) = %g, %g, expected %g, %g", tt.pos, x, y, tt.x, tt.y)
		}
	}
}
