package labels

import (
	"fmt"
	"strings"
)

// Output formats of a Template.
const (
	FormatPDF = "pdf"
	FormatZPL = "zpl"
)

// Template describes label stock: an A4 sheet of die-cut labels, or a roll
// that a label printer feeds one label at a time. Lengths are in
// millimetres, measured from the top-left corner of the page, with x to the
// right and y down.
type Template struct {
	// ID is the stable name that callers pass to TemplateByID, such as
	// "avery-l7651".
	ID string
	// Name describes the stock for people choosing a template.
	Name string
	// Source names where the geometry comes from, and how other published
	// figures for the same stock differ.
	Source string
	// Format is FormatPDF or FormatZPL.
	Format string
	// Roll is true for continuous or die-cut rolls, which hold one label
	// per page, and false for sheets.
	Roll bool

	PageWidth, PageHeight   float64
	LabelWidth, LabelHeight float64
	// MarginLeft and MarginTop place the top-left label on the page.
	MarginLeft, MarginTop float64
	// PitchX and PitchY are the distances between the left edges of
	// neighbouring columns and the top edges of neighbouring rows.
	PitchX, PitchY float64
	// CornerRadius is the radius of the die-cut corners, 0 for square ones.
	CornerRadius float64
	Columns      int
	Rows         int
	// DPI is the printer resolution in dots per inch for FormatZPL, and 0
	// for FormatPDF.
	DPI int
}

// pt is one PostScript point in millimetres. gLabels states its Avery
// geometry in points.
const pt = 25.4 / 72

