package labels

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"codeberg.org/go-pdf/fpdf"
)

// RenderPDF writes labels as a PDF for template t, one sheet per page and
// the labels in reading order from position opt.Skip of the first sheet.
// Everything is vector: bars and modules are filled rectangles, text uses
// the standard Helvetica fonts. The document requests printing at 100 %
// (PrintScaling /None) because a scaled page misses the labels.
// Nothing is written when a label or an option is invalid.
func RenderPDF(w io.Writer, t Template, labels []Label, opt Options) error {
	opt, err := prepare(t, FormatPDF, labels, opt)
	if err != nil {
		return err
	}

	pdf := newPDF(t, "Labels")
	measure := helveticaMeasure(pdf)
	layouts := make([]labelLayout, len(labels))
	for i, l := range labels {
		layouts[i], err = layoutLabel(t, l, opt.Code2D, measure)
		if err != nil {
			return fmt.Errorf("label %d of %d: %w", i+1, len(labels), err)
		}
	}

	for i, layout := range layouts {
		pos := (opt.Skip + i) % t.PerPage()
		if i == 0 || pos == 0 {
			pdf.AddPage()
		}
		x, y := t.cellOrigin(pos)
		drawLabel(pdf, layout, x+opt.OffsetX, y+opt.OffsetY)
	}

	return writePDF(w, pdf)
}

// RenderTestPage writes a one-page PDF for calibrating a printer with
// template t: the outline of every label, its position number, a cross at
// its centre and a dashed line at LabelInset. Printed with opt's offsets
// and held against a sheet of labels, it shows how far to move them.
// opt.Skip and opt.Code2D are ignored.
func RenderTestPage(w io.Writer, t Template, opt Options) error {
	if err := checkFormat(t, FormatPDF); err != nil {
		return err
	}
	opt.Skip = 0
	opt, err := opt.normalize(t)
	if err != nil {
		return err
	}

	pdf := newPDF(t, "Calibration page")
	pdf.AddPage()
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont("Helvetica", "", 8)

	for pos := range t.PerPage() {
		x, y := t.cellOrigin(pos)
		x += opt.OffsetX
		y += opt.OffsetY
		cx, cy := x+t.LabelWidth/2, y+t.LabelHeight/2

		pdf.SetLineWidth(0.2)
		pdf.SetDashPattern(nil, 0)
		pdf.RoundedRect(x, y, t.LabelWidth, t.LabelHeight, t.CornerRadius, "1234", "D")
		pdf.Line(cx-2, cy, cx+2, cy)
		pdf.Line(cx, cy-2, cx, cy+2)

		pdf.SetLineWidth(0.1)
		pdf.SetDashPattern([]float64{0.5, 0.5}, 0)
		pdf.Rect(x+LabelInset, y+LabelInset, t.LabelWidth-2*LabelInset, t.LabelHeight-2*LabelInset, "D")

		number := strconv.Itoa(pos + 1)
		pdf.Text(cx+1, cy-1, number)
	}

	return writePDF(w, pdf)
}

// newPDF returns a document whose pages have t's page size, in millimetres.
func newPDF(t Template, title string) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           fpdf.SizeType{Wd: t.PageWidth, Ht: t.PageHeight},
	})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetTitle(title+" "+t.ID, true)
	pdf.SetCreator("Parc", true)
	return pdf
}

// drawLabel draws layout with the label's top-left corner at (x, y).
func drawLabel(pdf *fpdf.Fpdf, layout labelLayout, x, y float64) {
	pdf.SetFillColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)

	// Each symbol is one path of rectangles filled at once, so that
	// rasterizers see one shape and leave no light seams between modules.
	b := layout.Barcode
	for start := 0; start < len(b.Modules); {
		end := start
		for end < len(b.Modules) && b.Modules[end] == b.Modules[start] {
			end++
		}
		if b.Modules[start] {
			addRect(pdf, x+b.X+float64(start)*b.Module, y+b.Y, float64(end-start)*b.Module, b.Height)
		}
		start = end
	}
	pdf.DrawPath("F")

	if m := layout.Matrix; m != nil {
		for row := range m.Symbol.Height {
			for start := 0; start < m.Symbol.Width; {
				end := start
				for end < m.Symbol.Width && m.Symbol.At(end, row) == m.Symbol.At(start, row) {
					end++
				}
				if m.Symbol.At(start, row) {
					addRect(pdf, x+m.X+float64(start)*m.Module, y+m.Y+float64(row)*m.Module, float64(end-start)*m.Module, m.Module)
				}
				start = end
			}
		}
		pdf.DrawPath("F")
	}

	for _, line := range []*textBox{layout.Caption, layout.Owner, &layout.Tag} {
		if line == nil {
			continue
		}
		pdf.SetFont("Helvetica", fontStyle(line.Bold), line.SizePt)
		pdf.Text(x+line.X, y+line.Baseline, toWindows1252(line.Text))
	}
}

// addRect adds a closed rectangle to the current path.
func addRect(pdf *fpdf.Fpdf, x, y, w, h float64) {
	pdf.MoveTo(x, y)
	pdf.LineTo(x+w, y)
	pdf.LineTo(x+w, y+h)
	pdf.LineTo(x, y+h)
	pdf.ClosePath()
}

// writePDF finishes pdf, requests printing without scaling and writes the
// document to w.
func writePDF(w io.Writer, pdf *fpdf.Fpdf) error {
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("build PDF: %w", err)
	}
	doc, err := setPrintScalingNone(buf.Bytes())
	if err != nil {
		return err
	}
	if _, err := w.Write(doc); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return nil
}
