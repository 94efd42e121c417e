package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// TestClientIPBehindProxies checks which address counts as the client's.
// app.Test connects from 0.0.0.0, which stands for the proxy here.
func TestClientIPBehindProxies(t *testing.T) {
	cases := []struct {
		name    string
		trusted []string
		xff     string
		want    string
	}{
		{"no proxy trusted: the header is ignored", nil, "203.0.113.7", "0.0.0.0"},
		{"trusted proxy that appends", []string{"0.0.0.0"}, "203.0.113.7, 198.51.100.20", "198.51.100.20"},
		{"client forging the left of the header", []string{"0.0.0.0", "10.0.0.0/8"}, "1.2.3.4, 198.51.100.20, 10.1.2.3", "198.51.100.20"},
		{"only trusted hops", []string{"0.0.0.0", "10.0.0.0/8"}, "10.0.0.5", "10.0.0.5"},
		{"garbage in the header", []string{"0.0.0.0"}, "nonsense", "0.0.0.0"},
		{"no header", []string{"0.0.0.0"}, "", "0.0.0.0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := parseProxies(c.trusted)
			app := fiber.New()
			app.Get("/", func(ctx *fiber.Ctx) error { return ctx.SendString(p.clientIP(ctx)) })
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if c.xff != "" {
				req.Header.Set("X-Forwarded-For", c.xff)
			}
			res, err := app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 64)
			n, _ := res.Body.Read(buf)
			if got := string(buf[:n]); got != c.want {
				t.Errorf("client IP with trusted %v and X-Forwarded-For %q = %q, want %q", c.trusted, c.xff, got, c.want)
			}
		})
	}
}
