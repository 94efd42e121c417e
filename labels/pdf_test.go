package labels

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func renderPDF(t *testing.T, tmpl Template, labels []Label, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderPDF(&buf, tmpl, labels, opt); err != nil {
		t.Fatalf("RenderPDF(%s, %d labels, %+v): %v", tmpl.ID, len(labels), opt, err)
	}
	return buf.Bytes()
}

func pdfTemplates() []Template {
	var list []Template
	for _, tmpl := range Templates() {
		if tmpl.Format == FormatPDF {
			list = append(list, tmpl)
		}
	}
	return list
}

// TestRenderPDFDecodes renders two pages of labels for every PDF template,
// rasterizes them at 300 and 200 dpi, crops every label cell by the
// template geometry and decodes each crop with zbarimg and gozxing.
func TestRenderPDFDecodes(t *testing.T) {
	for _, tmpl := range pdfTemplates() {
		t.Run(tmpl.ID, func(t *testing.T) {
			t.Parallel()
			// The 134-module location tag is too wide for L7651, as
			// TestRenderPDFRejectsTagTooWide shows.
			labels := sampleLabels(t, 2*tmpl.PerPage(), tmpl.ID != "avery-l7651")
			doc := renderPDF(t, tmpl, labels, Options{})

			measure := helveticaMeasure(newPDF(tmpl, "test"))
			layouts := make([]labelLayout, len(labels))
			for i, l := range labels {
				var err error
				if layouts[i], err = layoutLabel(tmpl, l, Code2DQR, measure); err != nil {
					t.Fatal(err)
				}
			}

			for _, dpi := range []int{300, 200} {
				t.Run(fmt.Sprintf("%ddpi", dpi), func(t *testing.T) {
					checkDecodedCells(t, tmpl, labels, layouts, rasterize(t, doc, dpi), dpi)
				})
			}
		})
	}
}

func checkDecodedCells(t *testing.T, tmpl Template, labels []Label, layouts []labelLayout, pages []*image.Gray, dpi int) {
	if len(pages) != 2 {
		t.Fatalf("%d pages, expected 2", len(pages))
	}

	dir := t.TempDir()
	var files []string
	for i, l := range labels {
		page, pos := i/tmpl.PerPage(), i%tmpl.PerPage()
		x, y := cellPosition(tmpl, pos)
		cell := crop(pages[page], mmRect(x, y, tmpl.LabelWidth, tmpl.LabelHeight, dpi))
		name := filepath.Join(dir, fmt.Sprintf("page%d-cell%02d.png", page+1, pos+1))
		writePNG(t, name, cell)
		files = append(files, name)

		where := fmt.Sprintf("page %d cell %d (row %d, column %d)", page+1, pos+1, pos/tmpl.Columns+1, pos%tmpl.Columns+1)
		checkQuietZones(t, where, pages[page], tmpl, x, y, layouts[i], dpi)

		if got, err := gozxingCode128(cell); err != nil || got != l.Tag.String() {
			t.Errorf("%s: gozxing Code 128 = %q, %v, expected %q", where, got, err, l.Tag)
		}
		if layouts[i].Matrix != nil {
			if got, err := gozxingQR(cell); err != nil || got != l.URL {
				t.Errorf("%s: gozxing QR code = %q, %v, expected %q", where, got, err, l.URL)
			}
		}
	}

	found := zbarSymbols(t, files)
	decoded := 0
	for i, l := range labels {
		want := []string{"CODE-128:" + l.Tag.String()}
		if layouts[i].Matrix != nil {
			want = append(want, "QR-Code:"+l.URL)
		}
		got := slices.Clone(found[files[i]])
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: zbarimg decoded %q, expected %q", filepath.Base(files[i]), got, want)
			continue
		}
		decoded++
	}
	if decoded != len(labels) {
		t.Errorf("zbarimg decoded %d of %d labels", decoded, len(labels))
	}

	// The last column and the last row of both pages are the cells that
	// a wrong pitch or margin pushes off the labels first.
	lastColumn, lastRowStart, last := tmpl.Columns-1, (tmpl.Rows-1)*tmpl.Columns, tmpl.PerPage()-1
	for page := range 2 {
		for _, pos := range []int{lastColumn, lastRowStart, last} {
			name := files[page*tmpl.PerPage()+pos]
			if len(found[name]) == 0 {
				t.Errorf("%s: nothing decoded in the last row or column", filepath.Base(name))
			}
		}
	}
}

