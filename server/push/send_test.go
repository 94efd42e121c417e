package push

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"parc/server/push/pushtest"
)

// newTestSender returns a sender with fresh keys whose guard allows the
// loopback push service of the test.
func newTestSender(t *testing.T, subject string) *Sender {
	t.Helper()
	keys, err := newKeys()
	if err != nil {
		t.Fatal(err)
	}
	return NewSender(keys, subject, &Guard{Allow: []string{"http://127.0.0.1:"}}, 5*time.Second)
}

func subscriptionFor(b pushtest.Browser, endpoint string) Subscription {
	return Subscription{Endpoint: endpoint, P256dh: b.P256dh(), Auth: b.AuthSecret()}
}

func TestSendDecryptsWithHTTPECE(t *testing.T) {
	svc := pushtest.Start(t)
	sender := newTestSender(t, "https://parc.example.fr")
	browser := pushtest.NewBrowser(t)
	payload := []byte(`{"title":"Nouvelle demande","body":"École Jules Ferry : écran noir","url":"/requests/1","tag":"request-1"}`)

	res, err := sender.Send(context.Background(), subscriptionFor(browser, svc.Endpoint("a")), Message{Payload: payload, TTL: time.Hour, Urgency: "high"})
	if err != nil || res.Outcome != Sent || res.Status != http.StatusCreated {
		t.Fatalf("Send = %+v, %v; want Sent with 201", res, err)
	}

	got := svc.Received()
	if len(got) != 1 {
		t.Fatalf("push service received %d requests, want 1", len(got))
	}
	r := got[0]
	if r.Fault != "" {
		t.Errorf("request breaks RFC 8030 or RFC 8292: %s", r.Fault)
	}
	if r.Header.Get("TTL") != "3600" || r.Header.Get("Urgency") != "high" {
		t.Errorf("TTL %q, Urgency %q; want 3600, high", r.Header.Get("TTL"), r.Header.Get("Urgency"))
	}
	if len(r.Body) != RecordSize || len(r.Body) > 3070 {
		t.Errorf("body of %d bytes, want the record size %d, at most 3070 for Firefox for Android", len(r.Body), RecordSize)
	}
	texts := pushtest.Decrypt(t, []pushtest.Sealed{{Body: r.Body, Browser: browser}})
	if texts[0] != string(payload) {
		t.Errorf("http_ece decrypted %q, want %q", texts[0], payload)
	}
}

func TestSendGoneWithoutError(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusGone} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			svc := pushtest.Start(t)
			svc.Respond(func(string, int) pushtest.Response { return pushtest.Response{Status: status} })
			sender := newTestSender(t, "https://parc.example.fr")

			res, err := sender.Send(context.Background(), subscriptionFor(pushtest.NewBrowser(t), svc.Endpoint("gone")), Message{Payload: []byte(`{}`), TTL: time.Minute})
			if err != nil || res.Outcome != Gone || res.Status != status {
				t.Errorf("Send = %+v, %v; want Gone with status %d and no error", res, err, status)
			}
		})
	}
}

func TestSendClassifiesAnswers(t *testing.T) {
	cases := []struct {
		status     int
		retryAfter string
		want       Outcome
		wantDelay  time.Duration
	}{
		{http.StatusAccepted, "", Sent, 0},
		{http.StatusTooManyRequests, "7", Retry, 7 * time.Second},
		{http.StatusInternalServerError, "", Retry, 0},
		{http.StatusServiceUnavailable, "2", Retry, 2 * time.Second},
		{http.StatusBadRequest, "", Rejected, 0},
		{http.StatusForbidden, "", Rejected, 0},
		{http.StatusRequestEntityTooLarge, "", Rejected, 0},
	}
	for _, c := range cases {
		t.Run(strconv.Itoa(c.status), func(t *testing.T) {
			svc := pushtest.Start(t)
			svc.Respond(func(string, int) pushtest.Response {
				return pushtest.Response{Status: c.status, Header: map[string]string{"Retry-After": c.retryAfter}}
			})
			res, err := newTestSender(t, "https://parc.example.fr").Send(context.Background(),
				subscriptionFor(pushtest.NewBrowser(t), svc.Endpoint("x")), Message{Payload: []byte(`{}`), TTL: time.Minute})
			if err != nil || res.Outcome != c.want || res.RetryAfter != c.wantDelay {
				t.Errorf("Send = %+v, %v; want outcome %d, retry after %s", res, err, c.want, c.wantDelay)
			}
		})
	}
}

func TestRetryAfterDate(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	got := retryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now)
	if got != 90*time.Second {
		t.Errorf("retryAfter(date 90 s ahead) = %s, want 1m30s", got)
	}
	if got := retryAfter("soon", now); got != 0 {
		t.Errorf("retryAfter(%q) = %s, want 0", "soon", got)
	}
}

