// Package decode reads barcodes from photos: loading a JPEG or PNG upload
// safely, and finding the one barcode it shows among the symbologies found
// on asset labels and on manufacturers' stickers. It does not interpret
// the text as a tag and opens no database: the caller does.
package decode

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Result is a decoded barcode.
type Result struct {
	// Text is the content of the barcode.
	Text string `json:"text"`
	// Format is the symbology, named as the Barcode Detection API names
	// formats: code_128, qr_code, data_matrix, code_39, ean_13, ean_8,
	// upc_a, upc_e or itf.
	Format string `json:"format"`
}

// Budget is the longest Decode searches one image. Past it, Decode returns
// ErrNotFound.
const Budget = 4 * time.Second

// WorkingSide is the longest side, in pixels, to which Decode first
// shrinks a photo, because each attempt on a 4000-pixel phone photo costs
// several times more. The full size is tried next, for codes too small to
// survive the shrinking.
const WorkingSide = 1600

// ErrNotFound is returned when no barcode was found in the image.
var ErrNotFound = errors.New("no barcode found")

// formats maps gozxing's formats to the names of the Barcode Detection API.
var formats = map[gozxing.BarcodeFormat]string{
	gozxing.BarcodeFormat_CODE_128:    "code_128",
	gozxing.BarcodeFormat_QR_CODE:     "qr_code",
	gozxing.BarcodeFormat_DATA_MATRIX: "data_matrix",
	gozxing.BarcodeFormat_CODE_39:     "code_39",
	gozxing.BarcodeFormat_EAN_13:      "ean_13",
	gozxing.BarcodeFormat_EAN_8:       "ean_8",
	gozxing.BarcodeFormat_UPC_A:       "upc_a",
	gozxing.BarcodeFormat_UPC_E:       "upc_e",
	gozxing.BarcodeFormat_ITF:         "itf",
}

// Decode returns the first barcode found in img. It returns ErrNotFound
// when there is none or when Budget runs out, and ctx's error when ctx
// ends first. The search stops at its next step after Decode returns.
func Decode(ctx context.Context, img image.Image) (Result, error) {
	budget, cancel := context.WithTimeout(ctx, Budget)
	defer cancel()

	type outcome struct {
		result Result
		err    error
	}
	done := make(chan outcome, 1)
	go func() {
		r, err := search(budget, img)
		done <- outcome{r, err}
	}()

	var o outcome
	select {
	case o = <-done:
	case <-budget.Done():
		o.err = budget.Err()
	}
	if o.err != nil && budget.Err() != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		return Result{}, fmt.Errorf("%w within %v", ErrNotFound, Budget)
	}
	return o.result, o.err
}

// reader is one gozxing reader with the hints it needs.
type reader struct {
	name  string
	r     gozxing.Reader
	hints map[gozxing.DecodeHintType]interface{}
	// twoD marks the matrix symbologies, which Decode also tries on the
	// image turned by quarter turns.
	twoD bool
}

// readers returns the readers in the order Decode tries them: the
// symbologies of Parc's labels first, then manufacturers' ones. gozxing
// v0.1.1 has no reader that tries every format at once.
func readers() []reader {
	// Hints count by their presence in the map: a key set to false still
	// switches the option on, so only options wanted are listed.
	hard := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	upcean := map[gozxing.DecodeHintType]interface{}{
		gozxing.DecodeHintType_TRY_HARDER: true,
		gozxing.DecodeHintType_POSSIBLE_FORMATS: []gozxing.BarcodeFormat{
			gozxing.BarcodeFormat_EAN_13, gozxing.BarcodeFormat_UPC_A,
			gozxing.BarcodeFormat_EAN_8, gozxing.BarcodeFormat_UPC_E,
		},
	}
	return []reader{
		{name: "code_128", r: oned.NewCode128Reader(), hints: hard},
		{name: "qr_code", r: qrcode.NewQRCodeReader(), hints: hard, twoD: true},
		{name: "data_matrix", r: datamatrix.NewDataMatrixReader(), hints: hard, twoD: true},
		{name: "code_39", r: oned.NewCode39Reader(), hints: hard},
		{name: "ean_upc", r: oned.NewMultiFormatUPCEANReader(upcean), hints: upcean},
		{name: "itf", r: oned.NewITFReader(), hints: hard},
	}
}

