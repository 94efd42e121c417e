package labels

import (
	"bytes"
	"errors"
	"strconv"
)

// printScalingNone is the viewer preference that sets a PDF viewer's print
// dialog to 100 % by default. Fitting the page to the printable area
// instead would shrink it by a few percent and move every label. The entry
// exists since PDF 1.6.
const printScalingNone = "\n/ViewerPreferences << /PrintScaling /None >>"

const catalogKey = "/Type /Catalog"

// setPrintScalingNone adds printScalingNone to the document catalog of doc,
// a PDF written by fpdf, and raises its header to PDF 1.6.
//
// fpdf v0.12.0 has no setting for viewer preferences and no hook into the
// catalog, but it writes the catalog as the last object, right before the
// cross-reference table. Text inserted into the catalog therefore moves
// only the table, whose new offset goes into startxref; the offsets of all
// objects stay valid.
func setPrintScalingNone(doc []byte) ([]byte, error) {
	malformed := errors.New("set PDF viewer preferences: unexpected fpdf output, the catalog is not the last object before the cross-reference table")

	xref := bytes.LastIndex(doc, []byte("\nxref\n"))
	if xref < 0 {
		return nil, malformed
	}
	xref++
	catalog := bytes.LastIndex(doc[:xref], []byte(catalogKey))
	lastObject := bytes.LastIndex(doc[:xref], []byte(" 0 obj\n"))
	if catalog < 0 || catalog < lastObject {
		return nil, malformed
	}

	startxref := bytes.LastIndex(doc, []byte("\nstartxref\n"))
	if startxref < xref {
		return nil, malformed
	}
	numberStart := startxref + len("\nstartxref\n")
	numberEnd := bytes.IndexByte(doc[numberStart:], '\n')
	if numberEnd < 0 {
		return nil, malformed
	}
	numberEnd += numberStart
	if offset, err := strconv.Atoi(string(doc[numberStart:numberEnd])); err != nil || offset != xref {
		return nil, malformed
	}

	insertAt := catalog + len(catalogKey)
	out := make([]byte, 0, len(doc)+len(printScalingNone)+8)
	out = append(out, doc[:insertAt]...)
	out = append(out, printScalingNone...)
	out = append(out, doc[insertAt:numberStart]...)
	out = strconv.AppendInt(out, int64(xref+len(printScalingNone)), 10)
	out = append(out, doc[numberEnd:]...)

	// The header is "%PDF-1.x"; rewriting one digit keeps every offset.
	if len(out) > 8 && bytes.HasPrefix(out, []byte("%PDF-1.")) && out[7] < '6' {
		out[7] = '6'
	}
	return out, nil
}
