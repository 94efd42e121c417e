package files

import (
	"bytes"
	"encoding/binary"
)

// EXIF markers and tags that exifOrientation reads.
const (
	markerAPP1     = 0xe1
	markerSOS      = 0xda
	markerEOI      = 0xd9
	tagOrientation = 0x0112
	typeShort      = 3
)

// exifOrientation returns the orientation (1 to 8) of a JPEG's EXIF
// segment (APP1), and 1 when the file has none or it cannot be read. It
// reads the metadata segments only, which end at the start of the image
// data (SOS).
func exifOrientation(data []byte) int {
	if len(data) < 2 || data[0] != 0xff || data[1] != 0xd8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		switch {
		case marker == 0xff: // fill byte before a marker
			i++
			continue
		case marker == markerSOS || marker == markerEOI:
			return 1
		case marker >= 0xd0 && marker <= 0xd7 || marker == 0x01: // markers without a length
			i += 2
			continue
		}
		length := int(binary.BigEndian.Uint16(data[i+2:]))
		if length < 2 || i+2+length > len(data) {
			return 1
		}
		segment := data[i+4 : i+2+length]
		if marker == markerAPP1 && bytes.HasPrefix(segment, []byte("Exif\x00\x00")) {
			return tiffOrientation(segment[6:])
		}
		i += 2 + length
	}
	return 1
}

// tiffOrientation reads the orientation tag of the first image directory
// (IFD0) of the TIFF structure inside an EXIF segment.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := int(order.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	entries := int(order.Uint16(t[ifd:]))
	for k := range entries {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if order.Uint16(t[e:]) != tagOrientation {
			continue
		}
		if order.Uint16(t[e+2:]) != typeShort {
			return 1
		}
		if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}
