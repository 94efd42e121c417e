package settings

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"parc/labels"
)

// FuzzCalibration checks the label_calibration setting, the printer
// offsets of the label templates. calibration never panics, and a
// rejection carries a message. Every offset it accepts renders a label
// on its template, because the renderer's own limit is the setting's,
// and the accepted setting reads back the same once encoded in its JSON
// form again.
func FuzzCalibration(f *testing.F) {
	tag, err := labels.NewAssetTag(labels.DefaultPrefix, 123)
	if err != nil {
		f.Fatalf("tag of the test label: %v", err)
	}
	label := []labels.Label{{Tag: tag, URL: "https://parc.example.org/t/" + tag.String(), Owner: "Propriété CCBE — service informatique"}}

	f.Fuzz(func(t *testing.T, raw []byte) {
		offsets, fault := calibration(raw)
		if fault != nil {
			if fault.Key == "" {
				t.Fatalf("calibration(%q) rejected it without a message", raw)
			}
			return
		}

		view := map[string]map[string]float64{}
		for id, off := range offsets {
			if math.IsNaN(off.X) || math.IsNaN(off.Y) || math.Abs(off.X) > MaxOffset || math.Abs(off.Y) > MaxOffset {
				t.Fatalf("calibration(%q) accepted offset %+v for %s", raw, off, id)
			}
			tmpl, err := labels.TemplateByID(id)
			if err != nil {
				t.Fatalf("calibration(%q) accepted unknown template %q", raw, id)
			}
			opts := labels.Options{OffsetX: off.X, OffsetY: off.Y, Code2D: labels.Code2DQR}
			var buf bytes.Buffer
			if tmpl.Format == labels.FormatZPL {
				err = labels.RenderZPL(&buf, tmpl, label, opts)
			} else {
				err = labels.RenderPDF(&buf, tmpl, label, opts)
			}
			if err != nil {
				t.Fatalf("calibration(%q) accepted offset %+v that %s cannot render: %v", raw, off, id, err)
			}
			view[id] = map[string]float64{"offset_x_mm": off.X, "offset_y_mm": off.Y}
		}

		encoded, err := json.Marshal(view)
		if err != nil {
			t.Fatalf("encode the calibration of %q: %v", raw, err)
		}
		again, fault := calibration(encoded)
		if fault != nil || len(again) != len(offsets) {
			t.Fatalf("calibration(%q), the encoding of %q, = %v, %v, want %v", encoded, raw, again, fault, offsets)
		}
		for id, off := range offsets {
			if again[id] != off {
				t.Fatalf("offset of %s reads back as %+v from %q, want %+v", id, again[id], encoded, off)
			}
		}
	})
}
