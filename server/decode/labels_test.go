package decode

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"parc/labels"
)

// requireTool returns the path of an external program. It skips the test
// when the program is missing, except under CI=true, where .ci/run installs
// it and a missing program fails the test.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found with CI=true: .ci/run must install it", name)
	}
	t.Skipf("%s not found: install poppler-utils to run this test", name)
	return ""
}

// renderLabel renders the first label of an Avery L7160 sheet for tag at
// dpi through pdftoppm, and returns it on a grey margin of a quarter of
// its width, as a photo of a label on a desk would show it.
func renderLabel(t *testing.T, tag labels.Tag, code2D string, dpi int) *image.Gray {
	t.Helper()
	pdftoppm := requireTool(t, "pdftoppm")
	template, err := labels.TemplateByID("avery-l7160")
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	label := labels.Label{Tag: tag, URL: "https://parc.example/t/" + tag.String(), Owner: "Propriété CCBE — service informatique"}
	if err := labels.RenderPDF(&pdf, template, []labels.Label{label}, labels.Options{Code2D: code2D}); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	in := filepath.Join(dir, "label.pdf")
	if err := os.WriteFile(in, pdf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	mm := float64(dpi) / 25.4
	crop := []string{
		"-x", fmt.Sprint(int(template.MarginLeft * mm)), "-y", fmt.Sprint(int(template.MarginTop * mm)),
		"-W", fmt.Sprint(int(template.LabelWidth * mm)), "-H", fmt.Sprint(int(template.LabelHeight * mm)),
	}
	args := append([]string{"-r", fmt.Sprint(dpi), "-gray", "-png", "-singlefile"}, crop...)
	out, err := exec.Command(pdftoppm, append(args, in, filepath.Join(dir, "label"))...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "label.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}

	cell := toGray(img)
	margin := cell.Rect.Dx() / 4
	photo := image.NewGray(image.Rect(0, 0, cell.Rect.Dx()+2*margin, cell.Rect.Dy()+2*margin))
	for i := range photo.Pix {
		photo.Pix[i] = 150
	}
	for y := 0; y < cell.Rect.Dy(); y++ {
		copy(photo.Pix[(y+margin)*photo.Stride+margin:], cell.Pix[y*cell.Stride:(y+1)*cell.Stride])
	}
	return photo
}

// warp returns an image of the same size as img whose pixel (x, y) is
// img's pixel at source(x, y), interpolated bilinearly, and grey outside
// img.
func warp(img *image.Gray, source func(x, y float64) (float64, float64)) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewGray(img.Rect)
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 150
		}
		return float64(img.Pix[y*img.Stride+x])
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sx, sy := source(float64(x)+0.5, float64(y)+0.5)
			sx, sy = sx-0.5, sy-0.5
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			fx, fy := sx-float64(x0), sy-float64(y0)
			top := at(x0, y0)*(1-fx) + at(x0+1, y0)*fx
			bottom := at(x0, y0+1)*(1-fx) + at(x0+1, y0+1)*fx
			out.Pix[y*out.Stride+x] = uint8(math.Round(top*(1-fy) + bottom*fy))
		}
	}
	return out
}

// rotate turns img by degrees counterclockwise about its centre.
func rotate(img *image.Gray, degrees float64) *image.Gray {
	a := degrees * math.Pi / 180
	cx, cy := float64(img.Rect.Dx())/2, float64(img.Rect.Dy())/2
	return warp(img, func(x, y float64) (float64, float64) {
		dx, dy := x-cx, y-cy
		return cx + dx*math.Cos(a) - dy*math.Sin(a), cy + dx*math.Sin(a) + dy*math.Cos(a)
	})
}

// boxBlur averages each pixel with its neighbours within radius.
func boxBlur(img *image.Gray, radius int) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewGray(img.Rect)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sum, n := 0, 0
			for yy := max(0, y-radius); yy <= min(h-1, y+radius); yy++ {
				for xx := max(0, x-radius); xx <= min(w-1, x+radius); xx++ {
					sum += int(img.Pix[yy*img.Stride+xx])
					n++
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / n)
		}
	}
	return out
}

