package push

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// VAPIDKeys is the server's VAPID key pair as unpadded base64url, the
// form browsers take as applicationServerKey and webpush-go decodes.
type VAPIDKeys struct {
	bun.BaseModel `bun:"table:push_vapid_keys,alias:pvk"`

	ID int `bun:"id,pk"`
	// Public is the uncompressed P-256 point, 65 bytes once decoded.
	Public string `bun:"public_key"`
	// Private is the 32-byte P-256 scalar. It never leaves the server.
	Private   string    `bun:"private_key"`
	CreatedAt time.Time `bun:"created_at"`
}

// LoadOrCreateKeys returns the VAPID key pair kept in the database, and
// creates it when there is none. Two processes starting at once on one
// PostgreSQL database both insert with ON CONFLICT DO NOTHING and then read
// the row that won, so they share one pair.
func LoadOrCreateKeys(ctx context.Context, db bun.IDB) (VAPIDKeys, error) {
	keys, err := storedKeys(ctx, db)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return keys, err
	}

	fresh, err := newKeys()
	if err != nil {
		return VAPIDKeys{}, err
	}
	if _, err := db.NewInsert().Model(&fresh).On("CONFLICT (id) DO NOTHING").Exec(ctx); err != nil {
		return VAPIDKeys{}, fmt.Errorf("store VAPID keys: %w", err)
	}
	return storedKeys(ctx, db)
}

// storedKeys reads the key pair and normalizes it to unpadded base64url,
// since an operator may have stored keys in another base64 form.
func storedKeys(ctx context.Context, db bun.IDB) (VAPIDKeys, error) {
	var keys VAPIDKeys
	if err := db.NewSelect().Model(&keys).Where("pvk.id = 1").Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return keys, err
		}
		return keys, fmt.Errorf("select VAPID keys: %w", err)
	}
	return keys.normalized()
}

// newKeys returns a fresh P-256 key pair.
func newKeys() (VAPIDKeys, error) {
	private, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return VAPIDKeys{}, fmt.Errorf("generate VAPID keys: %w", err)
	}
	return VAPIDKeys{
		ID:        1,
		Public:    base64.RawURLEncoding.EncodeToString(private.PublicKey().Bytes()),
		Private:   base64.RawURLEncoding.EncodeToString(private.Bytes()),
		CreatedAt: time.Now().UTC(),
	}, nil
}

// normalized returns the pair as unpadded base64url after checking that
// the private key is a P-256 scalar whose public key is Public.
// webpush-go v1.4.0 decodes VAPID keys only as base64url, so the standard
// base64 with "+" and "/" that openssl prints would fail at every send.
func (k VAPIDKeys) normalized() (VAPIDKeys, error) {
	public, err := DecodeKey(k.Public)
	if err != nil {
		return k, fmt.Errorf("decode VAPID public key: %w", err)
	}
	private, err := DecodeKey(k.Private)
	if err != nil {
		return k, fmt.Errorf("decode VAPID private key: %w", err)
	}
	key, err := ecdh.P256().NewPrivateKey(private)
	if err != nil {
		return k, fmt.Errorf("read VAPID private key: %w", err)
	}
	if string(key.PublicKey().Bytes()) != string(public) {
		return k, errors.New("the VAPID public key does not belong to the private key")
	}
	k.Public = base64.RawURLEncoding.EncodeToString(public)
	k.Private = base64.RawURLEncoding.EncodeToString(private)
	return k, nil
}

// DecodeKey decodes a key in any base64 form: standard or URL alphabet,
// with or without padding. Browsers send base64url; openssl prints the
// standard alphabet.
func DecodeKey(s string) ([]byte, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "=")
	s = strings.NewReplacer("+", "-", "/", "_").Replace(s)
	return base64.RawURLEncoding.DecodeString(s)
}
