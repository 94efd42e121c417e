package decode

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// formatOfFolder maps the zxing folder prefixes to the format names Decode
// returns.
var formatOfFolder = map[string]string{"code128": "code_128", "qrcode": "qr_code", "datamatrix": "data_matrix"}

func TestDecodeZXingImages(t *testing.T) {
	images, err := filepath.Glob(filepath.Join("testdata", "zxing", "*", "*.png"))
	if err != nil || len(images) < 30 {
		t.Fatalf("zxing test images: %d found, %v", len(images), err)
	}
	for _, path := range images {
		name, _ := filepath.Rel(filepath.Join("testdata", "zxing"), path)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(strings.TrimSuffix(path, ".png") + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			img, err := Load(data)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}

			got, err := Decode(context.Background(), img)
			if err != nil {
				t.Fatalf("Decode: %v, want %q", err, want)
			}
			if got.Text != string(want) {
				t.Errorf("text = %q, want %q", got.Text, want)
			}
			folder := strings.SplitN(filepath.Dir(name), "-", 2)[0]
			if got.Format != formatOfFolder[folder] {
				t.Errorf("format = %q, want %q", got.Format, formatOfFolder[folder])
			}
		})
	}
}

func TestDecodeBlankImage(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 640, 480))
	for i := range blank.Pix {
		blank.Pix[i] = 0xf0
	}
	start := time.Now()
	_, err := Decode(context.Background(), blank)
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("Decode of a blank image: %v, want ErrNotFound", err)
	}
	if d := time.Since(start); d > Budget+time.Second {
		t.Errorf("Decode of a blank image took %v, over the budget of %v", d, Budget)
	}
}

func TestDecodeCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Decode(ctx, image.NewGray(image.Rect(0, 0, 100, 100)))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Decode with a canceled context: %v, want context.Canceled", err)
	}
}

// pngHeader returns the signature and IHDR chunk of a PNG claiming width
// × height pixels, with no image data.
func pngHeader(width, height uint32) []byte {
	return pngHeaderOf(width, height, 8, 0) // 8-bit greyscale
}

// pngHeaderOf returns the start of a PNG with that bit depth and colour
// type (0 greyscale, 6 RGBA), without pixel data.
func pngHeaderOf(width, height uint32, depth, colorType byte) []byte {
	var ihdr bytes.Buffer
	ihdr.WriteString("IHDR")
	binary.Write(&ihdr, binary.BigEndian, width)
	binary.Write(&ihdr, binary.BigEndian, height)
	ihdr.Write([]byte{depth, colorType, 0, 0, 0}) // no interlace

	out := bytes.NewBufferString("\x89PNG\r\n\x1a\n")
	binary.Write(out, binary.BigEndian, uint32(ihdr.Len()-4))
	out.Write(ihdr.Bytes())
	binary.Write(out, binary.BigEndian, crc32.ChecksumIEEE(ihdr.Bytes()))
	return out.Bytes()
}

// encoded returns img encoded as JPEG, PNG or GIF.
func encoded(t *testing.T, img image.Image, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	case "png":
		err = png.Encode(&b, img)
	case "gif":
		err = gif.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLoadRejectsBadFiles(t *testing.T) {
	small := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range small.Pix {
		small.Pix[i] = uint8(i)
	}
	photo := encoded(t, small, "jpeg")
	drawing := encoded(t, small, "png")

	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"zero bytes", nil, ErrEmpty},
		{"text", []byte("BE000001F"), ErrFormat},
		{"GIF", encoded(t, small, "gif"), ErrFormat},
		{"truncated JPEG", photo[:len(photo)/2], ErrCorrupt},
		{"JPEG signature only", photo[:3], ErrCorrupt},
		{"truncated PNG", drawing[:len(drawing)-20], ErrCorrupt},
		{"PNG header without data", pngHeader(64, 48), ErrCorrupt},
		{"PNG of zero width", pngHeader(0, 48), ErrCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img, err := Load(c.data)
			if !errors.Is(err, c.want) {
				t.Errorf("Load: %v, want %v", err, c.want)
			}
			if img != nil {
				t.Errorf("Load returned an image with error %v", err)
			}
		})
	}

	t.Run("huge dimensions", func(t *testing.T) {
		_, err := Load(pngHeader(100000, 100000))
		var size *SizeError
		if !errors.As(err, &size) || size.Width != 100000 || size.Height != 100000 {
			t.Fatalf("Load: %v, want a SizeError of 100000×100000", err)
		}
		if !strings.Contains(err.Error(), "100000×100000") {
			t.Errorf("error %q does not name the size", err)
		}
	})

	// 16 bits per channel take twice the memory: 6000×6000 of them is
	// refused, the same size at 8 bits is not (it fails later, for lack of
	// pixel data).
	t.Run("16-bit counts double", func(t *testing.T) {
		var size *SizeError
		if _, err := Load(pngHeaderOf(6000, 6000, 16, 6)); !errors.As(err, &size) {
			t.Errorf("Load of a 6000×6000 16-bit RGBA header: %v, want a SizeError", err)
		}
		if _, err := Load(pngHeaderOf(6000, 6000, 8, 6)); errors.As(err, &size) || !errors.Is(err, ErrCorrupt) {
			t.Errorf("Load of a 6000×6000 8-bit RGBA header: %v, want ErrCorrupt (no pixel data)", err)
		}
	})

	for _, format := range []string{"jpeg", "png"} {
		t.Run("valid "+format, func(t *testing.T) {
			img, err := Load(encoded(t, small, format))
			if err != nil || img.Bounds().Dx() != 64 || img.Bounds().Dy() != 48 {
				t.Errorf("Load: %v, bounds %v; want a 64×48 image", err, img)
			}
		})
	}
}

func TestToGrayMatchesLuminance(t *testing.T) {
	rgba := image.NewNRGBA(image.Rect(10, 20, 14, 22))
	rgba.Set(10, 20, color.NRGBA{R: 255, G: 255, B: 255, A: 255})
	rgba.Set(11, 20, color.NRGBA{A: 255})
	rgba.Set(12, 20, color.NRGBA{A: 0})
	gray := toGray(rgba)
	if gray.Rect != image.Rect(0, 0, 4, 2) {
		t.Fatalf("bounds = %v, want (0,0)-(4,2)", gray.Rect)
	}
	for _, c := range []struct {
		x    int
		want uint8
	}{{0, 255}, {1, 0}, {2, 255}} {
		if got := gray.GrayAt(c.x, 0).Y; got != c.want {
			t.Errorf("pixel %d = %d, want %d", c.x, got, c.want)
		}
	}
}

func TestShrinkKeepsMean(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 4000, 3000))
	for y := 0; y < 3000; y++ {
		for x := 0; x < 4000; x++ {
			img.Pix[y*4000+x] = uint8((x / 2 % 2) * 200)
		}
	}
	small := shrink(img, 1600)
	if small.Rect.Dx() != 1600 || small.Rect.Dy() != 1200 {
		t.Fatalf("shrunk to %v, want 1600×1200", small.Rect)
	}
	sum := 0
	for _, v := range small.Pix {
		sum += int(v)
	}
	if mean := sum / len(small.Pix); mean < 95 || mean > 105 {
		t.Errorf("mean = %d, want about 100", mean)
	}
	if shrink(small, 1600) != small {
		t.Error("shrink copied an image already small enough")
	}
}