// errStop ends a search whose context is done.
var errStop = errors.New("search stopped")

// EnlargeBelow is the longest side, in pixels, under which Decode also
// tries the image enlarged twice: gozxing missed the Code 128 of a label
// rendered at 120 dpi and read it from the copy enlarged twice.
const EnlargeBelow = 1000

// view is one version of the image with its two binarized bitmaps, built
// on first use.
type view struct {
	gray    *image.Gray
	bitmaps []*gozxing.BinaryBitmap
}

func newView(gray *image.Gray) *view { return &view{gray: gray} }

// binarized returns the bitmaps of v: hybrid binarizer first, then global
// histogram.
func (v *view) binarized() []*gozxing.BinaryBitmap {
	if v.bitmaps != nil {
		return v.bitmaps
	}
	source, err := newGraySource(v.gray)
	if err != nil {
		return nil
	}
	for _, binarizer := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(source), gozxing.NewGlobalHistgramBinarizer(source)} {
		if bitmap, err := gozxing.NewBinaryBitmap(binarizer); err == nil {
			v.bitmaps = append(v.bitmaps, bitmap)
		}
	}
	return v.bitmaps
}

// search tries the readers in order on the working copy, shrunk to
// WorkingSide. One-dimensional readers also try it enlarged when it is
// small, before the next reader, so that a label's Code 128 is read
// before its QR code. Then come the full size, the enlarged copy for
// matrix codes, and quarter turns of the working copy for matrix codes.
func search(ctx context.Context, img image.Image) (Result, error) {
	full := toGray(img)
	working := newView(shrink(full, WorkingSide))
	var enlarged *view
	if max(working.gray.Rect.Dx(), working.gray.Rect.Dy()) < EnlargeBelow {
		enlarged = newView(enlarge(working.gray))
	}
	all := readers()

	var steps []step
	for _, rd := range all {
		steps = append(steps, step{working, rd})
		if enlarged != nil && !rd.twoD {
			steps = append(steps, step{enlarged, rd})
		}
	}
	if working.gray != full {
		fullView := newView(full)
		for _, rd := range all {
			steps = append(steps, step{fullView, rd})
		}
	}
	var twoD []reader
	for _, rd := range all {
		if rd.twoD {
			twoD = append(twoD, rd)
		}
	}
	if enlarged != nil {
		for _, rd := range twoD {
			steps = append(steps, step{enlarged, rd})
		}
	}
	// gozxing's Data Matrix detector misses some symbols in one
	// orientation and finds them in another.
	turned := working.gray
	for range 3 {
		turned = rotate90(turned)
		v := newView(turned)
		for _, rd := range twoD {
			steps = append(steps, step{v, rd})
		}
	}

	for _, st := range steps {
		for _, bitmap := range st.view.binarized() {
			if ctx.Err() != nil {
				return Result{}, errStop
			}
			if r, ok := try(st.reader, bitmap); ok {
				return r, nil
			}
		}
	}
	return Result{}, ErrNotFound
}

// step is one reader on one view of the image.
type step struct {
	view   *view
	reader reader
}

// try runs one reader and counts a panic in gozxing as nothing found, so
// that a reader failing on odd input does not end the search.
func try(rd reader, bitmap *gozxing.BinaryBitmap) (res Result, ok bool) {
	defer func() {
		if recover() != nil {
			res, ok = Result{}, false
		}
	}()
	r, err := rd.r.Decode(bitmap, rd.hints)
	rd.r.Reset()
	if err != nil || r == nil {
		return Result{}, false
	}
	name, known := formats[r.GetBarcodeFormat()]
	if !known {
		return Result{}, false
	}
	return Result{Text: r.GetText(), Format: name}, true
}