// cellPosition returns the top-left corner of the label at pos on its
// page, computed here rather than with the renderer's own function.
func cellPosition(tmpl Template, pos int) (x, y float64) {
	row, column := pos/tmpl.Columns, pos%tmpl.Columns
	return tmpl.MarginLeft + float64(column)*tmpl.PitchX, tmpl.MarginTop + float64(row)*tmpl.PitchY
}

// checkQuietZones checks on the page raster that the quiet zones that the
// layout reserved for the label at x, y (millimetres) lie inside its cell
// and are blank. One pixel is left out at each edge for anti-aliasing.
func checkQuietZones(t *testing.T, where string, page *image.Gray, tmpl Template, x, y float64, layout labelLayout, dpi int) {
	t.Helper()
	cell := mmRect(x, y, tmpl.LabelWidth, tmpl.LabelHeight, dpi)
	// The widths that the standards require, independent of the
	// constants of the code under test: 10 modules for Code 128, 4 for
	// QR codes, and the 2 that the package promises for Data Matrix
	// (the standard's minimum is 1).
	zones := map[string]image.Rectangle{}
	b := layout.Barcode
	bq := 10 * b.Module
	zones["barcode left"] = mmRect(x+b.X-bq, y+b.Y, bq, b.Height, dpi)
	zones["barcode right"] = mmRect(x+b.X+b.width(), y+b.Y, bq, b.Height, dpi)
	if m := layout.Matrix; m != nil {
		q := map[string]float64{Code2DQR: 4, Code2DDataMatrix: 2}[m.Symbol.Kind] * m.Module
		zones["2D code top"] = mmRect(x+m.X-q, y+m.Y-q, m.width()+2*q, q, dpi)
		zones["2D code bottom"] = mmRect(x+m.X-q, y+m.Y+m.height(), m.width()+2*q, q, dpi)
		zones["2D code left"] = mmRect(x+m.X-q, y+m.Y, q, m.height(), dpi)
		zones["2D code right"] = mmRect(x+m.X+m.width(), y+m.Y, q, m.height(), dpi)
	}

	for name, zone := range zones {
		if !zone.In(cell) {
			t.Errorf("%s: %s quiet zone %v leaves the cell %v", where, name, zone, cell)
			continue
		}
		if level := darkestIn(page, zone.Inset(1)); level < 192 {
			t.Errorf("%s: %s quiet zone %v has a pixel of grey level %d, expected blank", where, name, zone, level)
		}
	}
}

func TestRenderPDFOwnerLineText(t *testing.T) {
	requireTool(t, "pdftotext")
	tmpl, _ := TemplateByID("avery-l7160")
	labels := sampleLabels(t, 3, true)
	name := filepath.Join(t.TempDir(), "labels.pdf")
	if err := os.WriteFile(name, renderPDF(t, tmpl, labels, Options{}), 0o600); err != nil {
		t.Fatal(err)
	}

	out, err := runTool("pdftotext", "-enc", "UTF-8", name, "-")
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{testOwner, "École Jules Ferry — salle B12", labels[0].Tag.String(), labels[1].Tag.String()} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, text)
		}
	}
	if got := strings.Count(text, testOwner); got != len(labels) {
		t.Errorf("owner line appears %d times, expected %d", got, len(labels))
	}
}

func TestRenderPDFPrintScalingNone(t *testing.T) {
	for _, id := range []string{"avery-l7651", "brother-62mm"} {
		t.Run(id, func(t *testing.T) {
			tmpl, _ := TemplateByID(id)
			doc := renderPDF(t, tmpl, sampleLabels(t, tmpl.PerPage()+1, false), Options{})

			if !bytes.HasPrefix(doc, []byte("%PDF-1.6\n")) {
				t.Errorf("header %q, expected %%PDF-1.6, the version that has PrintScaling", doc[:9])
			}
			catalog := catalogObject(t, doc)
			if !strings.Contains(catalog, "/ViewerPreferences << /PrintScaling /None >>") {
				t.Errorf("catalog lacks PrintScaling /None:\n%s", catalog)
			}
			checkStartXref(t, doc)
			checkPDFInfo(t, doc, tmpl, 2)
		})
	}
}