func TestSendTTLNeverZero(t *testing.T) {
	svc := pushtest.Start(t)
	_, err := newTestSender(t, "https://parc.example.fr").Send(context.Background(),
		subscriptionFor(pushtest.NewBrowser(t), svc.Endpoint("ttl")), Message{Payload: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	if ttl := svc.Received()[0].Header.Get("TTL"); ttl != "1" {
		t.Errorf("TTL header %q for a message without TTL, want 1", ttl)
	}
}

func TestSendSubjectAndExpiry(t *testing.T) {
	cases := []struct {
		subject, wantSub string
	}{
		{"https://parc.example.fr", "https://parc.example.fr"},
		{"mailto:it@example.fr", "mailto:it@example.fr"},
	}
	for _, c := range cases {
		t.Run(c.subject, func(t *testing.T) {
			svc := pushtest.Start(t)
			_, err := newTestSender(t, c.subject).Send(context.Background(),
				subscriptionFor(pushtest.NewBrowser(t), svc.Endpoint("s")), Message{Payload: []byte(`{}`), TTL: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			r := svc.Received()[0]
			if r.Fault != "" {
				t.Fatalf("request breaks RFC 8292: %s", r.Fault)
			}
			if r.Claims.Sub != c.wantSub {
				t.Errorf("sub = %q, want %q", r.Claims.Sub, c.wantSub)
			}
			// webpush-go v1.4.0 ignores Options.VapidExpiration and always
			// signs tokens that expire 12 hours after the send.
			left := time.Until(time.Unix(r.Claims.Exp, 0))
			if left < 12*time.Hour-time.Minute || left > 12*time.Hour {
				t.Errorf("token expires in %s, want 12h", left)
			}
		})
	}
}

func TestVAPIDSubject(t *testing.T) {
	cases := []struct {
		name, baseURL, smtpURL, want string
	}{
		{"https base URL", "https://parc.example.fr", "", "https://parc.example.fr"},
		{"https base URL with path", "https://example.fr:8443/parc", "", "https://example.fr:8443"},
		{"mail user", "http://parc.example.fr", "smtp://it@example.fr:secret@mail.example.fr:587", "mailto:it@example.fr"},
		{"mail user already mailto", "", "smtp://mailto:it@example.fr@mail.example.fr", FallbackSubject},
		{"http base URL", "http://parc.example.fr", "", "mailto:push@parc.example.fr"},
		{"localhost", "https://localhost:8443", "", FallbackSubject},
		{"mail user at localhost", "", "smtp://root@localhost@127.0.0.1:25", FallbackSubject},
		{"IP address", "https://192.0.2.10", "", FallbackSubject},
		{"nothing", "", "", FallbackSubject},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := VAPIDSubject(c.baseURL, c.smtpURL)
			if got != c.want {
				t.Errorf("VAPIDSubject(%q, %q) = %q, want %q", c.baseURL, c.smtpURL, got, c.want)
			}
			if got == "" || strings.Count(got, "mailto:") > 1 || strings.Contains(got, "localhost") {
				t.Errorf("VAPIDSubject(%q, %q) = %q: empty, double mailto: or localhost", c.baseURL, c.smtpURL, got)
			}
		})
	}
}

func TestSendSharedPayloadUntouched(t *testing.T) {
	svc := pushtest.Start(t)
	sender := newTestSender(t, "https://parc.example.fr")
	// A payload with spare capacity, as a slice cut from a larger buffer
	// is: webpush-go v1.4.0 writes its padding into that capacity.
	text := []byte(`{"title":"t","body":"b","url":"/requests/1","tag":"request-1"}`)
	buffer := bytes.Repeat([]byte{0xAA}, 4096)
	copy(buffer, text)
	payload := buffer[:len(text)]

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sub := subscriptionFor(pushtest.NewBrowser(t), svc.Endpoint("race-"+strconv.Itoa(i)))
			if _, err := sender.Send(context.Background(), sub, Message{Payload: payload, TTL: time.Minute}); err != nil {
				t.Errorf("Send %d: %v", i, err)
			}
		}()
	}
	wg.Wait()

	if !bytes.Equal(buffer[:len(text)], text) || !bytes.Equal(buffer[len(text):], bytes.Repeat([]byte{0xAA}, 4096-len(text))) {
		t.Error("Send wrote into the caller's payload buffer")
	}
}

func TestStandardBase64KeysAccepted(t *testing.T) {
	// Make keys whose standard base64 has "+" or "/", as openssl prints.
	var keys VAPIDKeys
	for {
		private, err := ecdh.P256().GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		keys = VAPIDKeys{
			Public:  base64.StdEncoding.EncodeToString(private.PublicKey().Bytes()),
			Private: base64.StdEncoding.EncodeToString(private.Bytes()),
		}
		if strings.ContainsAny(keys.Public+keys.Private, "+/") {
			break
		}
	}
	normalized, err := keys.normalized()
	if err != nil {
		t.Fatalf("normalized: %v", err)
	}
	if strings.ContainsAny(normalized.Public+normalized.Private, "+/=") {
		t.Errorf("normalized keys %q, %q are not unpadded base64url", normalized.Public, normalized.Private)
	}

	svc := pushtest.Start(t)
	sender := NewSender(normalized, "https://parc.example.fr", &Guard{Allow: []string{"http://127.0.0.1:"}}, 5*time.Second)
	res, err := sender.Send(context.Background(), subscriptionFor(pushtest.NewBrowser(t), svc.Endpoint("k")), Message{Payload: []byte(`{}`), TTL: time.Minute})
	if err != nil || res.Outcome != Sent {
		t.Fatalf("Send = %+v, %v; want Sent", res, err)
	}
	if fault := svc.Received()[0].Fault; fault != "" {
		t.Errorf("VAPID token does not verify: %s", fault)
	}
}

func TestSendRejectsLargePayload(t *testing.T) {
	payload, _ := json.Marshal(map[string]string{"body": strings.Repeat("é", MaxPayload)})
	_, err := newTestSender(t, "https://parc.example.fr").Send(context.Background(),
		subscriptionFor(pushtest.NewBrowser(t), "http://127.0.0.1:1/never"), Message{Payload: payload, TTL: time.Minute})
	if err == nil {
		t.Errorf("Send of %d bytes succeeded, want an error over %d", len(payload), MaxPayload)
	}
}
