package labels

import "fmt"

// fits returns an error describing the first rule that l breaks on a label
// of w × h millimetres: quiet zones on the label, codes and text at least
// LabelInset from its edges, and no quiet zone overlapping other content.
func (l labelLayout) fits(w, h float64) error {
	const tolerance = 1e-6
	inside := func(r rect, margin float64) bool {
		return r.x >= margin-tolerance && r.y >= margin-tolerance &&
			r.x+r.w <= w-margin+tolerance && r.y+r.h <= h-margin+tolerance
	}

	b := l.Barcode
	bars := rect{b.X, b.Y, b.width(), b.Height}
	barsQuiet := rect{b.X - b.quietZone(), b.Y, b.width() + 2*b.quietZone(), b.Height}
	if !inside(bars, LabelInset) || !inside(barsQuiet, 0) {
		return fmt.Errorf("barcode %+v or its quiet zones leave the label", bars)
	}

	texts := []textBox{l.Tag}
	for _, t := range []*textBox{l.Owner, l.Caption} {
		if t != nil {
			texts = append(texts, *t)
		}
	}
	var textRects []rect
	for i, t := range texts {
		// The tag has only capitals and digits, which reach capHeight.
		ascent, descent := textAscent, textDescent
		if i == 0 {
			ascent, descent = capHeight, 0
		}
		size := t.SizePt * mmPerPt
		r := rect{t.X, t.Baseline - ascent*size, t.Width, (ascent + descent) * size}
		if !inside(r, LabelInset) {
			return fmt.Errorf("text %q at %+v leaves the label", t.Text, r)
		}
		if r.overlaps(barsQuiet) {
			return fmt.Errorf("text %q at %+v overlaps the barcode or its quiet zones", t.Text, r)
		}
		textRects = append(textRects, r)
	}

	if l.Matrix != nil {
		m := *l.Matrix
		symbol := rect{m.X, m.Y, m.width(), m.height()}
		quiet := rect{m.X - m.quietZone(), m.Y - m.quietZone(), m.width() + 2*m.quietZone(), m.height() + 2*m.quietZone()}
		if !inside(symbol, LabelInset) || !inside(quiet, 0) {
			return fmt.Errorf("2D code %+v or its quiet zone leaves the label", symbol)
		}
		if quiet.overlaps(bars) || symbol.overlaps(barsQuiet) {
			return fmt.Errorf("2D code %+v and the barcode overlap with their quiet zones", symbol)
		}
		for i, r := range textRects {
			if r.overlaps(quiet) {
				return fmt.Errorf("text %q overlaps the 2D code or its quiet zone", texts[i].Text)
			}
		}
	}
	return nil
}

// rect is an axis-aligned rectangle in millimetres.
type rect struct{ x, y, w, h float64 }

func (r rect) overlaps(o rect) bool {
	const tolerance = 1e-6
	return r.x < o.x+o.w-tolerance && o.x < r.x+r.w-tolerance &&
		r.y < o.y+o.h-tolerance && o.y < r.y+r.h-tolerance
}
