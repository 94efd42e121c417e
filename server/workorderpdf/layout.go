package workorderpdf

import (
	"bytes"
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"parc/server/i18n"
)

// document draws one sheet on its PDF.
type document struct {
	pdf *fpdf.Fpdf
	s   Sheet
}

// text returns the catalogue entry key in the sheet's language, encoded
// for the PDF fonts.
func (d *document) text(key string, args ...any) string {
	return toWindows1252(i18n.Msg(key, args...).Text(d.s.Lang), false)
}

func (d *document) font(style string, size float64) {
	d.pdf.SetFont("Helvetica", style, size)
}

// header starts every page after the first: it gives the page the bottom
// margin of a page without signatures and recalls the work order.
func (d *document) header() {
	if d.pdf.PageNo() == 1 {
		return
	}
	d.pdf.SetAutoPageBreak(true, bottomMargin)
	d.font("", 8)
	d.pdf.SetTextColor(90, 90, 90)
	d.pdf.CellFormat(0, 5, d.text("pdf_continued", d.s.Number), "B", 1, "L", false, 0, "")
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetY(margin + 9)
}

// footer numbers the pages; AliasNbPages fills in their count.
func (d *document) footer() {
	d.pdf.SetY(-12)
	d.font("", 8)
	d.pdf.SetTextColor(90, 90, 90)
	d.pdf.CellFormat(contentWidth/2, 5, d.fit(toWindows1252(d.s.Organisation, false), contentWidth/2), "", 0, "L", false, 0, "")
	d.pdf.CellFormat(contentWidth/2, 5, d.text("pdf_page", d.pdf.PageNo(), pageCountAlias), "", 0, "R", false, 0, "")
	d.pdf.SetTextColor(0, 0, 0)
}

// top draws the organisation, the title, the number and the date.
func (d *document) top() {
	pdf := d.pdf
	pdf.SetXY(margin, margin)
	d.font("B", 13)
	pdf.CellFormat(105, 6, d.fit(toWindows1252(d.s.Organisation, false), 105), "", 2, "L", false, 0, "")
	d.font("", 9)
	pdf.SetTextColor(90, 90, 90)
	pdf.CellFormat(105, 5, d.fit(toWindows1252(d.s.OwnerLine, false), 105), "", 0, "L", false, 0, "")
	pdf.SetTextColor(0, 0, 0)

	right := margin + contentWidth - 75
	pdf.SetXY(right, margin)
	d.font("B", 15)
	pdf.CellFormat(75, 7, d.text("pdf_title"), "", 2, "R", false, 0, "")
	d.font("", 8)
	pdf.CellFormat(75, 5, d.text("pdf_number", d.s.Number), "", 2, "R", false, 0, "")
	d.font("", 9)
	pdf.CellFormat(75, 5, d.text("pdf_date", formatDate(d.s.WorkedOn, d.s.Lang)), "", 2, "R", false, 0, "")

	pdf.SetLineWidth(0.4)
	pdf.Line(margin, 35, margin+contentWidth, 35)
	pdf.SetLineWidth(0.2)
}

