package web_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

// uploadFile sends content as the file of POST /api/v1/files, with the
// kind and the content type the client declares for the part.
func uploadFile(t *testing.T, f fixture, kind, name, declared string, content []byte) response {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if kind != "" {
		w.WriteField("kind", kind)
	}
	if content != nil {
		header := textproto.MIMEHeader{}
		header.Set("Content-Disposition", `form-data; name="file"; filename="`+name+`"`)
		header.Set("Content-Type", declared)
		part, err := w.CreatePart(header)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(content)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return f.do(t, http.MethodPost, "/api/v1/files", b.String(), "Content-Type", w.FormDataContentType())
}

// uploaded uploads content and returns the stored file's JSON.
func uploaded(t *testing.T, f fixture, kind, name string, content []byte) record {
	t.Helper()
	r := uploadFile(t, f, kind, name, "application/octet-stream", content)
	expect(t, "upload "+name, r, http.StatusCreated)
	return decodeRecord(t, r)
}

// testSignature returns a PNG of w × h pixels with a dark stroke on a
// transparent background, as a signature pad draws it.
func testSignature(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := w / 5; x < 4*w/5; x++ {
		for dy := -2; dy <= 2; dy++ {
			img.SetNRGBA(x, h/2+dy+(x%40)/4, color.NRGBA{20, 20, 90, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gpsSecret is the text hidden in the GPS data of testPhoto.
const gpsSecret = "GPS-45.3856N-5.3478E"

// testPhoto returns a w × h JPEG, its left half red, with an EXIF segment
// (APP1) written by hand that holds a GPS position and gpsSecret.
func testPhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{40, 90, 200, 255}
			if x < w/2 {
				c = color.RGBA{220, 30, 30, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}

	// TIFF, little-endian: IFD0 holds only the pointer to the GPS IFD,
	// which holds the latitude reference, the latitude and an area
	// information text.
	le := binary.LittleEndian
	var tiff bytes.Buffer
	put := func(v any) { binary.Write(&tiff, le, v) }
	entry := func(tag, kind uint16, count, value uint32) { put(tag); put(kind); put(count); put(value) }
	tiff.WriteString("II")
	put(uint16(42))
	put(uint32(8))
	gps := uint32(8 + 2 + 12 + 4)
	put(uint16(1))
	entry(0x8825, 4, 1, gps)
	put(uint32(0))
	values := gps + 2 + 3*12 + 4
	put(uint16(3))
	entry(0x0001, 2, 2, uint32('N'))
	entry(0x0002, 5, 3, values)
	entry(0x001c, 7, uint32(len(gpsSecret)), values+24)
	put(uint32(0))
	for _, v := range []uint32{45, 1, 23, 1, 816, 100} {
		put(v)
	}
	tiff.WriteString(gpsSecret)

	segment := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	n := len(segment) + 2
	out := append([]byte{0xff, 0xd8, 0xff, 0xe1, byte(n >> 8), byte(n)}, segment...)
	return append(out, plain.Bytes()[2:]...)
}

// jpegMarkers returns the markers of a JPEG's segments up to the start of
// the image data.
func jpegMarkers(t *testing.T, data []byte) []byte {
	t.Helper()
	var out []byte
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			t.Fatalf("JPEG: no marker at byte %d", i)
		}
		out = append(out, data[i+1])
		if data[i+1] == 0xda {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	return out
}

func TestFileUploadAndDownload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		chabons := tech.as(t, "correspondant-chabons@demo.invalid")
		committee := tech.as(t, "comite@demo.invalid")

		// A signature, declared as a JPEG: the server goes by the bytes.
		sig := uploadFile(t, tech, "signature", "signature.jpg", "image/jpeg", testSignature(t, 600, 200))
		expect(t, "upload a signature", sig, http.StatusCreated)
		got := decodeRecord(t, sig)
		if got["content_type"] != "image/png" || got["width"] != float64(600) || got["height"] != float64(200) || got["size"].(float64) <= 0 || got["kind"] != "signature" {
			t.Errorf("stored signature: %v", got)
		}

		// A 2400 × 1200 photo with a GPS position in its EXIF data.
		original := testPhoto(t, 2400, 1200)
		if !bytes.Contains(original, []byte(gpsSecret)) {
			t.Fatal("the test photo lacks its GPS data")
		}
		photo := uploaded(t, apprieu, "photo", "IMG_0042.jpg", original)
		if photo["content_type"] != "image/jpeg" || photo["width"] != float64(1600) || photo["height"] != float64(800) {
			t.Errorf("stored photo: %v", photo)
		}

		// The uploader reads it back, resized and without EXIF.
		r := apprieu.get(t, "/api/v1/files/"+photo.id())
		expect(t, "GET the photo as its uploader", r, http.StatusOK)
		for header, want := range map[string]string{
			"Content-Type": "image/jpeg", "X-Content-Type-Options": "nosniff",
			"Content-Disposition": `inline; filename="photo-` + photo.id() + `.jpg"`,
			"Cache-Control":       "private, max-age=31536000, immutable",
		} {
			if got := r.header.Get(header); got != want {
				t.Errorf("%s: %q, want %q", header, got, want)
			}
		}
		img, err := jpeg.Decode(strings.NewReader(r.body))
		if err != nil {
			t.Fatalf("decode the served photo: %v", err)
		}
		if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 800 {
			t.Errorf("served photo is %v, want 1600×800", b)
		}
		if strings.Contains(r.body, gpsSecret) || strings.Contains(r.body, "Exif") {
			t.Error("the served photo keeps its EXIF GPS data")
		}
		if markers := jpegMarkers(t, []byte(r.body)); bytes.IndexByte(markers, 0xe1) >= 0 {
			t.Errorf("the served photo has an APP1 segment: markers % x", markers)
		}
		if int64(len(r.body)) != int64(photo["size"].(float64)) {
			t.Errorf("served %d bytes, the file says %v", len(r.body), photo["size"])
		}
		if actions := auditActions(t, tech, "file", photo.id()); len(actions) != 1 || actions[0] != "create" {
			t.Errorf("audit of the upload: %v, want [create]", actions)
		}
		etag := r.header.Get("ETag")
		if again := apprieu.get(t, "/api/v1/files/"+photo.id(), "If-None-Match", etag); again.status != http.StatusNotModified {
			t.Errorf("GET with the ETag: %d, want 304", again.status)
		}

		// Before any record refers to it, the photo is its uploader's.
		for name, f := range map[string]fixture{"technician": tech, "committee": committee, "Châbons": chabons} {
			if r := f.get(t, "/api/v1/files/"+photo.id()); r.status != http.StatusNotFound {
				t.Errorf("unattached photo read by %s: %d, want 404", name, r.status)
			}
		}

		// Attached to a request of Apprieu, every user who may read the
		// request reads the photo, and the correspondent of Châbons still
		// gets the 404 of an unknown id.
		school := siteOf(t, s, "apprieu", "school")
		req := create(t, apprieu, "requests", requestBody(school, "os_repair", `,"photo_ids":["`+photo.id()+`"]`))
		if ids, _ := req["photo_ids"].([]any); len(ids) != 1 || ids[0] != photo.id() {
			t.Errorf("request photo_ids: %v", req["photo_ids"])
		}
		for name, f := range map[string]fixture{"technician": tech, "committee": committee} {
			if r := f.get(t, "/api/v1/files/"+photo.id()); r.status != http.StatusOK || r.body == "" {
				t.Errorf("attached photo read by %s: %d", name, r.status)
			}
		}
		hidden := chabons.get(t, "/api/v1/files/"+photo.id())
		unknown := chabons.get(t, "/api/v1/files/01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f")
		if hidden.status != http.StatusNotFound || hidden.envelop.Error.Code != unknown.envelop.Error.Code ||
			strings.Contains(hidden.body, "image") {
			t.Errorf("photo of Apprieu read by Châbons: %d %.80q", hidden.status, hidden.body)
		}

		// No user reads another user's upload by attaching its id.
		chabonsSchool := siteOf(t, s, "chabons", "school")
		steal := chabons.do(t, http.MethodPost, "/api/v1/requests", requestBody(chabonsSchool, "os_repair", `,"photo_ids":["`+photo.id()+`"]`))
		if steal.status != http.StatusUnprocessableEntity || !strings.Contains(decodeError(t, steal).Error.Fields["photo_ids"], photo.id()) {
			t.Errorf("Châbons attaching Apprieu's photo: %d %s", steal.status, steal.body)
		}

		// Only technicians send signatures; the committee sends nothing.
		if r := uploadFile(t, apprieu, "signature", "s.png", "image/png", testSignature(t, 300, 100)); r.status != http.StatusForbidden {
			t.Errorf("signature by a correspondent: %d %s", r.status, r.body)
		}
		if r := uploadFile(t, committee, "photo", "p.jpg", "image/jpeg", original); r.status != http.StatusForbidden {
			t.Errorf("photo by the committee: %d %s", r.status, r.body)
		}
	})
}

func TestFileUploadRejections(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), true)

	oversized := append(testPhoto(t, 64, 64), make([]byte, 10<<20)...)
	cases := []struct {
		name, kind, file, declared string
		content                    []byte
		status                     int
		field, want                string
	}{
		{"photo over 10 MiB", "photo", "grosse.jpg", "image/jpeg", oversized, 413, "", "La photo « grosse.jpg » pèse 10.0 Mio, au-delà de la limite de 10 Mio"},
		{"text declared as a JPEG", "photo", "notes.jpg", "image/jpeg", []byte("Ceci n'est pas une image."), 400, "", "« notes.jpg » n'est pas une image JPEG ou PNG"},
		{"PDF as a photo", "photo", "scan.pdf", "image/jpeg", []byte("%PDF-1.4\n%âãÏÓ\n"), 400, "", "n'est pas une image JPEG ou PNG"},
		{"JPEG as a signature", "signature", "signature.png", "image/png", testPhoto(t, 300, 100), 400, "", "« signature.png » n'est pas une image PNG"},
		{"signature too large", "signature", "grande.png", "image/png", testSignature(t, 2400, 800), 422, "", "2400 × 800 pixels, mais 2000 × 1000 pixels au plus"},
		{"signature over 512 KiB", "signature", "lourde.png", "image/png", append(testSignature(t, 100, 50), make([]byte, 600<<10)...), 413, "", "Kio, mais 512 Kio au plus"},
		{"blank signature", "signature", "vide.png", "image/png", func() []byte {
			var b bytes.Buffer
			png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, 400, 100)))
			return b.Bytes()
		}(), 422, "", "est vide"},
		{"no kind", "", "photo.jpg", "image/jpeg", testPhoto(t, 64, 64), 422, "kind", "photo, signature"},
		{"unknown kind", "pdf", "photo.jpg", "image/jpeg", testPhoto(t, 64, 64), 422, "kind", "« pdf » n'existe pas"},
		{"no file", "photo", "", "", nil, 400, "", "Aucun fichier reçu"},
	}
	for _, tc := range cases {
		r := uploadFile(t, f, tc.kind, tc.file, tc.declared, tc.content)
		e := decodeError(t, r).Error
		text := e.Message
		if tc.field != "" {
			text = e.Fields[tc.field]
		}
		if r.status != tc.status || !strings.Contains(text, tc.want) {
			t.Errorf("%s: %d %s, want %d with %q", tc.name, r.status, r.body, tc.status, tc.want)
		}
	}

	if r := f.get(t, "/api/v1/files/nope"); r.status != http.StatusBadRequest {
		t.Errorf("GET a malformed file id: %d", r.status)
	}
	if r := f.get(t, "/api/v1/files/01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f"); r.status != http.StatusNotFound || !strings.Contains(r.body, "Aucun fichier") {
		t.Errorf("GET an unknown file: %d %s", r.status, r.body)
	}
}
