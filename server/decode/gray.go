package decode

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/makiuchi-d/gozxing"
)

// toGray returns the luminance of img as a tightly packed *image.Gray
// whose bounds start at (0, 0). A JPEG's Y plane is copied as it is.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))

	switch src := img.(type) {
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			row := src.YOffset(b.Min.X, b.Min.Y+y)
			copy(out.Pix[y*w:(y+1)*w], src.Y[row:row+w])
		}
	case *image.Gray:
		for y := 0; y < h; y++ {
			row := src.PixOffset(b.Min.X, b.Min.Y+y)
			copy(out.Pix[y*w:(y+1)*w], src.Pix[row:row+w])
		}
	case *image.NRGBA, *image.RGBA, *image.Paletted:
		// Transparent pixels count as white: a label cut out of a PNG
		// keeps its background light.
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				r, g, bl, a := src.At(b.Min.X+x, b.Min.Y+y).RGBA()
				lum := (299*r + 587*g + 114*bl) / 1000
				lum = (lum*a + 0xffff*(0xffff-a)) / 0xffff
				out.Pix[y*w+x] = uint8(lum >> 8)
			}
		}
	default:
		draw.Draw(out, out.Bounds(), &image.Uniform{C: color.White}, image.Point{}, draw.Src)
		draw.Draw(out, out.Bounds(), img, b.Min, draw.Over)
	}
	return out
}

// shrink returns img scaled down so that its longest side is at most
// maxSide pixels, each output pixel being the mean of the input pixels it
// covers. It returns img itself when it is small enough.
func shrink(img *image.Gray, maxSide int) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	longest := max(w, h)
	if longest <= maxSide {
		return img
	}
	nw, nh := max(1, w*maxSide/longest), max(1, h*maxSide/longest)
	out := image.NewGray(image.Rect(0, 0, nw, nh))

	// Sum whole source pixels into each output pixel: the boundaries of
	// output pixel x are at x*w/nw and (x+1)*w/nw in the source.
	for oy := 0; oy < nh; oy++ {
		y0, y1 := oy*h/nh, max((oy+1)*h/nh, oy*h/nh+1)
		for ox := 0; ox < nw; ox++ {
			x0, x1 := ox*w/nw, max((ox+1)*w/nw, ox*w/nw+1)
			sum := 0
			for y := y0; y < y1; y++ {
				row := img.Pix[y*img.Stride:]
				for x := x0; x < x1; x++ {
					sum += int(row[x])
				}
			}
			out.Pix[oy*nw+ox] = uint8(sum / ((y1 - y0) * (x1 - x0)))
		}
	}
	return out
}

// enlarge returns img at twice its width and height, interpolated
// bilinearly.
func enlarge(img *image.Gray) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, 2*w, 2*h))
	at := func(x, y int) int {
		x, y = min(max(x, 0), w-1), min(max(y, 0), h-1)
		return int(img.Pix[y*img.Stride+x])
	}
	// Output pixel (X, Y) samples the source at ((X-0.5)/2, (Y-0.5)/2),
	// so the weights of the two nearest source pixels are 1/4 and 3/4.
	for y := 0; y < 2*h; y++ {
		y0, wy := (y-1)/2, 1+2*(y%2)
		if y == 0 {
			y0, wy = 0, 4
		}
		for x := 0; x < 2*w; x++ {
			x0, wx := (x-1)/2, 1+2*(x%2)
			if x == 0 {
				x0, wx = 0, 4
			}
			top := at(x0, y0)*wx + at(x0+1, y0)*(4-wx)
			bottom := at(x0, y0+1)*wx + at(x0+1, y0+1)*(4-wx)
			out.Pix[y*2*w+x] = uint8((top*wy + bottom*(4-wy) + 8) / 16)
		}
	}
	return out
}

// rotate90 returns img turned a quarter turn counterclockwise.
func rotate90(img *image.Gray) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, h, w))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			out.Pix[(w-1-x)*h+y] = img.Pix[y*img.Stride+x]
		}
	}
	return out
}

// graySource is a gozxing luminance source over a tightly packed
// *image.Gray that supports rotation, so that one-dimensional readers with
// TRY_HARDER also scan the image turned a quarter turn. gozxing's own
// GoImageLuminanceSource converts through image.At, several times slower.
type graySource struct {
	gozxing.LuminanceSource
	img *image.Gray
}

func newGraySource(img *image.Gray) (gozxing.LuminanceSource, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	planar, err := gozxing.NewPlanarYUVLuminanceSource(img.Pix, w, h, 0, 0, w, h, false)
	if err != nil {
		return nil, err
	}
	return &graySource{LuminanceSource: planar, img: img}, nil
}

func (s *graySource) IsRotateSupported() bool { return true }

func (s *graySource) RotateCounterClockwise() (gozxing.LuminanceSource, error) {
	return newGraySource(rotate90(s.img))
}