// templates lists the built-in templates. The Avery geometries come from
// LibreOffice's label table (officecfg/registry/data/org/openoffice/Office/
// Labels.xcu, manufacturer "Avery A4"), whose figures are in 1/100 mm and
// give symmetric margins on A4. gLabels (templates/avery-iso-templates.xml
// in jimevins/glabels-qt) lists the same sheets with slightly different
// figures, noted per template, and is the only one of the two to give the
// corner radius: 5 pt, 1.76 mm. LabelInset absorbs differences of that size.
var templates = []Template{
	{
		ID:           "avery-l7651",
		Name:         "Avery L7651, A4 sheet of 65 labels 38.1 × 21.2 mm (5 × 13)",
		Source:       "LibreOffice Labels.xcu \"L7651 Mini Address\": 38.10 × 21.17 mm, pitch 40.64 × 21.17 mm, margins 4.67 and 10.90 mm; gLabels (8651 family) has 38.1 × 21.2 mm, pitch 40.6 × 21.2 mm and margins 4.70 and 10.90 mm, which puts its last row 0.36 mm lower",
		Format:       FormatPDF,
		PageWidth:    210,
		PageHeight:   297,
		LabelWidth:   38.10,
		LabelHeight:  21.17,
		MarginLeft:   4.67,
		MarginTop:    10.90,
		PitchX:       40.64,
		PitchY:       21.17,
		CornerRadius: 5 * pt,
		Columns:      5,
		Rows:         13,
	},
	{
		ID:           "avery-l7160",
		Name:         "Avery L7160, A4 sheet of 21 labels 63.5 × 38.1 mm (3 × 7)",
		Source:       "LibreOffice Labels.xcu \"L7160 Address\": 63.50 × 38.10 mm, pitch 66.04 × 38.10 mm, margins 7.20 and 15.15 mm; gLabels (7160 family) has a 64.0 mm wide label and margins 7.48 and 15.49 mm",
		Format:       FormatPDF,
		PageWidth:    210,
		PageHeight:   297,
		LabelWidth:   63.50,
		LabelHeight:  38.10,
		MarginLeft:   7.20,
		MarginTop:    15.15,
		PitchX:       66.04,
		PitchY:       38.10,
		CornerRadius: 5 * pt,
		Columns:      3,
		Rows:         7,
	},
	{
		ID:           "avery-l7163",
		Name:         "Avery L7163, A4 sheet of 14 labels 99.1 × 38.1 mm (2 × 7)",
		Source:       "LibreOffice Labels.xcu \"L7163 Address\": 99.06 × 38.10 mm, pitch 101.60 × 38.10 mm, margins 4.67 and 15.15 mm; gLabels (7163 family) has margins 3.35 and 15.17 mm and a pitch of 103.0 mm, 1.3 mm off in the first column and with unequal side margins",
		Format:       FormatPDF,
		PageWidth:    210,
		PageHeight:   297,
		LabelWidth:   99.06,
		LabelHeight:  38.10,
		MarginLeft:   4.67,
		MarginTop:    15.15,
		PitchX:       101.60,
		PitchY:       38.10,
		CornerRadius: 5 * pt,
		Columns:      2,
		Rows:         7,
	},
	{
		ID:          "a4-3x8-70x37",
		Name:        "A4 sheet of 24 labels 70 × 37 mm (3 × 8), no side margins",
		Source:      "gLabels templates/zweckform-iso-templates.xml \"Zweckform 3474\": 70 × 37 mm, 3 × 8, origin 0, 0, square corners; the 1 mm left over is at the bottom there, a sheet that splits it evenly puts every row 0.5 mm lower",
		Format:      FormatPDF,
		PageWidth:   210,
		PageHeight:  297,
		LabelWidth:  70,
		LabelHeight: 37,
		MarginLeft:  0,
		MarginTop:   0,
		PitchX:      70,
		PitchY:      37,
		Columns:     3,
		Rows:        8,
	},
	{
		// 29 mm is the length of Brother's die-cut 62 × 29 mm labels
		// (DK-11209), a usual asset-tag size, so the same layout serves
		// both rolls. It is also short enough to waste little tape while
		// holding a QR code above a barcode with 0.42 mm modules.
		ID:          "brother-62mm",
		Name:        "Brother QL 62 mm continuous roll, labels 62 × 29 mm, one per page",
		Source:      "brother_ql labels.py (pklaus/brother_ql): the 62 mm endless tape is 732 dots wide at 300 dpi, of which the printer prints the middle 696 (58.9 mm), so about 1.5 mm stays blank on each side; 62 × 29 mm is the size of its die-cut DK-11209 entry",
		Format:      FormatPDF,
		Roll:        true,
		PageWidth:   62,
		PageHeight:  29,
		LabelWidth:  62,
		LabelHeight: 29,
		PitchX:      62,
		PitchY:      29,
		Columns:     1,
		Rows:        1,
	},
	{
		ID:          "zebra-50x25",
		Name:        "Zebra 203 dpi roll, labels 50 × 25 mm (ZPL)",
		Source:      "50 × 25 mm die-cut thermal labels; at 203 dpi the label is 400 × 200 dots (^PW400, ^LL200)",
		Format:      FormatZPL,
		Roll:        true,
		PageWidth:   50,
		PageHeight:  25,
		LabelWidth:  50,
		LabelHeight: 25,
		PitchX:      50,
		PitchY:      25,
		Columns:     1,
		Rows:        1,
		DPI:         203,
	},
}

// Templates returns the built-in templates, sheets first. The caller may
// modify the returned slice.
func Templates() []Template {
	return append([]Template(nil), templates...)
}

// TemplateByID returns the built-in template with the given ID. For an
// unknown ID, the error lists the known ones.
func TemplateByID(id string) (Template, error) {
	for _, t := range templates {
		if t.ID == id {
			return t, nil
		}
	}

	ids := make([]string, len(templates))
	for i, t := range templates {
		ids[i] = t.ID
	}
	return Template{}, fmt.Errorf("unknown label template %q: expected one of %s", id, strings.Join(ids, ", "))
}

// PerPage returns the number of labels on one page: Columns × Rows, which
// is 1 for a roll.
func (t Template) PerPage() int {
	return t.Columns * t.Rows
}

// cellOrigin returns the top-left corner of the label at position pos on
// its page, counting left to right, then top to bottom, from 0.
func (t Template) cellOrigin(pos int) (x, y float64) {
	col := pos % t.Columns
	row := pos / t.Columns
	return t.MarginLeft + float64(col)*t.PitchX, t.MarginTop + float64(row)*t.PitchY
}