// homography returns the projective map that sends the four points from
// onto the four points to, as the 8 coefficients of
// x' = (a x + b y + c) / (g x + h y + 1), y' = (d x + e y + f) / (g x + h y + 1).
func homography(from, to [4][2]float64) [8]float64 {
	var m [8][9]float64
	for i := range 4 {
		x, y, u, v := from[i][0], from[i][1], to[i][0], to[i][1]
		m[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		m[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	// Gauss-Jordan elimination with partial pivoting.
	for col := range 8 {
		pivot := col
		for r := col + 1; r < 8; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[pivot][col]) {
				pivot = r
			}
		}
		m[col], m[pivot] = m[pivot], m[col]
		for r := range 8 {
			if r == col {
				continue
			}
			k := m[r][col] / m[col][col]
			for c := col; c < 9; c++ {
				m[r][c] -= k * m[col][c]
			}
		}
	}
	var h [8]float64
	for i := range 8 {
		h[i] = m[i][8] / m[i][i]
	}
	return h
}

// perspective shows img as a camera held off-axis would: the top edge
// shrinks by a fifth of the width and the right edge by a tenth of the
// height.
func perspective(img *image.Gray) *image.Gray {
	w, h := float64(img.Rect.Dx()), float64(img.Rect.Dy())
	corners := [4][2]float64{{0, 0}, {w, 0}, {w, h}, {0, h}}
	seen := [4][2]float64{{0.1 * w, 0}, {0.9 * w, 0.05 * h}, {w, 0.95 * h}, {0, h}}
	// Map each output pixel back to the flat label.
	p := homography(seen, corners)
	return warp(img, func(x, y float64) (float64, float64) {
		d := p[6]*x + p[7]*y + 1
		return (p[0]*x + p[1]*y + p[2]) / d, (p[3]*x + p[4]*y + p[5]) / d
	})
}

// scale resizes img by factor, below 1, through shrink.
func scale(img *image.Gray, factor float64) *image.Gray {
	return shrink(img, int(float64(max(img.Rect.Dx(), img.Rect.Dy()))*factor))
}

// jpegRoundTrip compresses img as JPEG at quality and loads it back.
func jpegRoundTrip(t *testing.T, img *image.Gray, quality int) image.Image {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	out, err := Load(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecodeDistortedLabels(t *testing.T) {
	tag, err := labels.NewAssetTag("BE", 123)
	if err != nil {
		t.Fatal(err)
	}
	for _, code2D := range []string{labels.Code2DQR, labels.Code2DDataMatrix} {
		label := renderLabel(t, tag, code2D, 300)
		cases := []struct {
			name  string
			photo func() image.Image
		}{
			{"flat", func() image.Image { return label }},
			{"rotated 90°", func() image.Image { return rotate90(label) }},
			{"rotated 15°", func() image.Image { return rotate(label, 15) }},
			{"box blur", func() image.Image { return boxBlur(label, 2) }},
			{"perspective", func() image.Image { return perspective(label) }},
			{"downscaled to 40 %", func() image.Image { return scale(label, 0.4) }},
			{"JPEG quality 30", func() image.Image { return jpegRoundTrip(t, label, 30) }},
			{"all at once", func() image.Image {
				return jpegRoundTrip(t, scale(boxBlur(perspective(rotate(label, 15)), 1), 0.6), 50)
			}},
		}
		for _, c := range cases {
			t.Run(code2D+" "+c.name, func(t *testing.T) {
				got, err := Decode(context.Background(), c.photo())
				if err != nil {
					t.Fatalf("Decode: %v, want %s", err, tag)
				}
				if got.Text != tag.String() {
					t.Errorf("text = %q (%s), want %q", got.Text, got.Format, tag)
				}
				if code2D == labels.Code2DQR && got.Format != "code_128" {
					t.Errorf("format = %q, want code_128, read before the QR code", got.Format)
				}
			})
		}
	}
}
