package accounts

import (
	"sync"
	"time"
)

// Limiter counts failed logins per key (an account or a client address)
// over a sliding window, and locks a key out once it reaches the maximum.
// It lives in the memory of one server: behind a load balancer each
// instance counts on its own, which at worst multiplies the allowance by
// the number of instances.
type Limiter struct {
	max    int
	window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewLimiter returns a limiter that allows max failures per key within
// window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{max: max, window: window, failures: map[string][]time.Time{}}
}

// Check returns how long key must wait before its next attempt, zero when
// it may try now.
func (l *Limiter) Check(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()

	recent := l.prune(key, now)
	if len(recent) < l.max {
		return 0
	}
	// The oldest failure of the window leaves it first.
	return recent[0].Add(l.window).Sub(now)
}

// Fail records a failed attempt of key.
func (l *Limiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.failures[key] = append(l.prune(key, now), now)
	if len(l.failures) > 10000 {
		l.sweep(now)
	}
}

// Reset clears the failures of key, after a successful login.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

// prune drops the failures of key older than the window and returns the
// others. The caller holds l.mu.
func (l *Limiter) prune(key string, now time.Time) []time.Time {
	times := l.failures[key]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= l.window {
		i++
	}
	if i == len(times) {
		delete(l.failures, key)
		return nil
	}
	times = times[i:]
	l.failures[key] = times
	return times
}

// sweep drops every key without a recent failure, so that a flood of
// distinct keys cannot grow the map without bound. The caller holds l.mu.
func (l *Limiter) sweep(now time.Time) {
	for key := range l.failures {
		l.prune(key, now)
	}
}
