package labels

import (
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

const testOwner = "Propriété CCBE — service informatique"

// testURL returns the QR code URL of a tag, as the server builds it.
func testURL(tag Tag) string {
	return "https://parc.example/t/" + tag.String()
}

// Location serials whose tags take 112 and 134 Code 128 modules. BEL000127
// ends in 6 digits, which code set C packs in pairs. BEL00042W ends in 5
// digits and a letter, and takes as many modules as code set B alone.
const (
	narrowLocationSerial = 12 // BEL000127
	wideLocationSerial   = 42 // BEL00042W
)

// sampleLabels returns n asset labels with spread serials, the owner line
// and a URL, with location labels (caption included) at positions 1 and,
// when wide is true, 2.
func sampleLabels(t *testing.T, n int, wide bool) []Label {
	t.Helper()
	labels := make([]Label, n)
	for i := range labels {
		tag := mustAssetTag(t, "BE", 1+(i*104729)%MaxAssetSerial)
		labels[i] = Label{Tag: tag, URL: testURL(tag), Owner: testOwner}
	}
	if n > 1 {
		tag := mustLocationTag(t, "BE", narrowLocationSerial)
		labels[1] = Label{Tag: tag, URL: testURL(tag), Owner: testOwner, Caption: "École Jules Ferry — salle B12"}
	}
	if n > 2 && wide {
		tag := mustLocationTag(t, "BE", wideLocationSerial)
		labels[2] = Label{Tag: tag, URL: testURL(tag), Owner: testOwner, Caption: "Mairie — bureau 3"}
	}
	return labels
}

func testMeasure() textMeasure {
	return helveticaMeasure(fpdf.New("P", "mm", "A4", ""))
}
