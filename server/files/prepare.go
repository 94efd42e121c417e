package files

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"net/http"
	"slices"
	"strings"

	"parc/server/apierr"
	"parc/server/decode"
	"parc/server/i18n"
)

var (
	jpegMagic = []byte("\xff\xd8\xff")
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
)

// Prepare checks an uploaded file of kind, sent under the name name, and
// returns the content to store. It recognizes the format by the first
// bytes, never by the name or the declared type, and encodes every image
// again, which drops the metadata the client sent with it. Every fault is
// an *apierr.Error that names the file and the limit it breaks.
func Prepare(kind, name string, data []byte) (Content, error) {
	switch kind {
	case KindPhoto:
		return preparePhoto(name, data)
	case KindSignature:
		return prepareSignature(name, data)
	}
	return Content{}, kindError(kind)
}

// kindError is the 422 of a kind that clients may not upload.
func kindError(kind string) *apierr.Error {
	m := i18n.Msg("file_kind_unknown", apierr.Quote(kind), strings.Join(UploadKinds, ", "))
	if kind == "" {
		m = i18n.Msg("file_kind_missing", strings.Join(UploadKinds, ", "))
	}
	return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: m,
		Fields: map[string]i18n.Message{"kind": m}}
}

// TooLarge returns the 413 of a file of kind that weighs size bytes, or
// nil when size is within the limit of kind.
func TooLarge(kind, name string, size int64) error {
	switch {
	case kind == KindPhoto && size > MaxPhotoBytes:
		return apierr.New(http.StatusRequestEntityTooLarge, "file_too_large", "file_photo_too_large",
			apierr.Quote(name), float64(size)/decode.MiB, float64(MaxPhotoBytes)/decode.MiB)
	case kind == KindSignature && size > MaxSignatureBytes:
		return apierr.New(http.StatusRequestEntityTooLarge, "file_too_large", "file_signature_too_large",
			apierr.Quote(name), (size+1023)/1024, MaxSignatureBytes/1024)
	}
	return nil
}

// MaxBytes returns the largest upload of kind, in bytes.
func MaxBytes(kind string) int64 {
	if kind == KindSignature {
		return MaxSignatureBytes
	}
	return MaxPhotoBytes
}

// preparePhoto decodes a JPEG or PNG photo within decode.Load's pixel
// limit, turns it upright as its EXIF orientation tag specifies, shrinks it to
// PhotoSide pixels on its long side and encodes it as a JPEG. The new
// JPEG carries no EXIF segment, so a GPS position or a camera serial
// number never reaches the store.
func preparePhoto(name string, data []byte) (Content, error) {
	if err := TooLarge(KindPhoto, name, int64(len(data))); err != nil {
		return Content{}, err
	}
	img, err := decode.Load(data)
	if err != nil {
		return Content{}, loadError(name, err)
	}
	orientation := 1
	if bytes.HasPrefix(data, jpegMagic) {
		orientation = exifOrientation(data)
	}

	upright := orient(shrink(img, PhotoSide), orientation)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, upright, &jpeg.Options{Quality: PhotoQuality}); err != nil {
		return Content{}, fmt.Errorf("encode photo %q: %w", name, err)
	}
	b := upright.Bounds()
	return Content{Kind: KindPhoto, ContentType: TypeJPEG, Data: out.Bytes(), Width: b.Dx(), Height: b.Dy()}, nil
}

// loadError returns the error of a photo that decode.Load rejected.
func loadError(name string, err error) error {
	var size *decode.SizeError
	switch {
	case errors.Is(err, decode.ErrEmpty):
		return apierr.BadRequest("empty_file", "decode_empty", apierr.Quote(name))
	case errors.Is(err, decode.ErrFormat):
		return apierr.BadRequest("not_an_image", "decode_not_image", apierr.Quote(name))
	case errors.Is(err, decode.ErrCorrupt):
		e := apierr.BadRequest("corrupt_image", "decode_corrupt", apierr.Quote(name))
		e.Cause = err
		return e
	case errors.As(err, &size):
		return apierr.New(http.StatusUnprocessableEntity, "image_too_many_pixels", "decode_too_many_pixels",
			size.Width, size.Height, decode.MaxPixels/1_000_000)
	}
	return err
}

// prepareSignature checks a signature drawn on the device: a PNG of at
// most MaxSignatureWidth × MaxSignatureHeight pixels with some ink on it.
// It encodes the image again as an 8-bit RGBA PNG, which drops the PNG's
// text chunks.
func prepareSignature(name string, data []byte) (Content, error) {
	if err := TooLarge(KindSignature, name, int64(len(data))); err != nil {
		return Content{}, err
	}
	if len(data) == 0 {
		return Content{}, apierr.BadRequest("empty_file", "decode_empty", apierr.Quote(name))
	}
	if !bytes.HasPrefix(data, pngMagic) {
		return Content{}, apierr.BadRequest("not_png", "file_signature_not_png", apierr.Quote(name))
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		e := apierr.BadRequest("corrupt_image", "decode_corrupt", apierr.Quote(name))
		e.Cause = err
		return Content{}, e
	}
	if cfg.Width > MaxSignatureWidth || cfg.Height > MaxSignatureHeight || cfg.Width <= 0 || cfg.Height <= 0 {
		return Content{}, apierr.New(http.StatusUnprocessableEntity, "signature_too_many_pixels", "file_signature_dimensions",
			cfg.Width, cfg.Height, MaxSignatureWidth, MaxSignatureHeight)
	}

	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		e := apierr.BadRequest("corrupt_image", "decode_corrupt", apierr.Quote(name))
		e.Cause = err
		return Content{}, e
	}
	if !hasInk(img) {
		return Content{}, apierr.New(http.StatusUnprocessableEntity, "blank_signature", "file_signature_blank", apierr.Quote(name))
	}

	// An 8-bit RGBA PNG, never 16-bit or interlaced, because the PDF
	// library (go-pdf/fpdf v0.12.0) cannot embed those.
	rgba := image.NewNRGBA(image.Rect(0, 0, cfg.Width, cfg.Height))
	draw.Draw(rgba, rgba.Rect, img, img.Bounds().Min, draw.Src)
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, rgba); err != nil {
		return Content{}, fmt.Errorf("encode signature %q: %w", name, err)
	}
	return Content{Kind: KindSignature, ContentType: TypePNG, Data: out.Bytes(), Width: cfg.Width, Height: cfg.Height}, nil
}

// hasInk reports whether img has a pixel that is neither transparent nor
// near white: a signature pad left blank sends none.
func hasInk(img image.Image) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBA64Model.Convert(img.At(x, y)).(color.NRGBA64)
			if c.A < 0x4000 {
				continue
			}
			luminance := (299*uint32(c.R) + 587*uint32(c.G) + 114*uint32(c.B)) / 1000
			if luminance < 0xc000 {
				return true
			}
		}
	}
	return false
}

// isUploadKind reports whether clients may upload files of kind.
func isUploadKind(kind string) bool {
	return slices.Contains(UploadKinds, kind)
}
