package workorderpdf

import (
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"parc/server/i18n"
)

// Sheet is the content of a work order's PDF. Names and free text come
// ready to print in Lang, and Render formats the numbers and dates itself.
type Sheet struct {
	Lang i18n.Lang
	// Organisation and OwnerLine head the first page: the deployment's
	// organisation name and the owner line of its labels.
	Organisation string
	OwnerLine    string
	// Number is the work order's id.
	Number   string
	Status   string
	Commune  string
	Site     string
	SiteKind string
	Address  string
	// Request is the request that the work is for, nil for work done on
	// the spot.
	Request       *Request
	Category      string
	Level         int
	WorkedOn      time.Time
	WorkMinutes   int
	TravelMinutes int
	Technician    string
	Assets        []Asset
	// Checklist holds the actions done, the fixed list's and the free
	// ones.
	Checklist []string
	Notes     string
	Summary   string
	// SignedBy is the name of the person present; Signature is the PNG
	// they drew, nil when the work order is not signed.
	SignedBy  string
	Signature []byte
	// PrintedAt dates the document.
	PrintedAt time.Time
}

// Request is the part of a request that the sheet shows.
type Request struct {
	Number      string
	Category    string
	Urgency     string
	Description string
	CreatedAt   time.Time
}

// Asset is one line of the sheet's table of assets.
type Asset struct {
	Tag, Kind, Brand, Model, Serial string
}

// Geometry of the page, in millimetres. The first page keeps its bottom
// for the signatures, so that the signature is always on page 1. The text
// that does not fit above them goes on to the next pages.
const (
	pageWidth     = 210.0
	pageHeight    = 297.0
	margin        = 15.0
	bottomMargin  = 20.0
	signatureTop  = pageHeight - bottomMargin - 44
	firstPageStop = pageHeight - (signatureTop - 4)
	contentWidth  = pageWidth - 2*margin
	labelWidth    = 45.0
	lineHeight    = 5.0
)

// Render writes the PDF of s to w, in A4 portrait. The organisation and
// the work order's number head the first page. The place, the request,
// the work, the assets, the actions, the summary and the notes follow.
// The signatures take the bottom of the first page, and every page ends
// with « Page n sur N ».
func Render(w io.Writer, s Sheet) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetTitle(i18n.Msg("pdf_title").Text(s.Lang)+" "+s.Number, true)
	pdf.SetCreator("Parc", true)
	pdf.SetCreationDate(s.PrintedAt)
	pdf.SetModificationDate(s.PrintedAt)
	pdf.AliasNbPages("")

	d := &document{pdf: pdf, s: s}
	pdf.SetHeaderFunc(d.header)
	pdf.SetFooterFunc(d.footer)
	pdf.SetAutoPageBreak(true, firstPageStop)
	pdf.AddPage()

	d.top()
	d.signatures()
	pdf.SetXY(margin, 40)
	d.place()
	d.request()
	d.work()
	d.assets()
	d.checklist()
	d.summary()
	d.notes()

	if err := pdf.Error(); err != nil {
		return fmt.Errorf("render the PDF of work order %s: %w", s.Number, err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write the PDF of work order %s: %w", s.Number, err)
	}
	return nil
}