// signatures draws the box of signatures at the bottom of the first page:
// the technician on the left, the person present and what they drew on
// the right.
func (d *document) signatures() {
	pdf := d.pdf
	// The box lies below the first page's break, so breaks stay off
	// while it is drawn.
	pdf.SetAutoPageBreak(false, 0)
	defer pdf.SetAutoPageBreak(true, firstPageStop)
	pdf.SetXY(margin, signatureTop)
	d.band(d.text("pdf_signatures"))
	top := pdf.GetY()
	bottom := pageHeight - bottomMargin
	half := contentWidth / 2
	pdf.Rect(margin, top, half, bottom-top, "D")
	pdf.Rect(margin+half, top, half, bottom-top, "D")

	pdf.SetXY(margin+2, top+2)
	d.font("B", 9)
	pdf.CellFormat(half-4, lineHeight, d.text("pdf_technician"), "", 2, "L", false, 0, "")
	d.font("", 10)
	pdf.CellFormat(half-4, lineHeight, d.fit(toWindows1252(orDash(d.s.Technician), false), half-4), "", 0, "L", false, 0, "")

	pdf.SetXY(margin+half+2, top+2)
	d.font("B", 9)
	pdf.CellFormat(half-4, lineHeight, d.text("pdf_signed_by"), "", 2, "L", false, 0, "")
	d.font("", 10)
	pdf.CellFormat(half-4, lineHeight, d.fit(toWindows1252(orDash(d.s.SignedBy), false), half-4), "", 2, "L", false, 0, "")
	imageTop := pdf.GetY() + 1
	if d.s.Signature == nil {
		d.font("I", 9)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(half-4, lineHeight, d.text("pdf_unsigned"), "", 0, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		return
	}
	d.signatureImage(margin+half+2, imageTop, half-4, bottom-imageTop-2)
}

// signatureImage draws the signature within the box at (x, y) of size
// w × h, keeping its proportions.
func (d *document) signatureImage(x, y, w, h float64) {
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	info := d.pdf.RegisterImageOptionsReader("signature", opts, bytes.NewReader(d.s.Signature))
	if !d.pdf.Ok() || info.Height() == 0 {
		return
	}
	iw, ih := w, w*info.Height()/info.Width()
	if ih > h {
		iw, ih = h*info.Width()/info.Height(), h
	}
	d.pdf.ImageOptions("signature", x, y, iw, ih, false, opts, 0, "")
}

// place draws the commune, the site and its address.
func (d *document) place() {
	d.heading(d.text("pdf_place"))
	d.field(d.text("pdf_commune"), d.s.Commune)
	site := d.s.Site
	if d.s.SiteKind != "" {
		site += " (" + d.s.SiteKind + ")"
	}
	d.field(d.text("pdf_site"), site)
	if d.s.Address != "" {
		d.field(d.text("pdf_address"), d.s.Address)
	}
}

// request draws the request that the work is for, or notes that there was
// none.
func (d *document) request() {
	d.heading(d.text("pdf_request"))
	r := d.s.Request
	if r == nil {
		d.paragraph(i18n.Msg("pdf_request_none").Text(d.s.Lang))
		return
	}
	d.field(d.text("pdf_request_of"), formatDate(r.CreatedAt, d.s.Lang)+" · "+r.Number)
	d.field(d.text("pdf_category"), r.Category)
	d.field(d.text("pdf_urgency"), r.Urgency)
	d.field(d.text("pdf_description"), r.Description)
}

// work draws the day, category, level, times and status of the work.
func (d *document) work() {
	d.heading(d.text("pdf_work"))
	d.field(d.text("pdf_worked_on"), formatDate(d.s.WorkedOn, d.s.Lang))
	d.field(d.text("pdf_category"), d.s.Category)
	d.field(d.text("pdf_level"), strconv.Itoa(d.s.Level))
	d.field(d.text("pdf_work_time"), FormatMinutes(d.s.WorkMinutes))
	d.field(d.text("pdf_travel_time"), FormatMinutes(d.s.TravelMinutes))
	d.field(d.text("pdf_status"), d.s.Status)
}

// assetColumns are the columns of the table of assets: catalogue key and
// width in millimetres.
var assetColumns = []struct {
	key   string
	width float64
}{
	{"pdf_asset_tag", 26}, {"pdf_asset_kind", 30}, {"pdf_asset_brand", 30}, {"pdf_asset_model", 47}, {"pdf_asset_serial", 47},
}

// assets draws the table of assets, its header again on each new page.
func (d *document) assets() {
	d.heading(d.text("pdf_assets"))
	if len(d.s.Assets) == 0 {
		d.paragraph(i18n.Msg("pdf_assets_none").Text(d.s.Lang))
		return
	}
	d.assetHeader()
	d.font("", 9)
	for _, a := range d.s.Assets {
		if d.pdf.GetY()+6 > d.stop() {
			d.pdf.AddPage()
			d.assetHeader()
			d.font("", 9)
		}
		for i, value := range []string{a.Tag, a.Kind, a.Brand, a.Model, a.Serial} {
			col := assetColumns[i]
			text := d.fit(toWindows1252(orDash(value), false), col.width-2)
			d.pdf.CellFormat(col.width, 6, text, "1", 0, "L", false, 0, "")
		}
		d.pdf.Ln(-1)
	}
	d.pdf.Ln(2)
}

func (d *document) assetHeader() {
	d.font("B", 8.5)
	d.pdf.SetFillColor(235, 235, 235)
	for _, col := range assetColumns {
		d.pdf.CellFormat(col.width, 6, d.fit(d.text(col.key), col.width-2), "1", 0, "L", true, 0, "")
	}
	d.pdf.Ln(-1)
}

// checklist draws the actions done, one per line.
func (d *document) checklist() {
	d.heading(d.text("pdf_checklist"))
	if len(d.s.Checklist) == 0 {
		d.paragraph(i18n.Msg("pdf_checklist_none").Text(d.s.Lang))
		return
	}
	for _, item := range d.s.Checklist {
		d.paragraph("• " + item)
	}
}

// summary draws the closing summary.
func (d *document) summary() {
	d.heading(d.text("pdf_summary"))
	d.paragraph(orDash(d.s.Summary))
}

// notes draws the notes, when there are any.
func (d *document) notes() {
	if d.s.Notes == "" {
		return
	}
	d.heading(d.text("pdf_notes"))
	d.paragraph(d.s.Notes)
}

// heading draws a section title, on a new page when the title and two
// lines of text would not fit above the bottom.
func (d *document) heading(title string) {
	if d.pdf.GetY()+8.5+2*lineHeight > d.stop() {
		d.pdf.AddPage()
	}
	d.band(title)
}

// band draws a title on a grey band over the whole width.
func (d *document) band(title string) {
	d.pdf.Ln(1)
	d.font("B", 10.5)
	d.pdf.SetFillColor(235, 235, 235)
	d.pdf.CellFormat(contentWidth, 6, title, "", 1, "L", true, 0, "")
	d.pdf.Ln(1.5)
}

// field draws a label and its value, the value wrapped over as many lines
// as it needs.
func (d *document) field(label, value string) {
	d.font("B", 9)
	d.pdf.CellFormat(labelWidth, lineHeight, label, "", 0, "L", false, 0, "")
	d.font("", 10)
	d.pdf.MultiCell(0, lineHeight, toWindows1252(orDash(value), true), "", "L", false)
}

// paragraph draws free text over the whole width.
func (d *document) paragraph(text string) {
	d.font("", 10)
	d.pdf.MultiCell(0, lineHeight, toWindows1252(text, true), "", "L", false)
	d.pdf.Ln(1)
}

// stop returns the height at which the current page breaks.
func (d *document) stop() float64 {
	_, bottom := d.pdf.GetAutoPageBreak()
	return pageHeight - bottom
}

// fit shortens text, already encoded, with an ellipsis until it fits in
// width millimetres in the current font.
func (d *document) fit(text string, width float64) string {
	if d.pdf.GetStringWidth(text) <= width {
		return text
	}
	ellipsis := toWindows1252("…", false)
	for n := len(text) - 1; n > 0; n-- {
		if short := text[:n] + ellipsis; d.pdf.GetStringWidth(short) <= width {
			return short
		}
	}
	return ellipsis
}

// orDash returns text, or a dash for an empty text.
func orDash(text string) string {
	if text == "" {
		return "—"
	}
	return text
}

// pageCountAlias is the text that fpdf replaces with the number of pages
// when it writes the document (AliasNbPages).
const pageCountAlias = "{nb}"
