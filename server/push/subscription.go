package push

import (
	"context"
	"crypto/ecdh"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/field"
	"parc/server/i18n"
)

// maxEndpoint bounds the length of an endpoint URL, in bytes. The push
// services of Chrome, Firefox, Edge and Safari give URLs of a few hundred
// bytes.
const maxEndpoint = 2048

// Subscription is one browser's push subscription (the PushSubscription
// of the Push API) for one user.
type Subscription struct {
	bun.BaseModel `bun:"table:push_subscriptions,alias:ps"`

	ID     uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	UserID uuid.UUID `bun:"user_id,type:uuid" json:"-"`
	// Endpoint is the push service URL that messages are posted to.
	Endpoint string `bun:"endpoint" json:"endpoint"`
	// P256dh is the browser's P-256 public key and Auth its 16-byte
	// authentication secret, both as unpadded base64url.
	P256dh    string     `bun:"p256dh" json:"-"`
	Auth      string     `bun:"auth" json:"-"`
	ExpiresAt *time.Time `bun:"expires_at" json:"-"`
	CreatedAt time.Time  `bun:"created_at" json:"-"`
	UpdatedAt time.Time  `bun:"updated_at" json:"-"`
}

// SubscriptionBody is the PushSubscription JSON that browsers produce
// with PushSubscription.toJSON(), the body of POST
// /api/v1/push/subscriptions.
type SubscriptionBody struct {
	Endpoint string `json:"endpoint"`
	// ExpirationTime is in milliseconds since the Unix epoch, or null.
	ExpirationTime *float64 `json:"expirationTime"`
	Keys           struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
}

// read checks the body and returns the subscription it describes, with
// its keys as unpadded base64url. The endpoint is checked by the Guard
// separately, since that check resolves names.
func (b SubscriptionBody) read() (Subscription, error) {
	f := field.Faults{}
	endpoint := strings.TrimSpace(b.Endpoint)
	if endpoint == "" {
		f.Add("endpoint", i18n.Msg("push_endpoint_missing"))
	} else if len(endpoint) > maxEndpoint {
		f.Add("endpoint", i18n.Msg("push_endpoint_long", maxEndpoint))
	}
	p256dh, err := DecodeKey(b.Keys.P256dh)
	if err == nil {
		_, err = ecdh.P256().NewPublicKey(p256dh)
	}
	if err != nil {
		f.Add("keys.p256dh", i18n.Msg("push_key_p256dh", apierr.Quote(b.Keys.P256dh)))
	}

	auth, err := DecodeKey(b.Keys.Auth)
	if err != nil || len(auth) != 16 {
		f.Add("keys.auth", i18n.Msg("push_key_auth", apierr.Quote(b.Keys.Auth)))
	}

	var expires *time.Time
	if b.ExpirationTime != nil {
		at := time.UnixMilli(int64(*b.ExpirationTime)).UTC()
		expires = &at
	}
	if err := f.Invalid(); err != nil {
		return Subscription{}, err
	}
	return Subscription{
		Endpoint:  endpoint,
		P256dh:    base64.RawURLEncoding.EncodeToString(p256dh),
		Auth:      base64.RawURLEncoding.EncodeToString(auth),
		ExpiresAt: expires,
	}, nil
}

// saveSubscription stores s for its user: a new row, or the row of the
// same endpoint with new keys and owner. created reports which.
func saveSubscription(ctx context.Context, db bun.IDB, s *Subscription) (created bool, err error) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var existing Subscription
		found, err := tx.NewSelect().Model(&existing).Where("ps.endpoint = ?", s.Endpoint).Exists(ctx)
		if err != nil {
			return fmt.Errorf("select push subscription: %w", err)
		}
		if !found {
			created = true
			s.ID, s.CreatedAt, s.UpdatedAt = uuid.Must(uuid.NewV7()), now, now
			_, err = tx.NewInsert().Model(s).Exec(ctx)
			return err
		}
		_, err = tx.NewUpdate().Model((*Subscription)(nil)).
			Set("user_id = ?", s.UserID).Set("p256dh = ?", s.P256dh).Set("auth = ?", s.Auth).
			Set("expires_at = ?", s.ExpiresAt).Set("updated_at = ?", now).
			Where("endpoint = ?", s.Endpoint).Exec(ctx)
		if err != nil {
			return err
		}
		return tx.NewSelect().Model(s).Where("ps.endpoint = ?", s.Endpoint).Scan(ctx)
	})
	if err != nil {
		return false, fmt.Errorf("store push subscription: %w", err)
	}
	return created, nil
}

// deleteSubscription removes the subscription of endpoint that belongs to
// userID, and reports whether there was one.
func deleteSubscription(ctx context.Context, db bun.IDB, userID uuid.UUID, endpoint string) (bool, error) {
	res, err := db.NewDelete().Model((*Subscription)(nil)).
		Where("endpoint = ?", endpoint).Where("user_id = ?", userID).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("delete push subscription: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// subscriptionsOf lists the subscriptions of users, by user.
func subscriptionsOf(ctx context.Context, db bun.IDB, users []uuid.UUID) (map[uuid.UUID][]Subscription, error) {
	out := map[uuid.UUID][]Subscription{}
	if len(users) == 0 {
		return out, nil
	}
	var subs []Subscription
	if err := db.NewSelect().Model(&subs).Where("ps.user_id IN (?)", bun.List(users)).Order("ps.created_at").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list push subscriptions: %w", err)
	}
	for _, s := range subs {
		out[s.UserID] = append(out[s.UserID], s)
	}
	return out, nil
}

// countSubscriptions returns how many devices userID subscribed.
func countSubscriptions(ctx context.Context, db bun.IDB, userID uuid.UUID) (int, error) {
	n, err := db.NewSelect().Model((*Subscription)(nil)).Where("ps.user_id = ?", userID).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count push subscriptions: %w", err)
	}
	return int(n), nil
}
