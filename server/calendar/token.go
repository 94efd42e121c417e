package calendar

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/store"
)

// Token is the stored form of a user's feed token.
type Token struct {
	bun.BaseModel `bun:"table:calendar_tokens,alias:ct"`

	UserID      uuid.UUID `bun:"user_id,pk,type:uuid"`
	TokenSHA256 string    `bun:"token_sha256"`
	CreatedAt   time.Time `bun:"created_at"`
}

// tokenBytes is the length of a token's random part: 256 bits.
const tokenBytes = 32

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Renew makes a new token for the user, replacing any previous one, and
// returns it. Only its hash is stored, so it cannot be read back later.
func Renew(ctx context.Context, db bun.IDB, userID uuid.UUID) (string, error) {
	raw := make([]byte, tokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("draw calendar token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	row := Token{UserID: userID, TokenSHA256: hashToken(token), CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	_, err := db.NewInsert().Model(&row).
		On("CONFLICT (user_id) DO UPDATE").
		Set("token_sha256 = EXCLUDED.token_sha256").
		Set("created_at = EXCLUDED.created_at").
		Exec(ctx)
	if err != nil {
		return "", fmt.Errorf("store calendar token of user %s: %w", userID, err)
	}
	return token, nil
}

// TokenOf returns the user's token row, or store.ErrNotFound when the
// user has none.
func TokenOf(ctx context.Context, db bun.IDB, userID uuid.UUID) (Token, error) {
	var row Token
	err := db.NewSelect().Model(&row).Where("user_id = ?", userID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return row, fmt.Errorf("calendar token of user %s: %w", userID, store.ErrNotFound)
	}
	if err != nil {
		return row, fmt.Errorf("select calendar token of user %s: %w", userID, err)
	}
	return row, nil
}

// UserOf returns the user whose token this is, or store.ErrNotFound.
func UserOf(ctx context.Context, db bun.IDB, token string) (uuid.UUID, error) {
	var row Token
	err := db.NewSelect().Model(&row).Where("token_sha256 = ?", hashToken(token)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return uuid.Nil, fmt.Errorf("calendar token: %w", store.ErrNotFound)
	}
	if err != nil {
		return uuid.Nil, fmt.Errorf("select calendar token: %w", err)
	}
	return row.UserID, nil
}
