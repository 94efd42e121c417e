package labels

import (
	"fmt"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
)

// code128QuietModules is the width of the blank margin that ISO/IEC 15417
// requires on each side of a Code 128 symbol, in modules. gozxing's
// one-dimensional writer would add 5 modules per side by default, so the
// encoder below sets its margin to 0 and the layout reserves the zones.
const code128QuietModules = 10

// encodeCode128 returns the modules of the Code 128 symbol for text, start
// and stop patterns included, without quiet zones: true for a dark module.
// gozxing v0.1.1 chooses the code sets itself: code set B for letters and C
// for runs of at least 4 digits, so BE000123 and its check character take
// 123 modules instead of 134 in code set B alone.
func encodeCode128(text string) ([]bool, error) {
	hints := map[gozxing.EncodeHintType]interface{}{
		gozxing.EncodeHintType_MARGIN: 0,
	}
	matrix, err := oned.NewCode128Writer().Encode(text, gozxing.BarcodeFormat_CODE_128, 0, 0, hints)
	if err != nil {
		return nil, fmt.Errorf("encode Code 128 of %q: %w", text, err)
	}

	modules := make([]bool, matrix.GetWidth())
	for x := range modules {
		modules[x] = matrix.Get(x, 0)
	}
	return modules, nil
}
