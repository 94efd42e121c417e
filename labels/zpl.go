package labels

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// qrFieldOriginShift is the number of dots by which a QR code placed with
// ^FO prints below its field origin: the bar code height last set with
// ^BY, which persists across jobs. The Labelary renderer shows the shift
// (ingridhq/zebrash pull request 57), and u8array/ZPLab pull request 401
// reports it from printer firmware. RenderZPL pins that height to this
// value before each QR code and raises the field origin by as much.
const qrFieldOriginShift = 10

// RenderZPL writes labels as ZPL II for template t: one ^XA…^XZ format per
// label, sized in dots at t.DPI. The Code 128 uses ^BC in automatic mode,
// in which the printer chooses the code sets, and its ^FD field data is
// the tag itself. The QR code (^BQ) carries the URL, the Data Matrix (^BX)
// the tag. Text is in the printer's scalable font 0, as UTF-8 (^CI28).
// Offsets go to ^LS and ^LT. Nothing is written when a label or an option
// is invalid.
//
// NOTE: the layout measures text with Helvetica's widths. Font 0 is a
// condensed face, so its text should come out narrower, but no test can
// check that without a printer. Whether it has a glyph for "—" depends on
// the printer.
func RenderZPL(w io.Writer, t Template, labels []Label, opt Options) error {
	opt, err := prepare(t, FormatZPL, labels, opt)
	if err != nil {
		return err
	}

	measure := helveticaMeasure(fpdf.New("P", "mm", "A4", ""))
	layouts := make([]labelLayout, len(labels))
	for i, l := range labels {
		layouts[i], err = layoutLabel(t, l, opt.Code2D, measure)
		if err != nil {
			return fmt.Errorf("label %d of %d: %w", i+1, len(labels), err)
		}
	}

	bw := bufio.NewWriter(w)
	for _, layout := range layouts {
		writeZPLLabel(bw, t, layout, opt)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write ZPL: %w", err)
	}
	return nil
}

// writeZPLLabel writes one label format. The layout is already on the dot
// grid, so rounding only removes floating-point noise.
func writeZPLLabel(w *bufio.Writer, t Template, layout labelLayout, opt Options) {
	dotsPerMM := float64(t.DPI) / 25.4
	dots := func(mm float64) int {
		return int(math.Round(mm * dotsPerMM))
	}

	fmt.Fprint(w, "^XA\n^CI28\n")
	fmt.Fprintf(w, "^PW%d\n^LL%d\n^LH0,0\n", dots(t.LabelWidth), dots(t.LabelHeight))
	// ^LS shifts left for positive values and ^LT down; both persist on
	// the printer, so every label sets them.
	fmt.Fprintf(w, "^LS%d\n^LT%d\n", -dots(opt.OffsetX), dots(opt.OffsetY))

	b := layout.Barcode
	height := dots(b.Height)
	fmt.Fprintf(w, "^FO%d,%d^BY%d,3,%d^BCN,%d,N,N,N,A^FD%s^FS\n",
		dots(b.X), dots(b.Y), dots(b.Module), height, height, zplFieldData(layout.Tag.Text))

	if m := layout.Matrix; m != nil {
		module := dots(m.Module)
		switch m.Symbol.Kind {
		case Code2DQR:
			// Model 2, error correction M, automatic data input.
			fmt.Fprintf(w, "^BY%d,3,%d^FO%d,%d^BQN,2,%d^FH^FDMA,%s^FS\n",
				module, qrFieldOriginShift, dots(m.X), dots(m.Y)-qrFieldOriginShift, module, zplFieldData(m.Symbol.Data))
		case Code2DDataMatrix:
			// ECC 200 with the size that the layout reserved.
			fmt.Fprintf(w, "^FO%d,%d^BXN,%d,200,%d,%d^FH^FD%s^FS\n",
				dots(m.X), dots(m.Y), module, m.Symbol.Width, m.Symbol.Height, zplFieldData(m.Symbol.Data))
		}
	}

	for _, line := range []*textBox{layout.Caption, layout.Owner, &layout.Tag} {
		if line == nil {
			continue
		}
		size := dots(line.SizePt * mmPerPt)
		// ^FT places text by the left end of its baseline.
		fmt.Fprintf(w, "^FT%d,%d^A0N,%d,%d^FH^FD%s^FS\n",
			dots(line.X), dots(line.Baseline), size, size, zplFieldData(line.Text))
	}

	fmt.Fprint(w, "^XZ\n")
}

// zplFieldData escapes the caret and tilde, which would start a command
// inside ^FD, and the underscore, which is the ^FH escape character. Field
// data without them, such as a tag, comes back unchanged.
func zplFieldData(s string) string {
	return strings.NewReplacer("_", "_5F", "^", "_5E", "~", "_7E").Replace(s)
}
