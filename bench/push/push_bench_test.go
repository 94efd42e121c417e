package pushbench

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"parc/server/push"
)

// pushService accepts every POST with 201, as a push service does, after
// reading the body. It checks nothing, so that both benchmarks measure
// the sender's side.
func pushService(b *testing.B) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusCreated)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// payload is a notification of the size Parc sends for a new request.
func payload(b *testing.B) []byte {
	b.Helper()
	p, err := json.Marshal(push.Payload{
		Title: "Nouvelle demande bloquante",
		Body:  "École élémentaire d'Apprieu : Le PC de la direction ne démarre plus depuis la coupure de courant de ce matin.",
		URL:   "/requests/01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f",
		Tag:   "request-01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f",
	})
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// subscription returns a browser's subscription at endpoint.
func subscription(b *testing.B, endpoint string) push.Subscription {
	b.Helper()
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	auth := make([]byte, 16)
	_, _ = rand.Read(auth)
	return push.Subscription{
		Endpoint: endpoint,
		P256dh:   base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()),
		Auth:     base64.RawURLEncoding.EncodeToString(auth),
	}
}

// BenchmarkSend sends one encrypted, VAPID-signed message per iteration
// through push.Sender, as the worker does.
func BenchmarkSend(b *testing.B) {
	srv := pushService(b)
	private, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	keys := push.VAPIDKeys{
		Public:  base64.RawURLEncoding.EncodeToString(private.PublicKey().Bytes()),
		Private: base64.RawURLEncoding.EncodeToString(private.Bytes()),
	}
	sender := push.NewSender(keys, "https://parc.example.fr", &push.Guard{Allow: []string{srv.URL}}, 5*time.Second)
	sub := subscription(b, srv.URL+"/push/bench")
	msg := push.Message{Payload: payload(b), TTL: time.Hour, Urgency: "high"}
	ctx := context.Background()

	b.ResetTimer()
	for b.Loop() {
		res, err := sender.Send(ctx, sub, msg)
		if err != nil || res.Outcome != push.Sent {
			b.Fatalf("Send = %+v, %v", res, err)
		}
	}
	b.ReportMetric(float64(push.RecordSize), "body-bytes")
}

// BenchmarkPlainPOST posts a body of the record size, unencrypted and
// unsigned, with the TTL and Urgency headers, through a net/http client.
func BenchmarkPlainPOST(b *testing.B) {
	srv := pushService(b)
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	body := make([]byte, push.RecordSize)
	copy(body, payload(b))
	url := srv.URL + "/push/bench"

	b.ResetTimer()
	for b.Loop() {
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("TTL", "3600")
		req.Header.Set("Urgency", "high")
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
	b.ReportMetric(float64(len(body)), "body-bytes")
}