// catalogObject returns the object that the trailer's /Root names.
func catalogObject(t *testing.T, doc []byte) string {
	t.Helper()
	root := regexp.MustCompile(`/Root (\d+) 0 R`).FindSubmatch(doc)
	if root == nil {
		t.Fatal("trailer has no /Root")
	}
	start := bytes.LastIndex(doc, []byte("\n"+string(root[1])+" 0 obj\n"))
	if start < 0 {
		t.Fatalf("object %s, the catalog, not found", root[1])
	}
	end := bytes.Index(doc[start:], []byte("endobj"))
	if end < 0 {
		t.Fatalf("object %s has no endobj", root[1])
	}
	return string(doc[start : start+end])
}

// checkStartXref checks that startxref points at the cross-reference table.
func checkStartXref(t *testing.T, doc []byte) {
	t.Helper()
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\s*$`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("no startxref at the end of the document")
	}
	offset, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(doc[offset:], []byte("xref\n")) {
		t.Errorf("startxref %d points at %q, expected the xref table", offset, doc[offset:min(offset+10, len(doc))])
	}
}

// checkPDFInfo checks with pdfinfo that poppler parses doc without
// complaint and finds the page count and size.
func checkPDFInfo(t *testing.T, doc []byte, tmpl Template, pages int) {
	t.Helper()
	requireTool(t, "pdfinfo")
	name := filepath.Join(t.TempDir(), "labels.pdf")
	if err := os.WriteFile(name, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := runTool("pdfinfo", name)
	if err != nil {
		t.Fatal(err)
	}
	info := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if key, value, ok := strings.Cut(line, ":"); ok {
			info[key] = strings.TrimSpace(value)
		}
	}

	if got, want := info["Pages"], strconv.Itoa(pages); got != want {
		t.Errorf("pdfinfo Pages: %q, expected %q", got, want)
	}
	wantSize := fmt.Sprintf("%g x %g pts", roundPt(tmpl.PageWidth), roundPt(tmpl.PageHeight))
	if got := info["Page size"]; !strings.HasPrefix(got, wantSize) {
		t.Errorf("pdfinfo Page size: %q, expected %q", got, wantSize)
	}
	if got := info["PDF version"]; got != "1.6" {
		t.Errorf("pdfinfo PDF version: %q, expected 1.6", got)
	}
}

// roundPt converts millimetres to points rounded as pdfinfo prints them.
func roundPt(mm float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(mm/pt, 'f', 2, 64), 64)
	return v
}

func TestRenderPDFSkipLeavesCellsBlank(t *testing.T) {
	tmpl, _ := TemplateByID("avery-l7160")
	labels := sampleLabels(t, 3, true)
	const skip = 4
	pages := rasterize(t, renderPDF(t, tmpl, labels, Options{Skip: skip}), 200)
	if len(pages) != 1 {
		t.Fatalf("%d pages, expected 1", len(pages))
	}

	for pos := range tmpl.PerPage() {
		x, y := cellPosition(tmpl, pos)
		cell := crop(pages[0], mmRect(x, y, tmpl.LabelWidth, tmpl.LabelHeight, 200))
		i := pos - skip
		if i < 0 || i >= len(labels) {
			if level := darkestIn(cell, cell.Bounds()); level != 255 {
				t.Errorf("cell %d: darkest grey level %d, expected a blank cell", pos+1, level)
			}
			continue
		}
		if got, err := gozxingCode128(cell); err != nil || got != labels[i].Tag.String() {
			t.Errorf("cell %d: Code 128 = %q, %v, expected %q", pos+1, got, err, labels[i].Tag)
		}
	}
}

func TestRenderPDFOffsetMovesLabels(t *testing.T) {
	tmpl, _ := TemplateByID("avery-l7651")
	labels := sampleLabels(t, 1, false)
	const dpi = 300

	plain := rasterize(t, renderPDF(t, tmpl, labels, Options{}), dpi)[0]
	moved := rasterize(t, renderPDF(t, tmpl, labels, Options{OffsetX: 2, OffsetY: -1.5}), dpi)[0]

	a, b := darkBounds(plain), darkBounds(moved)
	wantDX, wantDY := 2*dpi/25.4, -1.5*dpi/25.4
	dx, dy := float64(b.Min.X-a.Min.X), float64(b.Min.Y-a.Min.Y)
	if diff := dx - wantDX; diff < -1.5 || diff > 1.5 {
		t.Errorf("content moved %g px right, expected %.1f (2 mm)", dx, wantDX)
	}
	if diff := dy - wantDY; diff < -1.5 || diff > 1.5 {
		t.Errorf("content moved %g px down, expected %.1f (-1.5 mm)", dy, wantDY)
	}
}

// darkBounds returns the bounding box of the pixels darker than mid-grey.
func darkBounds(img *image.Gray) image.Rectangle {
	var r image.Rectangle
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if img.GrayAt(x, y).Y < 128 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

func TestRenderPDFDataMatrix(t *testing.T) {
	tmpl, _ := TemplateByID("avery-l7160")
	labels := sampleLabels(t, tmpl.PerPage(), true)
	const dpi = 300
	pages := rasterize(t, renderPDF(t, tmpl, labels, Options{Code2D: Code2DDataMatrix}), dpi)

	measure := helveticaMeasure(newPDF(tmpl, "test"))
	dir := t.TempDir()
	var files []string
	for i, l := range labels {
		layout, err := layoutLabel(tmpl, l, Code2DDataMatrix, measure)
		if err != nil {
			t.Fatal(err)
		}
		if layout.Matrix == nil || layout.Matrix.Symbol.Kind != Code2DDataMatrix {
			t.Fatalf("label %d: layout has no Data Matrix: %+v", i+1, layout.Dropped)
		}

		x, y := cellPosition(tmpl, i)
		checkQuietZones(t, fmt.Sprintf("cell %d", i+1), pages[0], tmpl, x, y, layout, dpi)

		// ZXing's Data Matrix detector starts from the centre of the
		// image, which on a whole label is the barcode. Both decoders
		// therefore get the symbol with 1 mm around its quiet zone, as
		// a scanner aimed at it would see it.
		m := layout.Matrix
		margin := m.quietZone() + 1
		region := mmRect(x+m.X-margin, y+m.Y-margin, m.width()+2*margin, m.height()+2*margin, dpi)
		symbol := crop(pages[0], region.Intersect(mmRect(x, y, tmpl.LabelWidth, tmpl.LabelHeight, dpi)))
		if got, err := gozxingDataMatrix(symbol); err != nil || got != l.Tag.String() {
			t.Errorf("cell %d: gozxing Data Matrix = %q, %v, expected %q", i+1, got, err, l.Tag)
		}
		name := filepath.Join(dir, fmt.Sprintf("cell%02d.png", i+1))
		writePNG(t, name, symbol)
		files = append(files, name)

		cell := crop(pages[0], mmRect(x, y, tmpl.LabelWidth, tmpl.LabelHeight, dpi))
		if got, err := gozxingCode128(cell); err != nil || got != l.Tag.String() {
			t.Errorf("cell %d: gozxing Code 128 = %q, %v, expected %q", i+1, got, err, l.Tag)
		}
	}

	found := zxingSymbols(t, "DataMatrix", files)
	for i, l := range labels {
		want := []string{"DataMatrix:" + l.Tag.String()}
		if got := found[files[i]]; !slices.Equal(got, want) {
			t.Errorf("cell %d: ZXingReader decoded %q, expected %q", i+1, got, want)
		}
	}
}

func TestRenderTestPage(t *testing.T) {
	for _, tmpl := range pdfTemplates() {
		t.Run(tmpl.ID, func(t *testing.T) {
			var buf bytes.Buffer
			if err := RenderTestPage(&buf, tmpl, Options{OffsetX: 1, OffsetY: -1, Skip: 3}); err != nil {
				t.Fatal(err)
			}
			checkPDFInfo(t, buf.Bytes(), tmpl, 1)
			if !strings.Contains(catalogObject(t, buf.Bytes()), "/PrintScaling /None") {
				t.Error("test page lacks PrintScaling /None")
			}

			requireTool(t, "pdftotext")
			name := filepath.Join(t.TempDir(), "test.pdf")
			if err := os.WriteFile(name, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := runTool("pdftotext", name, "-")
			if err != nil {
				t.Fatal(err)
			}
			numbers := strings.Fields(string(out))
			for pos := 1; pos <= tmpl.PerPage(); pos++ {
				if !slices.Contains(numbers, strconv.Itoa(pos)) {
					t.Errorf("position number %d missing from the test page: %q", pos, numbers)
				}
			}
		})
	}
}
