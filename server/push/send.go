package push

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
)

// RecordSize is the RFC 8188 record size of every push message, in
// bytes. webpush-go v1.4.0 pads each message to the whole record
// (4096 bytes when unset), and Firefox for Android rejects records over
// 3070 bytes. 2048 is below that limit and leaves MaxPayload bytes for
// the JSON after the 103 bytes of header, padding delimiter and tag.
const RecordSize = 2048

// MaxPayload is the largest JSON payload that fits one record.
const MaxPayload = RecordSize - 103

// DefaultSendTimeout bounds one POST to a push service, connection
// included.
const DefaultSendTimeout = 10 * time.Second

// Message is one push message to send.
type Message struct {
	// Payload is the JSON that the service worker receives. Send never
	// writes into it, so one payload may go to many subscribers at once.
	Payload []byte
	// TTL is how long the push service keeps the message for a device
	// that is offline. It is at least one second: webpush-go sends
	// "TTL: 0" when unset, and push services then drop the message
	// unless the device is online at that moment.
	TTL time.Duration
	// Urgency is "very-low", "low", "normal" or "high" (RFC 8030, 5.3).
	Urgency string
}

// Outcome is the push service's verdict on a message.
type Outcome int

// Outcomes of Send.
const (
	// Sent: the push service accepted the message (2xx).
	Sent Outcome = iota
	// Gone: the subscription no longer exists (404 or 410), so remove it.
	Gone
	// Retry: a 429, a 5xx, a timeout or a network error. Try later.
	Retry
	// Rejected: any other status, such as 400, 401, 403 or 413. A retry
	// would get the same response.
	Rejected
)

// Result is the outcome of one Send with the details of the response.
type Result struct {
	Outcome Outcome
	// Status is the HTTP status, or 0 when no response arrived.
	Status int
	// RetryAfter is the delay that a 429 or 503 asked for, 0 if none.
	RetryAfter time.Duration
}

// Sender posts encrypted messages to push services with webpush-go.
// It covers what that library (v1.4.0) leaves to the caller. A 404 or
// 410 comes back with a nil error, and TTL defaults to 0. A subject that
// already starts with "mailto:" gets a second prefix. Records are padded
// to 4096 bytes, and the payload buffer is written into.
type Sender struct {
	Keys VAPIDKeys
	// Subject is the VAPID contact, as VAPIDSubject returns it.
	Subject string
	Guard   *Guard
	// Timeout bounds one send; 0 means DefaultSendTimeout.
	Timeout time.Duration

	guarded, allowed *http.Client
}

// NewSender returns a sender whose HTTP connections pass guard's checks.
func NewSender(keys VAPIDKeys, subject string, guard *Guard, timeout time.Duration) *Sender {
	if timeout <= 0 {
		timeout = DefaultSendTimeout
	}
	return &Sender{
		Keys: keys, Subject: subject, Guard: guard, Timeout: timeout,
		guarded: newClient(timeout, Control),
		allowed: newClient(timeout, nil),
	}
}

// newClient returns an HTTP client that uses no proxy, since the guard
// must see the push service's own address, and follows no redirect,
// which push services never send.
func newClient(timeout time.Duration, control func(string, string, syscall.RawConn) error) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: control}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   timeout,
			ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Send encrypts msg for sub and posts it. The error is set only when the
// message could not be built (a bad key, a payload too large) or the
// endpoint is rejected by the guard. A network failure or timeout is
// returned as Retry with the cause as the error.
func (s *Sender) Send(ctx context.Context, sub Subscription, msg Message) (Result, error) {
	if len(msg.Payload) > MaxPayload {
		return Result{Outcome: Rejected}, fmt.Errorf("payload of %d bytes is over the %d-byte limit", len(msg.Payload), MaxPayload)
	}
	client := s.guarded
	if s.Guard != nil && s.Guard.Allowed(sub.Endpoint) {
		client = s.allowed
	} else if s.Guard != nil {
		if err := s.Guard.Check(ctx, sub.Endpoint); err != nil {
			return Result{Outcome: Rejected}, err
		}
	}

	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	// webpush-go appends the padding to the payload slice it gets, in
	// place when the slice has spare capacity: each send gets a copy.
	payload := bytes.Clone(msg.Payload)
	res, err := webpush.SendNotificationWithContext(ctx, payload, &webpush.Subscription{
		Endpoint: sub.Endpoint,
		Keys:     webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth},
	}, &webpush.Options{
		HTTPClient:      client,
		RecordSize:      RecordSize,
		Subscriber:      subscriber(s.Subject),
		TTL:             ttlSeconds(msg.TTL),
		Urgency:         webpush.Urgency(msg.Urgency),
		VAPIDPublicKey:  s.Keys.Public,
		VAPIDPrivateKey: s.Keys.Private,
	})
	if err != nil {
		// The URL in a *url.Error is the endpoint, whose path is a secret
		// of the subscription: keep it out of errors, which reach logs.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if IsEndpointError(err) {
			return Result{Outcome: Rejected}, err
		}
		return Result{Outcome: Retry}, fmt.Errorf("post push message: %w", err)
	}
	defer res.Body.Close()
	// Read a little of the body so that the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 16<<10))
	return classify(res), nil
}

// classify turns a push service's response into an outcome.
func classify(res *http.Response) Result {
	r := Result{Status: res.StatusCode}
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		r.Outcome = Sent
	case res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusGone:
		r.Outcome = Gone
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		r.Outcome = Retry
		r.RetryAfter = retryAfter(res.Header.Get("Retry-After"), time.Now())
	default:
		r.Outcome = Rejected
	}
	return r
}

// retryAfter reads a Retry-After header: a number of seconds or an HTTP
// date. It returns 0 when the header is absent or unreadable.
func retryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if seconds, err := strconv.Atoi(value); err == nil && seconds >= 0 {
		return time.Duration(seconds) * time.Second
	}
	if at, err := http.ParseTime(value); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// ttlSeconds returns the TTL header's value: at least one second.
func ttlSeconds(ttl time.Duration) int {
	return max(1, int(ttl/time.Second))
}

// subscriber returns the subject in the form webpush-go v1.4.0 takes:
// it adds "mailto:" to any value that does not start with "https:".
func subscriber(subject string) string {
	return strings.TrimPrefix(subject, "mailto:")
}

// IsTimeout reports whether err is a timeout, for logs.
func IsTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
