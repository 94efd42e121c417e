package decode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"runtime"
	"time"

	"github.com/gofiber/fiber/v2"

	"parc/server/apierr"
)

// MaxUploadBytes is the largest image POST /api/v1/decode accepts. A
// 12-megapixel phone photo at the usual JPEG quality takes about 3 to 5
// MiB (an estimate, not a measurement).
const MaxUploadBytes = 10 << 20

// MiB is one mebibyte, the unit of the size messages.
const MiB = 1 << 20

// Handler serves POST /api/v1/decode.
type Handler struct {
	Log *slog.Logger
	// slots bounds the decodes running at once, because each one keeps a
	// core busy for up to Budget and holds the photo's pixels in memory.
	slots chan struct{}
}

// NewHandler returns a handler that runs at most one decode per core at
// once.
func NewHandler(log *slog.Logger) *Handler {
	return &Handler{Log: log, slots: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// DecodeImage reads the barcode in the photo of the multipart field
// "image" and returns {"text", "format"}.
func (h *Handler) DecodeImage(c *fiber.Ctx) error {
	file, err := c.FormFile("image")
	if err != nil {
		return apierr.BadRequest("missing_image", "decode_missing_image")
	}
	name := apierr.Quote(file.Filename)
	if file.Size > MaxUploadBytes {
		return apierr.New(http.StatusRequestEntityTooLarge, "image_too_large", "decode_image_too_large",
			name, float64(file.Size)/MiB, float64(MaxUploadBytes)/MiB)
	}
	data, err := readPart(file)
	if err != nil {
		return err
	}

	// Wait for a free slot no longer than a decode may take. The slot
	// covers the decoding of the pixels too, which holds up to a few hundred
	// megabytes, so that the number of slots bounds the memory as well as
	// the CPU.
	ctx, cancel := context.WithTimeout(c.UserContext(), Budget)
	defer cancel()
	select {
	case h.slots <- struct{}{}:
		defer func() { <-h.slots }()
	case <-ctx.Done():
		return apierr.New(http.StatusServiceUnavailable, "busy", "decode_busy")
	}

	img, err := Load(data)
	var size *SizeError
	switch {
	case errors.Is(err, ErrEmpty):
		return apierr.BadRequest("empty_image", "decode_empty", name)
	case errors.Is(err, ErrFormat):
		return apierr.BadRequest("not_an_image", "decode_not_image", name)
	case errors.Is(err, ErrCorrupt):
		e := apierr.BadRequest("corrupt_image", "decode_corrupt", name)
		e.Cause = err
		return e
	case errors.As(err, &size):
		return apierr.New(http.StatusUnprocessableEntity, "image_too_many_pixels", "decode_too_many_pixels",
			size.Width, size.Height, MaxPixels/1_000_000)
	case err != nil:
		return err
	}

	start := time.Now()
	result, err := Decode(c.UserContext(), img)
	attrs := []any{
		"request_id", c.Locals("request_id"),
		"bytes", len(data),
		"width", img.Bounds().Dx(), "height", img.Bounds().Dy(),
		"duration_ms", float64(time.Since(start).Microseconds()) / 1000,
	}
	if err != nil {
		h.Log.Info("no barcode found in photo", append(attrs, "error", err)...)
		return apierr.New(http.StatusUnprocessableEntity, "no_barcode", "decode_no_barcode")
	}
	// The text is an asset tag or a manufacturer's code, not personal data.
	h.Log.Info("barcode decoded", append(attrs, "format", result.Format, "text", result.Text)...)
	return c.JSON(result)
}

// readPart reads an uploaded file, which Fiber keeps in memory or in a
// temporary file.
func readPart(file *multipart.FileHeader) ([]byte, error) {
	f, err := file.Open()
	if err != nil {
		return nil, fmt.Errorf("open uploaded image: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read uploaded image: %w", err)
	}
	return data, nil
}
