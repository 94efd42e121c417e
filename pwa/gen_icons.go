//go:build ignore

// Command gen_icons draws the app icons into pwa/app/icons: a white barcode with a
// baseline on a dark blue background, as PNG files for the manifest and iOS
// and as an SVG favicon, and the same barcode alone on a transparent
// background as the notification badge. Run it from the repository root:
//
//	go run pwa/gen_icons.go
//
// The output is deterministic: all geometry is integer arithmetic, so the
// same Go version writes the same bytes on every run and platform.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"strings"
)

// designSize is the side of the square design grid that all shapes are
// placed on. Each output image maps this grid onto its own pixel size.
const designSize = 1024

// samplesPerAxis is the supersampling factor: each pixel is tested at
// samplesPerAxis × samplesPerAxis points to anti-alias the edges.
const samplesPerAxis = 8

// coverageLevels is the number of steps that a partly covered pixel's
// coverage is rounded to, which keeps the palette small.
const coverageLevels = 16

var (
	background = color.NRGBA{R: 0x1e, G: 0x3a, B: 0x8a, A: 0xff} // #1e3a8a
	foreground = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// The barcode, in artwork units. An icon scales it by a whole number of
// design units per artwork unit and centres it.
const (
	artWidth       = 40
	barHeight      = 24
	baselineGap    = 3
	baselineHeight = 4
	artHeight      = barHeight + baselineGap + baselineHeight
)

// barPattern alternates bar and space widths, starting and ending with a
// bar, and adds up to artWidth. Few and wide bars keep the code readable
// at 48 px, where one artwork unit is under one pixel.
var barPattern = []int{4, 2, 2, 2, 5, 3, 2, 2, 4, 2, 2, 3, 2, 2, 3}

// rect is an axis-aligned rectangle in design units, from (x0, y0)
// included to (x1, y1) excluded.
type rect struct{ x0, y0, x1, y1 int }

// iconDesign is one kind of icon on the design grid.
type iconDesign struct {
	// cornerRadius rounds the background square. Zero fills the whole
	// square, as maskable and Apple touch icons need.
	cornerRadius int
	// artScale is the number of design units per artwork unit.
	artScale int
	// transparent leaves out the background square: the artwork alone,
	// white on transparent, as Android draws a notification badge from
	// its alpha channel only.
	transparent bool
}

// anyDesign is the icon for purpose "any": a rounded square, with the
// barcode 62.5 % of the icon's width.
var anyDesign = iconDesign{cornerRadius: 176, artScale: 16}

// maskableDesign fills the square. Its barcode, 40 × 31 artwork units at
// 14 design units each, has a half-diagonal of about 354 design units, so
// it lies inside the safe zone of the Web App Manifest specification: the
// centred circle of radius 40 % of the width (≈ 410), which no mask cuts.
var maskableDesign = iconDesign{cornerRadius: 0, artScale: 14}

// appleDesign fills the square because iOS rounds the corners itself.
var appleDesign = iconDesign{cornerRadius: 0, artScale: 16}

// badgeDesign is the notification badge: the barcode alone, 86 % of the
// width, because a badge shows at about 24 px.
var badgeDesign = iconDesign{cornerRadius: 0, artScale: 22, transparent: true}

// shapes returns the white rectangles of the artwork, centred on the
// design grid.
func (d iconDesign) shapes() []rect {
	left := (designSize - artWidth*d.artScale) / 2
	top := (designSize - artHeight*d.artScale) / 2
	var rects []rect
	x := 0
	for i, width := range barPattern {
		if width <= 0 {
			log.Fatalf("invalid bar pattern: width %d at index %d, want a positive width", width, i)
		}
		if i%2 == 0 {
			rects = append(rects, rect{
				x0: left + x*d.artScale,
				y0: top,
				x1: left + (x+width)*d.artScale,
				y1: top + barHeight*d.artScale,
			})
		}
		x += width
	}
	if x != artWidth || len(barPattern)%2 == 0 {
		log.Fatalf("invalid bar pattern: %d widths adding up to %d, want an odd count (a bar first and last) adding up to %d", len(barPattern), x, artWidth)
	}
	rects = append(rects, rect{
		x0: left,
		y0: top + (barHeight+baselineGap)*d.artScale,
		x1: left + artWidth*d.artScale,
		y1: top + artHeight*d.artScale,
	})
	return rects
}

// sampler tests sample points of an image of a given pixel size against
// shapes on the design grid. Sample j of n = size × samplesPerAxis along an
// axis sits at design coordinate (2j+1) × designSize / (2n). Every test
// multiplies both sides by 2n, so it stays in integers.
type sampler struct {
	n int64 // samples per axis over the whole image
}

// scaled returns 2n × the design coordinate of sample j.
func (s sampler) scaled(j int) int64 {
	return int64(2*j+1) * designSize
}

// design returns 2n × a design coordinate, to compare with scaled.
func (s sampler) design(v int) int64 {
	return 2 * s.n * int64(v)
}

func (s sampler) inRect(r rect, jx, jy int) bool {
	x, y := s.scaled(jx), s.scaled(jy)
	return x >= s.design(r.x0) && x < s.design(r.x1) &&
		y >= s.design(r.y0) && y < s.design(r.y1)
}

// inRoundedSquare reports whether a sample lies inside the design square
// with corners rounded to radius.
func (s sampler) inRoundedSquare(radius, jx, jy int) bool {
	x, y := s.scaled(jx), s.scaled(jy)
	if radius == 0 {
		return true
	}
	// Fold the sample into the top-left corner: the square is symmetric.
	if x > s.design(designSize/2) {
		x = s.design(designSize) - x
	}
	if y > s.design(designSize/2) {
		y = s.design(designSize) - y
	}
	centre, r := s.design(radius), s.design(radius)
	if x >= centre || y >= centre {
		return true
	}
	dx, dy := centre-x, centre-y
	return dx*dx+dy*dy <= r*r
}

// render draws the design at size × size pixels into a paletted image. The
// palette is built in scan order, so equal input gives an equal image.
func (d iconDesign) render(size int) *image.Paletted {
	s := sampler{n: int64(size * samplesPerAxis)}
	shapes := d.shapes()
	const total = samplesPerAxis * samplesPerAxis

	var palette color.Palette
	index := map[color.NRGBA]uint8{}
	img := image.NewPaletted(image.Rect(0, 0, size, size), nil)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			covered, white := 0, 0
			for sy := 0; sy < samplesPerAxis; sy++ {
				for sx := 0; sx < samplesPerAxis; sx++ {
					jx, jy := px*samplesPerAxis+sx, py*samplesPerAxis+sy
					if !s.inRoundedSquare(d.cornerRadius, jx, jy) {
						continue
					}
					covered++
					for _, r := range shapes {
						if s.inRect(r, jx, jy) {
							white++
							break
						}
					}
				}
			}
			c := mix(covered, white, total)
			if d.transparent {
				c = artworkOnly(white, total)
			}
			i, ok := index[c]
			if !ok {
				if len(palette) == 256 {
					log.Fatalf("icon of %d px needs more than 256 colours; lower coverageLevels", size)
				}
				i = uint8(len(palette))
				index[c] = i
				palette = append(palette, c)
			}
			img.Pix[py*img.Stride+px] = i
		}
	}
	img.Palette = palette
	return img
}

