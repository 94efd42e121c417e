package decode

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
)

// MaxPixels is the largest image Load accepts, in pixels: 40 megapixels
// take 160 MB once decoded as 8-bit RGBA. An image of 16 bits per channel
// takes twice as much per pixel, so it counts double against the limit.
// Load checks the header first, so a small file that claims a huge size
// never gets its pixels allocated.
const MaxPixels = 40_000_000

// Errors of Load. A *SizeError reports dimensions over MaxPixels.
var (
	// ErrEmpty is returned for a file of zero bytes.
	ErrEmpty = errors.New("empty file")
	// ErrFormat is returned for content that is neither JPEG nor PNG.
	ErrFormat = errors.New("not a JPEG or PNG image")
	// ErrCorrupt is returned for a JPEG or PNG file that is truncated or
	// damaged.
	ErrCorrupt = errors.New("truncated or damaged image")
)

// SizeError reports an image whose dimensions exceed MaxPixels.
type SizeError struct {
	Width, Height int
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("image of %d×%d pixels exceeds the maximum of %d megapixels", e.Width, e.Height, MaxPixels/1_000_000)
}

// Load decodes a JPEG or PNG image, recognized by its first bytes whatever
// the file is called. It reads the dimensions from the header first and
// rejects an image over MaxPixels before decoding its pixels.
func Load(data []byte) (image.Image, error) {
	if len(data) == 0 {
		return nil, ErrEmpty
	}
	var (
		config func(io.Reader) (image.Config, error)
		pixels func(io.Reader) (image.Image, error)
		name   string
	)
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		config, pixels, name = jpeg.DecodeConfig, jpeg.Decode, "JPEG"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		config, pixels, name = png.DecodeConfig, png.Decode, "PNG"
	default:
		return nil, ErrFormat
	}

	cfg, err := config(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %s header: %v", ErrCorrupt, name, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("%w: %s header gives %d×%d pixels", ErrCorrupt, name, cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height)*pixelWeight(cfg.ColorModel) > MaxPixels {
		return nil, &SizeError{Width: cfg.Width, Height: cfg.Height}
	}

	img, err := pixels(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
	}
	return img, nil
}

// pixelWeight returns how many 8-bit pixels one pixel of the model costs
// in memory once decoded: 2 for 16 bits per channel, 1 otherwise.
func pixelWeight(model color.Model) int64 {
	switch model {
	case color.RGBA64Model, color.NRGBA64Model, color.Gray16Model:
		return 2
	}
	return 1
}
