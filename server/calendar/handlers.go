package calendar

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/store"
)

// Handler serves the feed and the token of the signed-in user.
type Handler struct {
	Store *store.Store
	Log   *slog.Logger
	// BaseURL returns the public address of the server without a final
	// slash, or "" when none is set: the feed's URL then uses the
	// request's own address.
	BaseURL func(c *fiber.Ctx) (string, error)
}

// TokenState is the body of GET and POST /api/v1/me/ics-token. URL is
// set only in the response to POST, since the token is not stored.
type TokenState struct {
	Exists    bool       `json:"exists"`
	CreatedAt *time.Time `json:"created_at"`
	URL       string     `json:"url,omitempty"`
}

// GetToken serves GET /api/v1/me/ics-token: whether the user has a feed.
func (h *Handler) GetToken(c *fiber.Ctx) error {
	p := accounts.PrincipalOf(c)
	row, err := TokenOf(c.UserContext(), h.Store.Reader, p.User.ID)
	if errors.Is(err, store.ErrNotFound) {
		return c.JSON(TokenState{})
	}
	if err != nil {
		return err
	}
	return c.JSON(TokenState{Exists: true, CreatedAt: &row.CreatedAt})
}

// RenewToken serves POST /api/v1/me/ics-token: a new secret URL, which
// ends the previous one. The URL is returned this once.
func (h *Handler) RenewToken(c *fiber.Ctx) error {
	p := accounts.PrincipalOf(c)
	token, err := Renew(c.UserContext(), h.Store.DB, p.User.ID)
	if err != nil {
		return err
	}
	row, err := TokenOf(c.UserContext(), h.Store.DB, p.User.ID)
	if err != nil {
		return err
	}
	base, err := h.BaseURL(c)
	if err != nil {
		return err
	}
	if base == "" {
		base = c.BaseURL()
	}
	h.Log.Info("calendar token renewed", "user_id", p.User.ID)
	return c.Status(http.StatusCreated).JSON(TokenState{Exists: true, CreatedAt: &row.CreatedAt, URL: base + "/ics/" + token + ".ics"})
}

// GetFeed serves GET /ics/{token}.ics, open to anyone who has the URL.
// An unknown token gets a 404 whose message requests the new link.
func (h *Handler) GetFeed(c *fiber.Ctx) error {
	ctx := c.UserContext()
	token, ok := strings.CutSuffix(c.Params("file"), ".ics")
	if !ok || token == "" {
		return apierr.NotFound("ics_token_unknown")
	}
	userID, err := UserOf(ctx, h.Store.Reader, token)
	if errors.Is(err, store.ErrNotFound) {
		return apierr.NotFound("ics_token_unknown")
	}
	if err != nil {
		return err
	}
	user, err := accounts.UserByID(ctx, h.Store.Reader, userID)
	if err != nil {
		return err
	}
	if user.DisabledAt != nil {
		return apierr.NotFound("ics_token_unknown")
	}

	events, err := Events(ctx, h.Store.Reader, scopeOf(user), time.Now())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := WriteCalendar(&buf, "Parc – "+user.Name, events); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	c.Set("Referrer-Policy", "no-referrer")
	return c.Send(buf.Bytes())
}

// scopeOf returns the communes a user reads, as accounts.ScopeOf does for
// a signed-in request.
func scopeOf(u accounts.User) accounts.Scope {
	if u.Role == accounts.RoleCorrespondent {
		return accounts.Scope{Communes: u.CommuneIDs}
	}
	return accounts.Scope{All: true}
}
