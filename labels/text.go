package labels

import (
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/encoding/charmap"
)

// helveticaMeasure returns a textMeasure that uses pdf's font metrics. It
// changes pdf's current font.
func helveticaMeasure(pdf *fpdf.Fpdf) textMeasure {
	return func(text string, bold bool, sizePt float64) float64 {
		pdf.SetFont("Helvetica", fontStyle(bold), sizePt)
		return pdf.GetStringWidth(toWindows1252(text))
	}
}

func fontStyle(bold bool) string {
	if bold {
		return "B"
	}
	return ""
}

// toWindows1252 converts text, which checkText accepted, to the encoding
// of the standard PDF fonts.
func toWindows1252(text string) string {
	var b strings.Builder
	for _, r := range text {
		c, _ := charmap.Windows1252.EncodeRune(r)
		b.WriteByte(c)
	}
	return b.String()
}
