package reports

import "strings"

// table is a table being drawn: its column widths in mm and its header,
// which is repeated at the top of every page the table continues on.
type table struct {
	widths []float64
	header []string
}

// startTable writes the header of a table and returns the table.
func (d *document) startTable(widths []float64, header ...string) table {
	tb := table{widths: widths, header: header}
	d.keepRowOnPage(tb, header, "B", false)
	d.row(widths, header, "B")
	return tb
}

// tableRow writes one line of tb. When the line does not fit on the page
// it starts a new page and writes the header of the table there again.
func (d *document) tableRow(tb table, cells []string, style string) {
	d.keepRowOnPage(tb, cells, style, true)
	d.row(tb.widths, cells, style)
}

// keepRowOnPage starts a new page when the row of cells would cross the
// bottom margin, and repeats the table's header there when asked.
func (d *document) keepRowOnPage(tb table, cells []string, style string, repeatHeader bool) {
	_, pageHeight := d.pdf.GetPageSize()
	_, bottom := d.pdf.GetAutoPageBreak()
	if d.pdf.GetY()+d.rowHeight(tb.widths, cells, style) <= pageHeight-bottom {
		return
	}

	d.pdf.AddPage()
	if repeatHeader {
		d.row(tb.widths, tb.header, "B")
	}
}

// rowFont sets the font of a table row: bold rows are headers and totals,
// a point smaller so that the headers fit.
func (d *document) rowFont(style string) {
	size := 9.0
	if style == "B" {
		size = 8
	}
	d.font(style, size)
}

// rowHeight returns the height in mm of a row whose cells wrap within
// their widths.
func (d *document) rowHeight(widths []float64, cells []string, style string) float64 {
	d.rowFont(style)
	lines := 1
	for i, cell := range cells {
		lines = max(lines, len(d.pdf.SplitLines([]byte(d.tr(cell)), widths[i])))
	}
	return float64(lines) * lineH
}

// row writes one line of a table with the widths given, in mm, and a
// rule under it. The first cell is left-aligned and the others
// right-aligned. A text longer than its cell wraps onto more lines, so
// that no name is cut.
func (d *document) row(widths []float64, cells []string, style string) {
	height := d.rowHeight(widths, cells, style)
	x, y := d.pdf.GetX(), d.pdf.GetY()

	d.rowFont(style)
	left := x
	for i, cell := range cells {
		align := "R"
		if i == 0 {
			align = "L"
		}
		d.pdf.SetXY(left, y)
		d.pdf.MultiCell(widths[i], lineH, d.tr(strings.TrimSpace(cell)), "", align, false)
		left += widths[i]
	}

	d.pdf.Line(x, y+height, left, y+height)
	d.pdf.SetXY(x, y+height)
}
