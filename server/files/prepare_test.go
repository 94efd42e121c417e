package files

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"parc/server/apierr"
	"parc/server/i18n"
)

// exifSegment returns a JPEG APP1 segment whose EXIF data gives the
// orientation and a GPS position, with secret in its GPS area field.
func exifSegment(orientation int, secret string) []byte {
	le := binary.LittleEndian
	var t bytes.Buffer
	put := func(v any) { binary.Write(&t, le, v) }
	entry := func(tag, kind uint16, count, value uint32) { put(tag); put(kind); put(count); put(value) }

	t.WriteString("II")
	put(uint16(42))
	put(uint32(8))
	gpsIFD := uint32(8 + 2 + 2*12 + 4)
	put(uint16(2))
	entry(0x0112, 3, 1, uint32(orientation)) // Orientation, SHORT
	entry(0x8825, 4, 1, gpsIFD)              // GPS IFD pointer
	put(uint32(0))

	values := gpsIFD + 2 + 3*12 + 4
	put(uint16(3))
	entry(0x0001, 2, 2, uint32('N'))                  // GPSLatitudeRef "N"
	entry(0x0002, 5, 3, values)                       // GPSLatitude, 3 RATIONAL
	entry(0x001c, 7, uint32(len(secret)), values+3*8) // GPSAreaInformation
	put(uint32(0))
	for _, v := range []uint32{45, 1, 23, 1, 1234, 100} {
		put(v)
	}
	t.WriteString(secret)

	segment := append([]byte("Exif\x00\x00"), t.Bytes()...)
	n := len(segment) + 2
	return append([]byte{0xff, markerAPP1, byte(n >> 8), byte(n)}, segment...)
}

// exifJPEG encodes img as a JPEG with the EXIF segment of exifSegment
// right after the start marker, as cameras write it.
func exifJPEG(t *testing.T, img image.Image, orientation int, secret string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	plain := b.Bytes()
	out := append([]byte{}, plain[:2]...)
	out = append(out, exifSegment(orientation, secret)...)
	return append(out, plain[2:]...)
}

// markers returns the markers of a JPEG's segments up to the image data.
func markers(t *testing.T, data []byte) []byte {
	t.Helper()
	var out []byte
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			t.Fatalf("no marker at byte %d", i)
		}
		marker := data[i+1]
		out = append(out, marker)
		if marker == markerSOS {
			return out
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	return out
}

