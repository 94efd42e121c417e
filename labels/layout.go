package labels

import (
	"fmt"
	"math"
)

// LabelInset is the margin in millimetres that the layout keeps free of
// codes and text along every label edge, so that a label printed 1 mm off
// its place still shows them whole. Quiet zones may extend into it, because
// they are blank. It also keeps content clear of rounded corners with a
// radius up to LabelInset / (1 - 1/√2), 5.1 mm.
const LabelInset = 1.5

// Module sizes. The floor of 0.25 mm keeps a Code 128 readable by a phone
// camera and printable on a 203 dpi thermal printer, whose dot is
// 0.125 mm. Every module is a whole number of printer dots, so that all
// bars of a symbol print the same width. PDF uses 300 dpi dots, which
// divide evenly into 600 dpi lasers: 3 dots make the classic 10 mil
// module, 0.254 mm. ZPL uses the template's DPI: 2 dots, 0.250 mm, at
// 203 dpi. 2D codes start at 0.33 mm because phone cameras read them from
// further away.
const (
	minBarModule    = 0.25
	minMatrixModule = 0.33
	maxModule       = 0.51
	pdfModuleDPI    = 300
)

// Vertical spacing in millimetres. minBarHeight keeps a hand scanner's
// line on the bars at a few degrees of tilt. maxBarHeight stops bars from
// growing on large labels, which centre the codes instead.
const (
	minBarHeight = 6.0
	maxBarHeight = 15.0
	lineGap      = 0.3
	blockGap     = 0.8
	tagGap       = 0.5
)

// Helvetica metrics as fractions of the font size: accented capitals reach
// 0.93 em above the baseline, descenders 0.22 em below, and capitals and
// digits 0.72 em (718/1000 in the font's AFM file).
const (
	textAscent  = 0.93
	textDescent = 0.22
	capHeight   = 0.72
)

// mmPerPt converts a font size in points to millimetres.
const mmPerPt = 25.4 / 72

// fontRange is the range of sizes a text line may take, in points.
type fontRange struct {
	max, min float64
	bold     bool
}

// Font sizes of the three text lines. The layout shrinks them together in
// steps of fontStep before giving up a feature.
var (
	tagFont     = fontRange{max: 10, min: 7, bold: true}
	captionFont = fontRange{max: 10, min: 6, bold: true}
	ownerFont   = fontRange{max: 7, min: 5}
)

const (
	fontStep     = 0.5
	maxFontSteps = 8
)

// textMeasure returns the width in millimetres of text set in Helvetica,
// bold or not, at sizePt points.
type textMeasure func(text string, bold bool, sizePt float64) float64

// moduleSizes lists the module sizes that a layout may use, largest first,
// in millimetres.
type moduleSizes struct {
	bar, matrix []float64
	// dot is the printer dot that positions are rounded to, or 0 to leave
	// them unrounded.
	dot float64
}

// dotModuleSizes returns the module sizes that are whole dots at dpi.
func dotModuleSizes(dpi int) moduleSizes {
	dot := 25.4 / float64(dpi)
	dotsBetween := func(min, max float64) []float64 {
		var sizes []float64
		for n := math.Floor(max / dot); n*dot >= min-1e-9; n-- {
			sizes = append(sizes, n*dot)
		}
		return sizes
	}
	return moduleSizes{
		bar:    dotsBetween(minBarModule, maxModule),
		matrix: dotsBetween(minMatrixModule, maxModule),
	}
}

// modulesFor returns the module sizes for t's output format.
func modulesFor(t Template) moduleSizes {
	if t.Format == FormatZPL {
		sizes := dotModuleSizes(t.DPI)
		sizes.dot = 25.4 / float64(t.DPI)
		return sizes
	}
	return dotModuleSizes(pdfModuleDPI)
}

// barcodeBox places a Code 128 symbol. Coordinates are in millimetres from
// the top-left corner of the label.
type barcodeBox struct {
	X, Y    float64
	Module  float64
	Height  float64
	Modules []bool
}

func (b barcodeBox) width() float64 { return float64(len(b.Modules)) * b.Module }

func (b barcodeBox) quietZone() float64 { return code128QuietModules * b.Module }

// matrixBox places a 2D symbol.
type matrixBox struct {
	X, Y   float64
	Module float64
	Symbol matrixSymbol
}

func (m matrixBox) width() float64 { return float64(m.Symbol.Width) * m.Module }

func (m matrixBox) height() float64 { return float64(m.Symbol.Height) * m.Module }

func (m matrixBox) quietZone() float64 { return float64(m.Symbol.Quiet) * m.Module }

// textBox places one line of text by the left end of its baseline.
type textBox struct {
	Text     string
	X        float64
	Baseline float64
	Width    float64
	SizePt   float64
	Bold     bool
}

