package labels

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
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
	t.Skipf("%s not found: install poppler-utils, zbar-tools and zxing-cpp-tools to run this test", name)
	return ""
}

// runTool runs a program and returns its standard output. Standard error
// goes into the error message only, because zbarimg prints D-Bus noise
// there.
func runTool(name string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// rasterize renders every page of a PDF to 8-bit grey at dpi with
// pdftoppm and returns the pages in order.
func rasterize(t *testing.T, pdf []byte, dpi int) []*image.Gray {
	t.Helper()
	requireTool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "labels.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := runTool("pdftoppm", "-r", fmt.Sprint(dpi), "-gray", "-png", in, filepath.Join(dir, "page")); err != nil {
		t.Fatal(err)
	}

	files, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if err != nil || len(files) == 0 {
		t.Fatalf("pdftoppm wrote no page: %v", err)
	}
	// pdftoppm pads page numbers to the same width, so names sort.
	sort.Strings(files)
	pages := make([]*image.Gray, len(files))
	for i, name := range files {
		pages[i] = readGray(t, name)
	}
	return pages
}

func readGray(t *testing.T, name string) *image.Gray {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	if gray, ok := img.(*image.Gray); ok {
		return gray
	}
	// pdftoppm 22.02 writes grey PNGs with an alpha channel, which
	// image/png decodes as RGBA.
	gray := image.NewGray(img.Bounds())
	draw.Draw(gray, gray.Bounds(), img, img.Bounds().Min, draw.Src)
	return gray
}

// mmRect converts a rectangle in millimetres to pixels at dpi, keeping
// only pixels whose centre lies inside it.
func mmRect(x, y, w, h float64, dpi int) image.Rectangle {
	scale := float64(dpi) / 25.4
	return image.Rect(
		int(math.Round(x*scale)), int(math.Round(y*scale)),
		int(math.Round((x+w)*scale)), int(math.Round((y+h)*scale)),
	)
}

// crop copies r out of page, with its origin at 0, 0.
func crop(page *image.Gray, r image.Rectangle) *image.Gray {
	r = r.Intersect(page.Bounds())
	out := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		copy(out.Pix[y*out.Stride:y*out.Stride+r.Dx()], page.Pix[(r.Min.Y+y)*page.Stride+r.Min.X:])
	}
	return out
}

// darkestIn returns the darkest grey level inside r, 255 for white.
func darkestIn(img *image.Gray, r image.Rectangle) uint8 {
	r = r.Intersect(img.Bounds())
	darkest := uint8(255)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			darkest = min(darkest, img.GrayAt(x, y).Y)
		}
	}
	return darkest
}

func writePNG(t *testing.T, name string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// zbarSymbols decodes the images with one zbarimg run and returns the
// decoded texts per file name. --xml names the file of every symbol, which
// --raw does not.
func zbarSymbols(t *testing.T, files []string) map[string][]string {
	t.Helper()
	requireTool(t, "zbarimg")
	out, err := runTool("zbarimg", append([]string{"--xml", "-q"}, files...)...)
	var exit *exec.ExitError
	// zbarimg exits with 4 when some image holds no symbol.
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 4) {
		t.Fatal(err)
	}

	var doc struct {
		Sources []struct {
			Href    string `xml:"href,attr"`
			Symbols []struct {
				Type string `xml:"type,attr"`
				Data string `xml:"data"`
			} `xml:"index>symbol"`
		} `xml:"source"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("parse zbarimg --xml output: %v\n%s", err, out)
	}
	found := make(map[string][]string)
	for _, source := range doc.Sources {
		for _, symbol := range source.Symbols {
			found[source.Href] = append(found[source.Href], symbol.Type+":"+symbol.Data)
		}
	}
	return found
}

// zxingSymbols decodes the images with one ZXingReader run and returns the
// decoded texts per file name, as "Format:text".
func zxingSymbols(t *testing.T, format string, files []string) map[string][]string {
	t.Helper()
	requireTool(t, "ZXingReader")
	out, err := runTool("ZXingReader", append([]string{"-format", format, "-1"}, files...)...)
	if err != nil {
		t.Fatal(err)
	}

	// Each line is: file name, format, quoted text.
	found := make(map[string][]string)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, rest, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		kind, text, ok := strings.Cut(rest, " ")
		if !ok || !strings.HasPrefix(text, `"`) {
			continue
		}
		found[name] = append(found[name], kind+":"+strings.Trim(text, `"`))
	}
	return found
}

// gozxingDecode decodes one symbol of the given reader from img.
func gozxingDecode(img image.Image, reader gozxing.Reader) (string, error) {
	bitmap, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(gozxing.NewLuminanceSourceFromImage(img)))
	if err != nil {
		return "", err
	}
	// Hints count by presence: adding TRY_HARDER at all switches it on.
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	result, err := reader.Decode(bitmap, hints)
	if err != nil {
		return "", err
	}
	return result.GetText(), nil
}

func gozxingCode128(img image.Image) (string, error) {
	return gozxingDecode(img, oned.NewCode128Reader())
}

func gozxingQR(img image.Image) (string, error) {
	return gozxingDecode(img, qrcode.NewQRCodeReader())
}

func gozxingDataMatrix(img image.Image) (string, error) {
	return gozxingDecode(img, datamatrix.NewDataMatrixReader())
}
