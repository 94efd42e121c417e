package reports

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"parc/server/i18n"
)

// PDFOptions set the language of the PDF and the organisation named in it.
type PDFOptions struct {
	Lang         i18n.Lang
	Organisation string
	MadeOn       time.Time
}

// Page geometry in mm (A4 portrait).
const (
	margin    = 15.0
	pageWidth = 210.0 - 2*margin
	lineH     = 5
)

// document is a report being drawn.
type document struct {
	pdf  *fpdf.Fpdf
	tr   func(string) string
	lang i18n.Lang
	r    Report
	opts PDFOptions
	// continued is the title that pages after the first of a section
	// repeat at their top, such as the commune's name.
	continued string
}

// RenderPDF draws the report: a summary page, then a section per commune
// starting on a new page. A section longer than a page goes on over more
// pages, each headed with the commune's name.
// The standard PDF fonts cover French in the Windows-1252 encoding, to
// which every text is translated.
func RenderPDF(r Report, opts PDFOptions) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+5)
	pdf.SetCreationDate(opts.MadeOn)
	pdf.SetModificationDate(opts.MadeOn)
	pdf.AliasNbPages("{nb}")
	d := &document{pdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor(""), lang: opts.Lang, r: r, opts: opts}
	pdf.SetTitle(d.text("report_title", r.Year), true)
	pdf.SetFooterFunc(d.footer)
	pdf.SetHeaderFunc(d.header)

	d.summaryPage()
	for _, item := range r.Items {
		d.communePage(item)
	}

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("render report PDF: %w", err)
	}
	return buf.Bytes(), nil
}

func (d *document) text(key string, args ...any) string {
	return text(d.lang, key, args...)
}

func (d *document) font(style string, size float64) {
	d.pdf.SetFont("Helvetica", style, size)
}

// startSection starts a new page titled title. The pages the section
// goes on over are headed with title and "(suite)".
func (d *document) startSection(title string) {
	d.continued = ""
	d.pdf.AddPage()
	d.title(title)
	d.continued = title
}

// header writes the title of the section a page continues, if any.
func (d *document) header() {
	if d.continued == "" {
		return
	}
	d.font("B", 12)
	d.pdf.MultiCell(pageWidth, 6, d.tr(d.text("report_continued", d.continued)), "", "L", false)
	d.pdf.Ln(2)
}

// footer writes the organisation, the period and the page number.
func (d *document) footer() {
	d.pdf.SetY(-margin)
	d.font("", 8)
	d.pdf.SetTextColor(90, 90, 90)
	left := d.opts.Organisation + " · " + d.periodText()
	d.pdf.CellFormat(pageWidth/2, 5, d.tr(left), "", 0, "L", false, 0, "")
	d.pdf.CellFormat(pageWidth/2, 5, d.tr(d.text("report_page", d.pdf.PageNo())), "", 0, "R", false, 0, "")
	d.pdf.SetTextColor(0, 0, 0)
}

func (d *document) periodText() string {
	return d.text("report_period", dayText(d.r.From, d.lang), dayText(d.r.To, d.lang))
}

// title writes a page's title and the period under it.
func (d *document) title(title string) {
	d.font("B", 16)
	d.pdf.MultiCell(pageWidth, 8, d.tr(title), "", "L", false)
	d.font("", 10)
	d.pdf.CellFormat(pageWidth, lineH, d.tr(d.periodText()), "", 1, "L", false, 0, "")
	d.pdf.Ln(2)
}

// heading writes a section heading on a grey band. It starts a new page
// when fewer than two lines would fit under it, so that a heading never
// ends a page.
func (d *document) heading(title string) {
	_, pageHeight := d.pdf.GetPageSize()
	_, bottom := d.pdf.GetAutoPageBreak()
	if d.pdf.GetY()+2+7+1+2*lineH > pageHeight-bottom {
		d.pdf.AddPage()
	}

	d.pdf.Ln(2)
	d.font("B", 11)
	d.pdf.SetFillColor(230, 233, 238)
	d.pdf.CellFormat(pageWidth, 7, d.tr(title), "", 1, "L", true, 0, "")
	d.font("", 10)
	d.pdf.Ln(1)
}

// line writes a label and its value on one line.
func (d *document) line(label, value string) {
	d.font("", 10)
	d.pdf.CellFormat(pageWidth*0.6, lineH, d.tr(label), "", 0, "L", false, 0, "")
	d.font("B", 10)
	d.pdf.CellFormat(pageWidth*0.4, lineH, d.tr(value), "", 1, "R", false, 0, "")
	d.font("", 10)
}

// paragraph writes free text that wraps.
func (d *document) paragraph(s string) {
	d.font("", 10)
	d.pdf.MultiCell(pageWidth, lineH, d.tr(s), "", "L", false)
}

// tariffText describes the tariff of the report and its validity.
func (d *document) tariffText() string {
	t := d.r.Tariff
	if t == nil {
		return d.text("report_no_tariff")
	}
	end := d.text("report_tariff_open")
	if t.ValidTo != nil {
		end = d.text("report_tariff_until", dayText(*t.ValidTo, d.lang))
	}
	return d.text("report_tariff", t.Name, dayText(t.ValidFrom, d.lang)) + " " + end + "."
}

// bar draws the time spent against the allowance, with marks at 80 %
// and 100 %. The bar spans 125 % of the allowance and stops there.
func (d *document) bar(spent, allowance int) {
	if allowance <= 0 {
		return
	}
	x, y, w, h := margin, d.pdf.GetY()+1, pageWidth, 6.0
	d.pdf.SetDrawColor(120, 120, 120)
	d.pdf.Rect(x, y, w, h, "D")
	share := min(float64(spent)/float64(allowance), 1.25) / 1.25
	switch {
	case spent >= allowance:
		d.pdf.SetFillColor(180, 40, 40)
	case spent*100 >= 80*allowance:
		d.pdf.SetFillColor(200, 120, 0)
	default:
		d.pdf.SetFillColor(40, 110, 60)
	}
	if share > 0 {
		d.pdf.Rect(x, y, w*share, h, "F")
	}
	for _, mark := range []float64{0.8, 1.0} {
		mx := x + w*mark/1.25
		d.pdf.Line(mx, y-1, mx, y+h+1)
		d.font("", 7)
		d.pdf.Text(mx-3, y+h+4, fmt.Sprintf("%.0f %%", mark*100))
	}
	d.pdf.SetY(y + h + 6)
}
