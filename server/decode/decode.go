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

// search tries every reader on img at the working size, then at full
// size, with the hybrid binarizer first and the global histogram one next.
func search(ctx context.Context, img image.Image) (Result, error) {
	full := toGray(img)
	sizes := []*image.Gray{shrink(full, WorkingSide)}
	if sizes[0] != full {
		sizes = append(sizes, full)
	}
	all := readers()

	for _, gray := range sizes {
		if r, err := tryAll(ctx, gray, all); err != ErrNotFound {
			return r, err
		}
	}
	// Matrix codes turned by quarter turns: gozxing's Data Matrix detector
	// misses some symbols in one orientation and finds them in another.
	var twoD []reader
	for _, rd := range all {
		if rd.twoD {
			twoD = append(twoD, rd)
		}
	}
	turned := sizes[0]
	for range 3 {
		turned = rotate90(turned)
		if r, err := tryAll(ctx, turned, twoD); err != ErrNotFound {
			return r, err
		}
	}
	return Result{}, ErrNotFound
}

// tryAll tries each reader with each binarizer on gray.
func tryAll(ctx context.Context, gray *image.Gray, rds []reader) (Result, error) {
	source, err := newGraySource(gray)
	if err != nil {
		return Result{}, ErrNotFound
	}
	binarizers := []gozxing.Binarizer{gozxing.NewHybridBinarizer(source), gozxing.NewGlobalHistgramBinarizer(source)}
	for _, binarizer := range binarizers {
		bitmap, err := gozxing.NewBinaryBitmap(binarizer)
		if err != nil {
			return Result{}, ErrNotFound
		}
		for _, rd := range rds {
			if ctx.Err() != nil {
				return Result{}, errStop
			}
			if r, ok := try(rd, bitmap); ok {
				return r, nil
			}
		}
	}
	return Result{}, ErrNotFound
}

// try runs one reader. gozxing v0.1.1 panics on some inputs, such as an
// index out of range in a detector: a panic counts as nothing found.
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
