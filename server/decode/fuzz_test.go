package decode

import (
	"context"
	"errors"
	"testing"
	"time"
)

// FuzzLoad checks the image handling of POST /api/v1/decode: Load never
// panics, fails only with ErrEmpty, ErrFormat, ErrCorrupt or a
// *SizeError, and returns only images within MaxPixels whose size its
// header gave. Small images go on to Decode, which returns a text and a
// format or an error, and never panics.
func FuzzLoad(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Load(data)
		var size *SizeError
		switch {
		case errors.As(err, &size):
			if int64(size.Width)*int64(size.Height) <= MaxPixels/2 {
				t.Fatalf("Load(%d bytes) refused %d×%d pixels, within the limit", len(data), size.Width, size.Height)
			}
			return
		case errors.Is(err, ErrEmpty), errors.Is(err, ErrFormat), errors.Is(err, ErrCorrupt):
			return
		case err != nil:
			t.Fatalf("Load(%d bytes) error %v (%T), want ErrEmpty, ErrFormat, ErrCorrupt or a *SizeError", len(data), err, err)
		}

		b := img.Bounds()
		if b.Dx() <= 0 || b.Dy() <= 0 || int64(b.Dx())*int64(b.Dy()) > MaxPixels {
			t.Fatalf("Load(%d bytes) returned an image of %v", len(data), b)
		}
		if b.Dx()*b.Dy() > 64*64 {
			return // decoding a large image takes too long for a fuzz run
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		result, err := Decode(ctx, img)
		if err == nil && (result.Text == "" || result.Format == "") {
			t.Fatalf("Decode of a %v image returned %+v without an error", b, result)
		}
	})
}