// labelLayout is the position of everything printed on one label.
type labelLayout struct {
	Barcode barcodeBox
	// Matrix, Owner and Caption are nil when absent or dropped.
	Matrix  *matrixBox
	Tag     textBox
	Owner   *textBox
	Caption *textBox
	// Dropped names the requested parts that did not fit.
	Dropped []string
}

// labelContent is the encoded content of a label, before layout.
type labelContent struct {
	tag     string
	bars    []bool
	symbol  *matrixSymbol
	owner   string
	caption string
}

// features selects the optional parts of a label.
type features struct {
	matrix, owner, caption bool
}

// newLabelContent encodes the codes of l. code2D is a normalized
// Options.Code2D.
func newLabelContent(l Label, code2D string) (labelContent, error) {
	c := labelContent{tag: l.Tag.String(), owner: l.Owner, caption: l.Caption}

	bars, err := encodeCode128(c.tag)
	if err != nil {
		return c, err
	}
	c.bars = bars

	var symbol matrixSymbol
	switch {
	case code2D == Code2DQR && l.URL != "":
		symbol, err = encodeQR(l.URL)
	case code2D == Code2DDataMatrix:
		symbol, err = encodeDataMatrix(c.tag)
	default:
		return c, nil
	}
	if err != nil {
		return c, err
	}
	c.symbol = &symbol
	return c, nil
}

// layoutLabel places l on a label of template t. It keeps the barcode at
// LabelInset from the edges, with its quiet zones on the label. Before it
// would need a module narrower than the minimum, it gives up the 2D code,
// then the owner line, then the caption. A caption too wide for the label
// is shortened with an ellipsis. layoutLabel returns an error when even the
// barcode and the tag in clear text do not fit.
func layoutLabel(t Template, l Label, code2D string, measure textMeasure) (labelLayout, error) {
	c, err := newLabelContent(l, code2D)
	if err != nil {
		return labelLayout{}, err
	}
	sizes := modulesFor(t)

	requested := features{matrix: c.symbol != nil, owner: c.owner != "", caption: c.caption != ""}
	candidates := []features{
		requested,
		{owner: requested.owner, caption: requested.caption},
		{caption: requested.caption},
		{},
	}

	for i, f := range candidates {
		if i > 0 && f == candidates[i-1] {
			continue
		}
		if layout, ok := fitFeatures(t, c, f, sizes, measure); ok {
			layout.Dropped = droppedParts(requested, f)
			return layout, nil
		}
	}

	minModule := sizes.bar[len(sizes.bar)-1]
	needed := float64(len(c.bars)+2*code128QuietModules) * minModule
	if needed > t.LabelWidth {
		return labelLayout{}, fmt.Errorf("tag %s does not fit template %s: its Code 128 takes %d modules plus %d-module quiet zones, %.1f mm at the smallest module width of %.3f mm, and the labels are %.1f mm wide; choose a wider template",
			c.tag, t.ID, len(c.bars), code128QuietModules, needed, minModule, t.LabelWidth)
	}
	return labelLayout{}, fmt.Errorf("tag %s does not fit template %s: %.1f mm high labels leave less than %.0f mm for the bars under the tag in clear text; choose a taller template",
		c.tag, t.ID, t.LabelHeight, minBarHeight)
}

func droppedParts(requested, got features) []string {
	var dropped []string
	if requested.matrix && !got.matrix {
		dropped = append(dropped, "2D code")
	}
	if requested.owner && !got.owner {
		dropped = append(dropped, "owner line")
	}
	if requested.caption && !got.caption {
		dropped = append(dropped, "caption")
	}
	return dropped
}

// fitFeatures tries the module sizes from the largest, the arrangements and
// then smaller fonts, and returns the first layout of f that fits.
func fitFeatures(t Template, c labelContent, f features, sizes moduleSizes, measure textMeasure) (labelLayout, bool) {
	arrangements := []bool{false}
	matrixModules := []float64{0}
	if f.matrix {
		// Beside the barcode first, which leaves the bars taller.
		arrangements = []bool{true, false}
		matrixModules = sizes.matrix
	}

	for _, barModule := range sizes.bar {
		for _, side := range arrangements {
			for _, matrixModule := range matrixModules {
				for step := 0; step <= maxFontSteps; step++ {
					a := arrangement{
						t: t, c: c, f: f, measure: measure, dot: sizes.dot,
						barModule: barModule, matrixModule: matrixModule,
						side: side, fontStep: step,
					}
					if layout, ok := a.place(); ok {
						return layout, true
					}
				}
			}
		}
	}
	return labelLayout{}, false
}