// mix returns the colour of a pixel where covered of total samples fall on
// the background and white of those on the artwork, with both fractions
// rounded to coverageLevels steps.
func mix(covered, white, total int) color.NRGBA {
	if covered == 0 {
		return color.NRGBA{}
	}
	alpha := roundDiv(covered*coverageLevels, total)
	whiteness := roundDiv(white*coverageLevels, covered)
	blend := func(from, to uint8) uint8 {
		return uint8(roundDiv(int(from)*(coverageLevels-whiteness)+int(to)*whiteness, coverageLevels))
	}
	return color.NRGBA{
		R: blend(background.R, foreground.R),
		G: blend(background.G, foreground.G),
		B: blend(background.B, foreground.B),
		A: uint8(roundDiv(alpha*255, coverageLevels)),
	}
}

// artworkOnly returns the colour of a pixel of a transparent design where
// white of total samples fall on the artwork: white, with that coverage
// rounded to coverageLevels steps as its alpha.
func artworkOnly(white, total int) color.NRGBA {
	alpha := roundDiv(white*coverageLevels, total)
	if alpha == 0 {
		return color.NRGBA{}
	}
	return color.NRGBA{R: foreground.R, G: foreground.G, B: foreground.B, A: uint8(roundDiv(alpha*255, coverageLevels))}
}

func roundDiv(a, b int) int {
	return (2*a + b) / (2 * b)
}

// svg returns the design as an SVG document on a 64 × 64 view box, where
// one unit is 16 design units.
func (d iconDesign) svg() string {
	const unit = designSize / 64
	num := func(v int) string {
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", float64(v)/unit), "0"), ".")
	}
	var path strings.Builder
	for _, r := range d.shapes() {
		fmt.Fprintf(&path, "M%s %sh%sv%sh-%sz", num(r.x0), num(r.y0),
			num(r.x1-r.x0), num(r.y1-r.y0), num(r.x1-r.x0))
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">`+
		`<rect width="64" height="64" rx="%s" fill="#1e3a8a"/>`+
		`<path fill="#fff" d="%s"/></svg>`+"\n",
		num(d.cornerRadius), path.String())
}

func writePNG(path string, img image.Image) error {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func main() {
	outDir := flag.String("out", filepath.Join("pwa", "app", "icons"), "folder to write the icons to")
	previewSize := flag.Int("preview", 0, "also write preview-SIZE.png of the \"any\" icon at this size in pixels, to check small sizes (0: none)")
	flag.Parse()
	log.SetFlags(0)

	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		log.Fatal(err)
	}
	icons := []struct {
		name   string
		design iconDesign
		size   int
	}{
		{"icon-192.png", anyDesign, 192},
		{"icon-512.png", anyDesign, 512},
		{"maskable-192.png", maskableDesign, 192},
		{"maskable-512.png", maskableDesign, 512},
		{"apple-touch-icon.png", appleDesign, 180},
		{"badge-96.png", badgeDesign, 96},
	}
	if *previewSize > 0 {
		icons = append(icons, struct {
			name   string
			design iconDesign
			size   int
		}{fmt.Sprintf("preview-%d.png", *previewSize), anyDesign, *previewSize})
	}
	for _, icon := range icons {
		img := icon.design.render(icon.size)
		path := filepath.Join(*outDir, icon.name)
		if err := writePNG(path, img); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d×%d, %d colours\n", path, icon.size, icon.size, len(img.Palette))
	}
	path := filepath.Join(*outDir, "icon.svg")
	if err := os.WriteFile(path, []byte(anyDesign.svg()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println(path)
}
