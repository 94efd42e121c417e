// Package push sends Parc's notifications. Browsers that subscribed get
// Web Push messages (RFC 8030, with VAPID from RFC 8292 and payload
// encryption from RFC 8291) through github.com/SherClockHolmes/webpush-go.
// Users without a working subscription get e-mail when a mail server is
// configured.
//
// Domain packages call Enqueue inside the transaction of their write, so
// an event and the write that caused it commit together (the outbox
// pattern). A Worker started by the server sends the queued messages and
// retries them; no HTTP request waits for a push service or a mail
// server. The package also owns the VAPID key pair, the subscriptions,
// each user's choices, and the guard that keeps the server from posting
// to private addresses. It depends on no request, loan or visit code:
// callers describe each change as an Event.
package push