// halves returns a w × h image whose left half is red and right half
// blue.
func halves(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{0, 0, 255, 255}
			if x < w/2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func isRed(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 0xb000 && g < 0x5000 && b < 0x5000
}

func TestPhotoShrinksAndDropsExif(t *testing.T) {
	const secret = "GPS-SECRET-45.3856N"
	data := exifJPEG(t, halves(3200, 2000), 1, secret)
	if exifOrientation(data) != 1 || !bytes.Contains(data, []byte(secret)) {
		t.Fatal("the test photo lacks its EXIF segment")
	}

	c, err := Prepare(KindPhoto, "photo.jpg", data)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if c.Width != 1600 || c.Height != 1000 || c.ContentType != TypeJPEG {
		t.Errorf("photo stored as %s %d×%d, want image/jpeg 1600×1000", c.ContentType, c.Width, c.Height)
	}
	if bytes.Contains(c.Data, []byte(secret)) || bytes.Contains(c.Data, []byte("Exif")) {
		t.Error("the stored photo keeps the EXIF data")
	}
	if got := markers(t, c.Data); bytes.Contains(got, []byte{markerAPP1}) {
		t.Errorf("the stored photo has an APP1 segment: markers % x", got)
	}
	img, err := jpeg.Decode(bytes.NewReader(c.Data))
	if err != nil {
		t.Fatalf("decode the stored photo: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 1000 {
		t.Errorf("stored photo decodes as %v", b)
	}
	if !isRed(img.At(400, 500)) || isRed(img.At(1200, 500)) {
		t.Error("the shrunk photo lost its red left half")
	}
}

func TestPhotoTurnedUpright(t *testing.T) {
	// Orientation 6: the camera stored the picture turned a quarter
	// anticlockwise, so the stored left half shows at the top.
	data := exifJPEG(t, halves(400, 200), 6, "")
	c, err := Prepare(KindPhoto, "portrait.jpg", data)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if c.Width != 200 || c.Height != 400 {
		t.Fatalf("upright photo is %d×%d, want 200×400", c.Width, c.Height)
	}
	img, err := jpeg.Decode(bytes.NewReader(c.Data))
	if err != nil {
		t.Fatal(err)
	}
	if !isRed(img.At(100, 50)) || isRed(img.At(100, 350)) {
		t.Error("orientation 6: the red half is not at the top")
	}
}

func TestOrientAllEight(t *testing.T) {
	// A 3 × 2 image whose pixels are numbered 1 to 6 in reading order.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Pix[4*i] = uint8(i + 1)
	}
	want := map[int][]uint8{
		1: {1, 2, 3, 4, 5, 6},
		2: {3, 2, 1, 6, 5, 4},
		3: {6, 5, 4, 3, 2, 1},
		4: {4, 5, 6, 1, 2, 3},
		5: {1, 4, 2, 5, 3, 6},
		6: {4, 1, 5, 2, 6, 3},
		7: {6, 3, 5, 2, 4, 1},
		8: {3, 6, 2, 5, 1, 4},
	}
	for orientation, pixels := range want {
		out := orient(src, orientation)
		var got []uint8
		for i := 0; i < len(out.Pix); i += 4 {
			got = append(got, out.Pix[i])
		}
		if !bytes.Equal(got, pixels) {
			t.Errorf("orientation %d: pixels %v, want %v", orientation, got, pixels)
		}
	}
}

// signaturePNG draws a dark stroke on a transparent w × h image.
func signaturePNG(t *testing.T, w, h int, ink bool) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	if ink {
		for x := w / 4; x < 3*w/4; x++ {
			img.SetNRGBA(x, h/2, color.NRGBA{10, 10, 60, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSignatureChecks(t *testing.T) {
	good := signaturePNG(t, 600, 200, true)
	c, err := Prepare(KindSignature, "signature.png", good)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if c.ContentType != TypePNG || c.Width != 600 || c.Height != 200 {
		t.Errorf("signature stored as %s %d×%d", c.ContentType, c.Width, c.Height)
	}

	// A 16-bit greyscale PNG comes out with 8 bits per channel.
	deep := image.NewGray16(image.Rect(0, 0, 300, 100))
	for x := 50; x < 250; x++ {
		deep.SetGray16(x, 50, color.Gray16{Y: 0x1000})
	}
	var deepPNG bytes.Buffer
	png.Encode(&deepPNG, deep)
	c, err = Prepare(KindSignature, "deep.png", deepPNG.Bytes())
	if err != nil {
		t.Fatalf("Prepare a 16-bit signature: %v", err)
	}
	if stored, err := png.Decode(bytes.NewReader(c.Data)); err != nil {
		t.Errorf("decode the stored signature: %v", err)
	} else if m := stored.ColorModel(); m != color.NRGBAModel && m != color.RGBAModel {
		t.Errorf("the stored signature decodes as %T, want 8 bits per channel", stored)
	}

	var photo bytes.Buffer
	jpeg.Encode(&photo, halves(60, 20), nil)
	large := append(bytes.Clone(good), make([]byte, MaxSignatureBytes)...)
	cases := []struct {
		name   string
		data   []byte
		status int
		want   string
	}{
		{"jpeg", photo.Bytes(), http.StatusBadRequest, "n'est pas une image PNG"},
		{"too wide", signaturePNG(t, 2001, 100, true), http.StatusUnprocessableEntity, "2001 × 100 pixels, mais 2000 × 1000"},
		{"too tall", signaturePNG(t, 100, 1001, true), http.StatusUnprocessableEntity, "100 × 1001 pixels"},
		{"blank", signaturePNG(t, 600, 200, false), http.StatusUnprocessableEntity, "est vide"},
		{"too heavy", large, http.StatusRequestEntityTooLarge, "Kio, mais 512 Kio au plus"},
		{"empty", nil, http.StatusBadRequest, "vide (0 octet)"},
		{"truncated", good[:100], http.StatusBadRequest, "tronquée ou endommagée"},
	}
	for _, tc := range cases {
		_, err := Prepare(KindSignature, "signature.png", tc.data)
		var e *apierr.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: error %v, want an API error", tc.name, err)
			continue
		}
		if text := e.Message.Text(i18n.French); e.Status != tc.status || !strings.Contains(text, tc.want) {
			t.Errorf("%s: %d %q, want %d with %q", tc.name, e.Status, text, tc.status, tc.want)
		}
	}
}

func TestPhotoRejections(t *testing.T) {
	cases := []struct {
		name   string
		data   []byte
		status int
		want   string
	}{
		{"text", []byte("%PDF-1.4 not an image"), http.StatusBadRequest, "n'est pas une image JPEG ou PNG"},
		{"empty", nil, http.StatusBadRequest, "vide (0 octet)"},
		{"too heavy", make([]byte, MaxPhotoBytes+2<<20), http.StatusRequestEntityTooLarge, "pèse 12.0 Mio, au-delà de la limite de 10 Mio"},
	}
	for _, tc := range cases {
		_, err := Prepare(KindPhoto, "photo.jpg", tc.data)
		var e *apierr.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: error %v, want an API error", tc.name, err)
			continue
		}
		if text := e.Message.Text(i18n.French); e.Status != tc.status || !strings.Contains(text, tc.want) {
			t.Errorf("%s: %d %q, want %d with %q", tc.name, e.Status, text, tc.status, tc.want)
		}
	}
	if _, err := Prepare("pdf", "x.pdf", []byte("x")); err == nil || !strings.Contains(err.(*apierr.Error).Fields["kind"].Text(i18n.French), "photo, signature") {
		t.Errorf("kind pdf: %v", err)
	}
}

func FuzzExifOrientation(f *testing.F) {
	f.Add(append([]byte{0xff, 0xd8}, exifSegment(6, "x")...))
	f.Add([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x02})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := exifOrientation(data); o < 1 || o > 8 {
			t.Errorf("orientation %d", o)
		}
	})
}
