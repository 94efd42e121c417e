package labels

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func renderZPL(t *testing.T, labels []Label, opt Options) string {
	t.Helper()
	tmpl, _ := TemplateByID("zebra-50x25")
	var buf bytes.Buffer
	if err := RenderZPL(&buf, tmpl, labels, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// zplFormats splits ZPL into its ^XA…^XZ formats and fails unless every
// line belongs to one.
func zplFormats(t *testing.T, zpl string) []string {
	t.Helper()
	var formats []string
	for _, part := range strings.SplitAfter(zpl, "^XZ\n") {
		if part == "" {
			continue
		}
		if !strings.HasPrefix(part, "^XA\n") || !strings.HasSuffix(part, "^XZ\n") {
			t.Fatalf("text outside ^XA…^XZ: %q", part)
		}
		formats = append(formats, part)
	}
	return formats
}

func TestRenderZPLStructure(t *testing.T) {
	labels := sampleLabels(t, 4, true)
	formats := zplFormats(t, renderZPL(t, labels, Options{}))
	if len(formats) != len(labels) {
		t.Fatalf("%d formats, expected one per label, %d", len(formats), len(labels))
	}

	field := regexp.MustCompile(`\^F[OT](\d+),(-?\d+)`)
	for i, format := range formats {
		l := labels[i]
		for _, want := range []string{"^CI28\n", "^PW400\n", "^LL200\n", "^LS0\n", "^LT0\n"} {
			if !strings.Contains(format, want) {
				t.Errorf("label %d lacks %q:\n%s", i+1, want, format)
			}
		}

		barcode := regexp.MustCompile(`\^BY(\d+),3,(\d+)\^BCN,(\d+),N,N,N,A\^FD([^^]*)\^FS`).FindStringSubmatch(format)
		if barcode == nil {
			t.Fatalf("label %d: no ^BC in automatic mode:\n%s", i+1, format)
		}
		if barcode[4] != l.Tag.String() {
			t.Errorf("label %d: Code 128 ^FD %q, expected the tag %q", i+1, barcode[4], l.Tag)
		}
		if module, _ := strconv.Atoi(barcode[1]); module < 2 {
			t.Errorf("label %d: module %d dots, expected at least 2 (0.25 mm at 203 dpi)", i+1, module)
		}
		if height, _ := strconv.Atoi(barcode[3]); height < 48 {
			t.Errorf("label %d: bars %d dots high, expected at least 48 (6 mm)", i+1, height)
		}

		qr := regexp.MustCompile(`\^BY\d+,3,10\^FO\d+,\d+\^BQN,2,(\d+)\^FH\^FDMA,([^^]*)\^FS`).FindStringSubmatch(format)
		if qr == nil {
			t.Fatalf("label %d: no ^BQ after a ^BY pinning the height to 10 dots:\n%s", i+1, format)
		}
		if qr[2] != l.URL {
			t.Errorf("label %d: QR code ^FD %q, expected the URL %q", i+1, qr[2], l.URL)
		}
		if module, _ := strconv.Atoi(qr[1]); module < 3 {
			t.Errorf("label %d: QR module %d dots, expected at least 3", i+1, module)
		}

		if !strings.Contains(format, "^FD"+testOwner+"^FS") {
			t.Errorf("label %d: owner line missing or altered:\n%s", i+1, format)
		}
		if !strings.Contains(format, "^A0N,") || !strings.Contains(format, "^FD"+l.Tag.String()+"^FS\n^XZ") {
			t.Errorf("label %d: tag in clear text missing:\n%s", i+1, format)
		}

		for _, m := range field.FindAllStringSubmatch(format, -1) {
			x, _ := strconv.Atoi(m[1])
			y, _ := strconv.Atoi(m[2])
			if x < 0 || x >= 400 || y < 0 || y > 200 {
				t.Errorf("label %d: field at %d, %d is off the 400 × 200 dot label", i+1, x, y)
			}
		}
	}
}

func TestRenderZPLOffsets(t *testing.T) {
	labels := sampleLabels(t, 2, false)
	zpl := renderZPL(t, labels, Options{OffsetX: 1.5, OffsetY: -2})

	// 1.5 mm right is 12 dots; ^LS counts to the left. 2 mm up is 16
	// dot rows towards the top, a negative ^LT.
	if got := strings.Count(zpl, "^LS-12\n^LT-16\n"); got != len(labels) {
		t.Errorf("^LS-12 ^LT-16 in %d formats, expected %d:\n%s", got, len(labels), zpl)
	}
}

func TestRenderZPLDataMatrix(t *testing.T) {
	labels := sampleLabels(t, 3, true)
	formats := zplFormats(t, renderZPL(t, labels, Options{Code2D: Code2DDataMatrix}))
	for i, format := range formats {
		dm := regexp.MustCompile(`\^BXN,(\d+),200,(\d+),(\d+)\^FH\^FD([^^]*)\^FS`).FindStringSubmatch(format)
		if dm == nil {
			t.Fatalf("label %d: no ^BX:\n%s", i+1, format)
		}
		if dm[4] != labels[i].Tag.String() {
			t.Errorf("label %d: Data Matrix ^FD %q, expected the tag %q", i+1, dm[4], labels[i].Tag)
		}
		if dm[2] != dm[3] {
			t.Errorf("label %d: Data Matrix %s × %s, expected square", i+1, dm[2], dm[3])
		}
		if strings.Contains(format, "^BQ") {
			t.Errorf("label %d: QR code printed with the Data Matrix option", i+1)
		}
	}
}

func TestRenderZPLEscapesFieldData(t *testing.T) {
	tag := mustAssetTag(t, "BE", 7)
	labels := []Label{{Tag: tag, URL: "https://parc.example/~it/t_" + tag.String(), Caption: "Salle ^B_12~"}}
	zpl := renderZPL(t, labels, Options{})

	for _, want := range []string{
		"^FDMA,https://parc.example/_7Eit/t_5F" + tag.String() + "^FS",
		"^FH^FDSalle _5EB_5F12_7E^FS",
	} {
		if !strings.Contains(zpl, want) {
			t.Errorf("ZPL lacks %q:\n%s", want, zpl)
		}
	}
}

func TestRenderZPLWithoutQR(t *testing.T) {
	tag := mustAssetTag(t, "BE", 8)
	zpl := renderZPL(t, []Label{{Tag: tag, Owner: testOwner}}, Options{})
	if strings.Contains(zpl, "^BQ") || strings.Contains(zpl, "^BX") {
		t.Errorf("2D code printed for a label without URL:\n%s", zpl)
	}
	zpl = renderZPL(t, []Label{{Tag: tag, URL: testURL(tag)}}, Options{Code2D: Code2DNone})
	if strings.Contains(zpl, "^BQ") {
		t.Errorf("QR code printed with Code2D none:\n%s", zpl)
	}
}
