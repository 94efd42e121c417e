package labels

import (
	"math"
	"unicode/utf8"
)

// arrangement is one candidate layout: the matrix beside the barcode (side)
// or above it next to the text lines, with given module and font sizes.
type arrangement struct {
	t            Template
	c            labelContent
	f            features
	measure      textMeasure
	dot          float64
	barModule    float64
	matrixModule float64
	side         bool
	fontStep     int
}

// place computes the layout, or returns false when it does not fit.
func (a arrangement) place() (labelLayout, bool) {
	w, h := a.t.LabelWidth, a.t.LabelHeight
	var layout labelLayout

	bars := barcodeBox{Module: a.barModule, Modules: a.c.bars}
	barsLeft := math.Max(LabelInset, bars.quietZone())
	barsRight := w - barsLeft
	textRight := w - LabelInset
	tagRight := textRight
	textTop := LabelInset
	bandBottom := LabelInset

	if a.f.matrix {
		m := matrixBox{Module: a.matrixModule, Symbol: *a.c.symbol}
		edge := math.Max(LabelInset, m.quietZone())
		m.X = a.snapDown(w - edge - m.width())
		if a.side {
			m.Y = a.snap((h - m.height()) / 2)
			barsRight = m.X - math.Max(bars.quietZone(), m.quietZone())
			tagRight = m.X - m.quietZone()
		} else {
			m.Y = -a.snapDown(-edge)
			bandBottom = m.Y + m.height() + m.quietZone()
		}
		if m.Y < edge || m.Y+m.height()+edge > h || m.X < edge {
			return layout, false
		}
		textRight = m.X - m.quietZone()
		layout.Matrix = &m
	}

	if bars.width() > barsRight-barsLeft {
		return layout, false
	}
	bars.X = a.snap(barsLeft + (barsRight-barsLeft-bars.width())/2)

	// Text lines above the bars: the caption, then the owner line.
	y := textTop
	if a.f.caption {
		line, ok := a.fitLine(a.c.caption, captionFont, textRight-LabelInset, true)
		if !ok {
			return layout, false
		}
		line.Baseline = y + textAscent*line.SizePt*mmPerPt
		line.X = LabelInset + (textRight-LabelInset-line.Width)/2
		y += (textAscent+textDescent)*line.SizePt*mmPerPt + lineGap
		layout.Caption = &line
	}
	if a.f.owner {
		line, ok := a.fitLine(a.c.owner, ownerFont, textRight-LabelInset, false)
		if !ok {
			return layout, false
		}
		line.Baseline = y + textAscent*line.SizePt*mmPerPt
		line.X = LabelInset + (textRight-LabelInset-line.Width)/2
		y += (textAscent+textDescent)*line.SizePt*mmPerPt + lineGap
		layout.Owner = &line
	}
	if layout.Caption != nil || layout.Owner != nil {
		bandBottom = math.Max(bandBottom, y-lineGap+blockGap)
	}

	// The bars and the tag in clear text below them share what is left.
	tag, ok := a.fitLine(a.c.tag, tagFont, tagRight-LabelInset, false)
	if !ok {
		return layout, false
	}
	tagHeight := capHeight * tag.SizePt * mmPerPt
	room := h - LabelInset - bandBottom - tagGap - tagHeight
	if room < minBarHeight {
		return layout, false
	}
	bars.Height = math.Min(room, maxBarHeight)
	shift := (room - bars.Height) / 2
	bars.Y = a.snap(bandBottom + shift)
	if !a.f.matrix || a.side {
		// The text lines sit in the same column as the bars: centre
		// them together. Beside a 2D code above the bars, they stay
		// level with it.
		for _, line := range []*textBox{layout.Caption, layout.Owner} {
			if line != nil {
				line.Baseline += shift
			}
		}
	}
	if a.dot > 0 {
		bars.Height = math.Floor(bars.Height/a.dot) * a.dot
	}

	tag.Baseline = bars.Y + bars.Height + tagGap + tagHeight
	center := bars.X + bars.width()/2
	tag.X = math.Max(LabelInset, math.Min(center-tag.Width/2, tagRight-tag.Width))
	layout.Tag = tag
	layout.Barcode = bars

	return layout, layout.fits(w, h) == nil
}

// fitLine sets text in the largest size of fonts, less the arrangement's
// font step, whose width fits maxWidth. When even the smallest size is too
// wide, it shortens text with an ellipsis if shorten is true, and returns
// false otherwise.
func (a arrangement) fitLine(text string, fonts fontRange, maxWidth float64, shorten bool) (textBox, bool) {
	size := math.Max(fonts.min, fonts.max-float64(a.fontStep)*fontStep)
	for ; size >= fonts.min; size -= fontStep {
		if width := a.measure(text, fonts.bold, size); width <= maxWidth {
			return textBox{Text: text, Width: width, SizePt: size, Bold: fonts.bold}, true
		}
	}
	if !shorten {
		return textBox{}, false
	}

	for text != "" {
		_, size := utf8.DecodeLastRuneInString(text)
		text = text[:len(text)-size]
		shortened := text + "…"
		if width := a.measure(shortened, fonts.bold, fonts.min); width <= maxWidth {
			return textBox{Text: shortened, Width: width, SizePt: fonts.min, Bold: fonts.bold}, true
		}
	}
	return textBox{}, false
}

// snap rounds v to the nearest printer dot, if any.
func (a arrangement) snap(v float64) float64 {
	if a.dot == 0 {
		return v
	}
	return math.Round(v/a.dot) * a.dot
}

// snapDown rounds v down to a printer dot, if any.
func (a arrangement) snapDown(v float64) float64 {
	if a.dot == 0 {
		return v
	}
	return math.Floor(v/a.dot+1e-9) * a.dot
}
