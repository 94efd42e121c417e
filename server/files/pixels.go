package files

import (
	"image"
	"image/draw"
)

// shrink returns img scaled down so that its long side is at most side
// pixels, or at its own size when it is smaller, as an opaque RGBA image.
// Each output pixel is the mean of the input pixels it covers, laid over
// white, so that the transparent parts of a PNG come out white. It
// converts the input one band of rows at a time, so a 40-megapixel photo
// never gets a full-size RGBA copy.
func shrink(img image.Image, side int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	nw, nh := w, h
	if long := max(w, h); long > side {
		nw, nh = max(1, w*side/long), max(1, h*side/long)
	}
	out := image.NewRGBA(image.Rect(0, 0, nw, nh))
	band := image.NewRGBA(image.Rect(0, 0, w, h/nh+1))

	for oy := 0; oy < nh; oy++ {
		// Output row oy covers input rows y0 to y1, excluded.
		y0, y1 := oy*h/nh, max((oy+1)*h/nh, oy*h/nh+1)
		rows := y1 - y0
		draw.Draw(band, image.Rect(0, 0, w, rows), img, image.Pt(b.Min.X, b.Min.Y+y0), draw.Src)

		for ox := 0; ox < nw; ox++ {
			x0, x1 := ox*w/nw, max((ox+1)*w/nw, ox*w/nw+1)
			var sum [4]int
			for y := 0; y < rows; y++ {
				row := band.Pix[y*band.Stride:]
				for x := x0; x < x1; x++ {
					p := row[4*x : 4*x+4]
					sum[0] += int(p[0])
					sum[1] += int(p[1])
					sum[2] += int(p[2])
					sum[3] += int(p[3])
				}
			}
			n := rows * (x1 - x0)
			// The band holds premultiplied colours: adding the missing
			// alpha as white lays the pixel over a white background.
			white := 255 - sum[3]/n
			p := out.Pix[oy*out.Stride+4*ox:]
			p[0], p[1], p[2], p[3] = uint8(sum[0]/n+white), uint8(sum[1]/n+white), uint8(sum[2]/n+white), 255
		}
	}
	return out
}

// orient returns img turned as an EXIF orientation (1 to 8) specifies, so
// that it shows upright without the tag. Orientations 5 to 8 swap width and
// height.
func orient(img *image.RGBA, orientation int) *image.RGBA {
	if orientation < 2 || orientation > 8 {
		return img
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	ow, oh := w, h
	if orientation >= 5 {
		ow, oh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, ow, oh))
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			sx, sy := sourcePixel(orientation, x, y, w, h)
			copy(out.Pix[y*out.Stride+4*x:y*out.Stride+4*x+4], img.Pix[sy*img.Stride+4*sx:])
		}
	}
	return out
}

// sourcePixel returns the pixel of a w × h image stored with an EXIF
// orientation that shows at (x, y) once the image is upright.
func sourcePixel(orientation, x, y, w, h int) (int, int) {
	switch orientation {
	case 2: // mirrored left to right
		return w - 1 - x, y
	case 3: // upside down
		return w - 1 - x, h - 1 - y
	case 4: // mirrored top to bottom
		return x, h - 1 - y
	case 5: // mirrored along the main diagonal
		return y, x
	case 6: // stored turned a quarter anticlockwise: turn it clockwise
		return y, h - 1 - x
	case 7: // mirrored along the other diagonal
		return w - 1 - y, h - 1 - x
	case 8: // stored turned a quarter clockwise: turn it anticlockwise
		return w - 1 - y, x
	}
	return x, y
}
