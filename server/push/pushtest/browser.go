package pushtest

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Browser is the key pair and auth secret of one push subscription, as a
// browser keeps them.
type Browser struct {
	Private *ecdh.PrivateKey
	Auth    []byte
}

// NewBrowser returns fresh subscription keys.
func NewBrowser(t testing.TB) Browser {
	t.Helper()
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatalf("generate subscription key: %v", err)
	}
	auth := make([]byte, 16)
	if _, err := rand.Read(auth); err != nil {
		t.Fatalf("generate auth secret: %v", err)
	}
	return Browser{Private: key, Auth: auth}
}

// P256dh returns the public key as browsers send it.
func (b Browser) P256dh() string {
	return base64.RawURLEncoding.EncodeToString(b.Private.PublicKey().Bytes())
}

// AuthSecret returns the auth secret as browsers send it.
func (b Browser) AuthSecret() string {
	return base64.RawURLEncoding.EncodeToString(b.Auth)
}

// JSON returns the PushSubscription JSON of endpoint with these keys.
func (b Browser) JSON(endpoint string) string {
	out, _ := json.Marshal(map[string]any{
		"endpoint":       endpoint,
		"expirationTime": nil,
		"keys":           map[string]string{"p256dh": b.P256dh(), "auth": b.AuthSecret()},
	})
	return string(out)
}

// Sealed is a message body with the subscription it was sent to.
type Sealed struct {
	Body    []byte
	Browser Browser
}

// Decrypt decrypts messages with http_ece under Node and returns their
// texts in order. A message that does not decrypt fails the test. The
// test is skipped when http_ece is not installed, and fails under
// CI=true.
func Decrypt(t testing.TB, messages []Sealed) []string {
	t.Helper()
	dir := eceDir()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "http_ece")); errors.Is(err, fs.ErrNotExist) {
		hint := "http_ece is missing: run npm ci --prefix server/push/testdata/ece (go tool -modfile=tools/go.mod task npm-test-deps)"
		if os.Getenv("CI") == "true" {
			t.Fatal(hint)
		}
		t.Skip(hint)
	}

	type item struct {
		Body       string `json:"body"`
		PrivateKey string `json:"privateKey"`
		AuthSecret string `json:"authSecret"`
	}
	in := make([]item, len(messages))
	for i, m := range messages {
		in[i] = item{
			Body:       base64.StdEncoding.EncodeToString(m.Body),
			PrivateKey: base64.RawURLEncoding.EncodeToString(m.Browser.Private.Bytes()),
			AuthSecret: m.Browser.AuthSecret(),
		}
	}

	stdin, _ := json.Marshal(in)
	cmd := exec.Command("node", filepath.Join(dir, "decrypt.js"))
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node decrypt.js: %v: %s", err, stderr.String())
	}

	var out []struct {
		Text  string `json:"text"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(stdout, &out); err != nil || len(out) != len(messages) {
		t.Fatalf("read the output of decrypt.js: %v: %s", err, stdout)
	}
	texts := make([]string, len(out))
	for i, o := range out {
		if o.Error != "" {
			t.Fatalf("http_ece could not decrypt message %d: %s", i, o.Error)
		}
		texts[i] = o.Text
	}
	return texts
}

// eceDir returns server/push/testdata/ece, found from this file's path
// so that tests of any package can use it.
func eceDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "ece")
}
