package web_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"parc/server/decode"
	"parc/server/store"
	"parc/server/store/storetest"
)

// multipartBody returns a multipart/form-data body with one file part.
func multipartBody(t *testing.T, field, filename string, content []byte) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	part, err := w.CreateFormFile(field, filename)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.Bytes()
}

// hugePNG returns the header of a PNG claiming 100000×100000 pixels.
func hugePNG() []byte {
	var ihdr bytes.Buffer
	ihdr.WriteString("IHDR")
	binary.Write(&ihdr, binary.BigEndian, uint32(100000))
	binary.Write(&ihdr, binary.BigEndian, uint32(100000))
	ihdr.Write([]byte{8, 0, 0, 0, 0})
	out := bytes.NewBufferString("\x89PNG\r\n\x1a\n")
	binary.Write(out, binary.BigEndian, uint32(ihdr.Len()-4))
	out.Write(ihdr.Bytes())
	binary.Write(out, binary.BigEndian, crc32.ChecksumIEEE(ihdr.Bytes()))
	return out.Bytes()
}

func TestDecodeEndpoint(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), true)

	label, err := os.ReadFile("../decode/testdata/zxing/code128-1/1.png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := decode.Load(label)
	if err != nil {
		t.Fatal(err)
	}
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	var blank bytes.Buffer
	jpeg.Encode(&blank, image.NewGray(image.Rect(0, 0, 320, 240)), nil)

	type upload struct {
		field, name string
		content     []byte
	}
	cases := []struct {
		name        string
		upload      *upload
		rawBody     []byte
		contentType string
		anonymous   bool
		status      int
		code        string
		message     []string
	}{
		{name: "PNG label", upload: &upload{"image", "label.png", label}, status: 200},
		{name: "JPEG photo named .png", upload: &upload{"image", "photo.png", photo.Bytes()}, status: 200},
		{name: "no barcode", upload: &upload{"image", "blank.jpg", blank.Bytes()}, status: 422, code: "no_barcode",
			message: []string{"Aucun code-barres", "plus près"}},
		{name: "not an image", upload: &upload{"image", "notes.jpg", []byte("BE000001F\n")}, status: 400, code: "not_an_image",
			message: []string{"« notes.jpg »", "JPEG ou PNG"}},
		{name: "truncated JPEG", upload: &upload{"image", "cut.jpg", photo.Bytes()[:photo.Len()/3]}, status: 400, code: "corrupt_image",
			message: []string{"tronquée"}},
		{name: "huge dimensions", upload: &upload{"image", "huge.png", hugePNG()}, status: 422, code: "image_too_many_pixels",
			message: []string{"100000 × 100000", "40 mégapixels"}},
		{name: "zero bytes", upload: &upload{"image", "empty.jpg", nil}, status: 400, code: "empty_image", message: []string{"vide"}},
		{name: "missing field", upload: &upload{"photo", "label.png", label}, status: 400, code: "missing_image",
			message: []string{"« image »"}},
		{name: "JSON body", rawBody: []byte(`{"image":"x"}`), contentType: "application/json", status: 400, code: "missing_image"},
		{name: "image over the limit", upload: &upload{"image", "big.jpg", make([]byte, decode.MaxUploadBytes+1)}, status: 413,
			code: "image_too_large", message: []string{"10.0 Mio au plus"}},
		{name: "anonymous", upload: &upload{"image", "label.png", label}, anonymous: true, status: 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			contentType, body := c.contentType, c.rawBody
			if c.upload != nil {
				contentType, body = multipartBody(t, c.upload.field, c.upload.name, c.upload.content)
			}
			req := httptest.NewRequest(http.MethodPost, "/api/v1/decode", bytes.NewReader(body))
			req.Header.Set("Content-Type", contentType)
			if !c.anonymous {
				req.Header.Set("Cookie", f.cookie)
				req.Header.Set("X-CSRF-Token", f.csrf)
			}

			start := time.Now()
			res, err := f.app.Test(req, int((decode.Budget + 5*time.Second).Milliseconds()))
			if err != nil {
				t.Fatalf("POST /api/v1/decode: %v", err)
			}
			defer res.Body.Close()
			if d := time.Since(start); d > decode.Budget+2*time.Second {
				t.Errorf("response after %v, over the decode budget of %v", d, decode.Budget)
			}
			raw, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.status, raw)
			}

			if c.status == 200 {
				var got decode.Result
				if err := json.Unmarshal(raw, &got); err != nil {
					t.Fatalf("body %s: %v", raw, err)
				}
				if got.Text != "168901" || got.Format != "code_128" {
					t.Errorf("result %+v, want 168901 as code_128", got)
				}
				return
			}
			var envelope struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(raw, &envelope); err != nil {
				t.Fatalf("error body %s: %v", raw, err)
			}
			if c.code != "" && envelope.Error.Code != c.code {
				t.Errorf("code %q, want %q: %s", envelope.Error.Code, c.code, raw)
			}
			for _, m := range c.message {
				if !strings.Contains(envelope.Error.Message, m) {
					t.Errorf("message %q lacks %q", envelope.Error.Message, m)
				}
			}
		})
	}
}

// TestDecodeBodyOverLimit sends the request over a real connection,
// because fiber's app.Test returns fasthttp's ErrBodyTooLarge instead of
// the response the server writes. It sends the headers only: the server
// rejects the request on its Content-Length, and a body it leaves unread
// would make its close reset the connection before the client reads the
// response.
func TestDecodeBodyOverLimit(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), true)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go f.app.Listener(ln)
	t.Cleanup(func() { f.app.Shutdown() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	req, err := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+"/api/v1/decode", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	req.Header.Set("Content-Length", fmt.Sprint(12<<20))
	req.Header.Set("Cookie", f.cookie)
	req.Header.Set("X-CSRF-Token", f.csrf)
	head := fmt.Sprintf("POST /api/v1/decode HTTP/1.1\r\nHost: %s\r\n", ln.Addr())
	for name := range req.Header {
		head += name + ": " + req.Header.Get(name) + "\r\n"
	}
	if _, err := io.WriteString(conn, head+"\r\n"); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatalf("response to 12 MiB announced: %v", err)
	}
	defer res.Body.Close()

	var envelope struct {
		Error struct{ Code, Message string }
	}
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &envelope); err != nil {
		t.Fatalf("status %d, body %s: %v", res.StatusCode, raw, err)
	}
	if res.StatusCode != 413 || envelope.Error.Code != "body_too_large" {
		t.Fatalf("status %d, code %q; want 413 body_too_large", res.StatusCode, envelope.Error.Code)
	}
	for _, m := range []string{"12.0 Mio", "10.1 Mio au plus"} {
		if !strings.Contains(envelope.Error.Message, m) {
			t.Errorf("message %q lacks %q", envelope.Error.Message, m)
		}
	}
}

func TestBodyLimitOfOtherRoutes(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite), true)
	body := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
	r := f.do(t, http.MethodPost, "/api/v1/communes", body)
	if r.status != 413 || r.envelop.Error.Code != "body_too_large" {
		t.Fatalf("2 MiB body: status %d, code %q; want 413 body_too_large", r.status, r.envelop.Error.Code)
	}
	if !strings.Contains(r.envelop.Error.Message, "1.0 Mio au plus") {
		t.Errorf("message %q does not name the 1 MiB limit", r.envelop.Error.Message)
	}
}
