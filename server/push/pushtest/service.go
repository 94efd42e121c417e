// Package pushtest provides what tests of Web Push need. Service is a
// push service on loopback that speaks RFC 8030 and checks the VAPID
// token of RFC 8292. Browser holds subscription keys, and Decrypt
// decrypts messages with http_ece, an implementation of RFC 8291
// independent of the server's, run by Node.
package pushtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Received is one POST that the push service accepted to read.
type Received struct {
	Path   string
	Header http.Header
	Body   []byte
	At     time.Time
	Claims Claims
	// Fault describes what breaks RFC 8030 or RFC 8292 in the request,
	// or is "" when nothing does.
	Fault string
}

// Claims are the claims of a VAPID token.
type Claims struct {
	Aud string `json:"aud"`
	Exp int64  `json:"exp"`
	Sub string `json:"sub"`
}

// Response is the service's response to one request. A zero Status
// means 201 Created.
type Response struct {
	Status int
	Header map[string]string
	// Hang holds the request until the test ends.
	Hang bool
}

// Service is a push service on 127.0.0.1.
type Service struct {
	*httptest.Server

	mu       sync.Mutex
	received []Received
	counts   map[string]int
	respond  func(path string, n int) Response
	released chan struct{}
}

// Start starts a push service that responds 201 to every POST until
// Respond sets other responses. It stops when the test ends.
func Start(t testing.TB) *Service {
	t.Helper()
	s := &Service{counts: map[string]int{}, released: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		close(s.released)
		s.Server.CloseClientConnections()
		s.Server.Close()
	})
	return s
}

// Endpoint returns the URL of a subscription named name.
func (s *Service) Endpoint(name string) string {
	return s.URL + "/push/" + name
}

// Respond sets the response to the nth request (from 1) to each path.
func (s *Service) Respond(f func(path string, n int) Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.respond = f
}

// Received returns the requests received so far.
func (s *Service) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Count returns how many requests reached path.
func (s *Service) Count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[path]
}

func (s *Service) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := Received{Path: r.URL.Path, Header: r.Header.Clone(), Body: body, At: time.Now()}
	rec.Claims, rec.Fault = check(r, s.URL)

	s.mu.Lock()
	s.received = append(s.received, rec)
	s.counts[r.URL.Path]++
	n, respond := s.counts[r.URL.Path], s.respond
	s.mu.Unlock()

	res := Response{}
	if respond != nil {
		res = respond(r.URL.Path, n)
	}
	if res.Hang {
		select {
		case <-s.released:
		case <-r.Context().Done():
		}
		return
	}
	for k, v := range res.Header {
		w.Header().Set(k, v)
	}
	if res.Status == 0 {
		// RFC 8030, section 5: the push service responds 201 with the
		// URL of the message.
		w.Header().Set("Location", s.URL+"/message/"+strconv.Itoa(n))
		res.Status = http.StatusCreated
	}
	w.WriteHeader(res.Status)
}

// check returns the VAPID claims of r and what breaks RFC 8030 or RFC
// 8292 in it, "" when nothing does.
func check(r *http.Request, origin string) (Claims, string) {
	if r.Method != http.MethodPost {
		return Claims{}, "method " + r.Method + ", not POST"
	}
	if r.Header.Get("Content-Encoding") != "aes128gcm" {
		return Claims{}, "Content-Encoding is not aes128gcm"
	}
	if ttl, err := strconv.Atoi(r.Header.Get("TTL")); err != nil || ttl < 0 {
		return Claims{}, "TTL header missing or not a number"
	}
	auth := r.Header.Get("Authorization")
	token, key, ok := parseVAPID(auth)
	if !ok {
		return Claims{}, "Authorization is not \"vapid t=..., k=...\": " + auth
	}
	claims, err := verifyJWT(token, key)
	if err != nil {
		return claims, err.Error()
	}
	now := time.Now().Unix()
	switch {
	case claims.Aud != origin:
		return claims, fmt.Sprintf("aud %q is not the endpoint's origin %q", claims.Aud, origin)
	case claims.Exp <= now:
		return claims, "exp is in the past"
	case claims.Exp > now+24*3600:
		return claims, "exp is more than 24 hours ahead"
	case !strings.HasPrefix(claims.Sub, "mailto:") && !strings.HasPrefix(claims.Sub, "https:"):
		return claims, fmt.Sprintf("sub %q is neither a mailto: nor an https: URL", claims.Sub)
	}
	return claims, ""
}

// parseVAPID reads "vapid t=<jwt>, k=<key>" (RFC 8292, section 3).
func parseVAPID(header string) (token, key string, ok bool) {
	rest, found := strings.CutPrefix(header, "vapid ")
	if !found {
		return "", "", false
	}
	for _, part := range strings.Split(rest, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch name {
		case "t":
			token = value
		case "k":
			key = value
		}
	}
	return token, key, token != "" && key != ""
}

// verifyJWT checks an ES256 token against the uncompressed P-256 public
// key key (base64url) and returns its claims.
func verifyJWT(token, key string) (Claims, error) {
	var claims Claims
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims, fmt.Errorf("token has %d parts, not 3", len(parts))
	}
	var header struct {
		Alg string `json:"alg"`
	}
	if err := decodeJSON(parts[0], &header); err != nil || header.Alg != "ES256" {
		return claims, fmt.Errorf("token header is not ES256: %v", err)
	}
	if err := decodeJSON(parts[1], &claims); err != nil {
		return claims, fmt.Errorf("read token claims: %w", err)
	}

	point, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		return claims, fmt.Errorf("k is not base64url: %w", err)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), point)
	if err != nil {
		return claims, fmt.Errorf("k is not a P-256 public key: %w", err)
	}

	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return claims, fmt.Errorf("signature is not 64 bytes of base64url")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	if !ecdsa.Verify(pub, digest[:], r, s) {
		return claims, fmt.Errorf("signature does not verify with k")
	}
	return claims, nil
}

func decodeJSON(part string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
