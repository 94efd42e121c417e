package push

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/netip"
	"sync"
	"time"

	"parc/server/store"
)

// Deployment holds the settings the worker reads before each batch, so a
// change on the settings screen applies without a restart.
type Deployment struct {
	// BaseURL is the public address of the server, for links in e-mails
	// and the VAPID subject.
	BaseURL string
	// SMTPURL is the mail server; empty turns the e-mail fallback off.
	SMTPURL          string
	OrganisationName string
}

// Check is work that the worker runs at start and then every Every,
// such as finding the loans that fell overdue and enqueuing their event.
type Check struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) error
}

// Config tunes the service. Zero values take the defaults below.
type Config struct {
	// Allow lists endpoint prefixes that skip the guard
	// (PARC_PUSH_ENDPOINT_ALLOW).
	Allow []string
	// Resolve replaces the system resolver of the guard, for tests.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
	// SendTimeout bounds one POST to a push service or one e-mail.
	SendTimeout time.Duration
	// Poll is how often the worker looks for due messages when nothing
	// woke it.
	Poll time.Duration
	// Backoff is the delay before the first retry; each retry doubles
	// it, up to MaxBackoff.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// MaxAttempts bounds the attempts at one message.
	MaxAttempts int
	// Batch is how many messages the worker claims and sends at once.
	Batch  int
	Checks []Check
}

// Defaults of Config.
const (
	DefaultPoll        = time.Second
	DefaultBackoff     = 15 * time.Second
	DefaultMaxBackoff  = time.Hour
	DefaultMaxAttempts = 8
	DefaultBatch       = 8
)

func (c Config) withDefaults() Config {
	if c.SendTimeout <= 0 {
		c.SendTimeout = DefaultSendTimeout
	}
	if c.Poll <= 0 {
		c.Poll = DefaultPoll
	}
	if c.Backoff <= 0 {
		c.Backoff = DefaultBackoff
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.Batch <= 0 {
		c.Batch = DefaultBatch
	}
	return c
}

// Service holds the VAPID keys, the guard and the queue's worker.
type Service struct {
	store      *store.Store
	cfg        Config
	deployment func(ctx context.Context) (Deployment, error)
	log        *slog.Logger
	keys       VAPIDKeys
	guard      *Guard

	mu      sync.Mutex
	senders map[string]*Sender
}

// New returns the service of st, creating the VAPID keys on first start.
// deployment returns the current settings.
func New(ctx context.Context, st *store.Store, cfg Config, deployment func(ctx context.Context) (Deployment, error), log *slog.Logger) (*Service, error) {
	keys, err := LoadOrCreateKeys(ctx, st.DB)
	if err != nil {
		return nil, err
	}
	s := &Service{
		store: st, cfg: cfg.withDefaults(), deployment: deployment, log: log, keys: keys,
		guard:   &Guard{Allow: cfg.Allow, Resolve: cfg.Resolve},
		senders: map[string]*Sender{},
	}
	s.cfg.Checks = append(s.cfg.Checks, s.purgeCheck())
	return s, nil
}

// PublicKey returns the VAPID public key as unpadded base64url.
func (s *Service) PublicKey() string {
	return s.keys.Public
}

// sender returns the sender for subject, made once per subject.
func (s *Service) sender(subject string) *Sender {
	s.mu.Lock()
	defer s.mu.Unlock()
	if snd, ok := s.senders[subject]; ok {
		return snd
	}
	snd := NewSender(s.keys, subject, s.guard, s.cfg.SendTimeout)
	s.senders[subject] = snd
	return snd
}

// backoff returns the delay before the retry that follows attempt n,
// counted from 1. The delay is Backoff doubled n-1 times, at most
// MaxBackoff. Its second half is random ("equal jitter"), so messages
// that failed together do not retry together.
func (s *Service) backoff(n int) time.Duration {
	d := s.cfg.Backoff
	for i := 1; i < n && d < s.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, s.cfg.MaxBackoff)
	half := d / 2
	return half + rand.N(half+1)
}
