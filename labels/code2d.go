package labels

import (
	"fmt"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	dmencoder "github.com/makiuchi-d/gozxing/datamatrix/encoder"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Values of Options.Code2D.
const (
	Code2DQR         = "qr"
	Code2DDataMatrix = "datamatrix"
	Code2DNone       = "none"
)

// Quiet zones around 2D symbols, in modules. ISO/IEC 18004 requires 4
// modules around a QR code. ISO/IEC 16022 requires at least 1 module around
// a Data Matrix symbol; 2 leave room for print spread and a slightly
// misplaced label. gozxing adds neither when asked for a margin of 0.
const (
	qrQuietModules         = 4
	dataMatrixQuietModules = 2
)

// matrixSymbol is a 2D symbol without its quiet zone.
type matrixSymbol struct {
	// Kind is Code2DQR or Code2DDataMatrix.
	Kind string
	// Data is the encoded text.
	Data          string
	Width, Height int
	// Dark holds the modules row by row, true for a dark module.
	Dark []bool
	// Quiet is the quiet zone that the symbol needs on each side, in
	// modules.
	Quiet int
}

// At reports whether the module in column x and row y is dark.
func (s matrixSymbol) At(x, y int) bool {
	return s.Dark[y*s.Width+x]
}

// encodeQR returns the QR code of url with error correction level M, which
// restores about 15 % of the codewords: enough for a scratched label while
// keeping a 40-character URL at version 3 (29 × 29 modules).
func encodeQR(url string) (matrixSymbol, error) {
	hints := map[gozxing.EncodeHintType]interface{}{
		gozxing.EncodeHintType_MARGIN:           0,
		gozxing.EncodeHintType_ERROR_CORRECTION: "M",
	}
	matrix, err := qrcode.NewQRCodeWriter().Encode(url, gozxing.BarcodeFormat_QR_CODE, 0, 0, hints)
	if err != nil {
		return matrixSymbol{}, fmt.Errorf("encode QR code of %q: %w", url, err)
	}
	return symbolFromBits(Code2DQR, url, matrix, qrQuietModules), nil
}

// encodeDataMatrix returns the square ECC 200 Data Matrix symbol of text.
// A tag takes 14 × 14 modules.
func encodeDataMatrix(text string) (matrixSymbol, error) {
	hints := map[gozxing.EncodeHintType]interface{}{
		gozxing.EncodeHintType_DATA_MATRIX_SHAPE: dmencoder.SymbolShapeHint_FORCE_SQUARE,
	}
	matrix, err := datamatrix.NewDataMatrixWriter().Encode(text, gozxing.BarcodeFormat_DATA_MATRIX, 0, 0, hints)
	if err != nil {
		return matrixSymbol{}, fmt.Errorf("encode Data Matrix of %q: %w", text, err)
	}
	return symbolFromBits(Code2DDataMatrix, text, matrix, dataMatrixQuietModules), nil
}

func symbolFromBits(kind, data string, matrix *gozxing.BitMatrix, quiet int) matrixSymbol {
	s := matrixSymbol{
		Kind:   kind,
		Data:   data,
		Width:  matrix.GetWidth(),
		Height: matrix.GetHeight(),
		Quiet:  quiet,
	}
	s.Dark = make([]bool, s.Width*s.Height)
	for y := 0; y < s.Height; y++ {
		for x := 0; x < s.Width; x++ {
			s.Dark[y*s.Width+x] = matrix.Get(x, y)
		}
	}
	return s
}
