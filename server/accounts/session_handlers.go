package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/i18n"
	"parc/server/param"
	"parc/server/store"
)

// Cookie names.
const (
	SessionCookie = "parc_session"
	// CSRFCookie holds the CSRF token of a client that is not logged in,
	// compared with its X-CSRF-Token header (the double-submit pattern).
	CSRFCookie = "parc_csrf"
)

// Login limits: failures allowed per account and per client address within
// the window before further attempts get 429.
const (
	maxFailuresPerAccount = 5
	maxFailuresPerAddress = 20
	failureWindow         = 15 * time.Minute
)

// SessionHandler serves login, logout and the sessions of the logged-in
// user.
type SessionHandler struct {
	Store *store.Store
	Log   *slog.Logger
	TTL   time.Duration

	accountLimiter *Limiter
	addressLimiter *Limiter
	// dummyHash is checked against when the e-mail address is unknown, so
	// that the response time does not reveal which addresses exist.
	dummyHash string
}

// NewSessionHandler returns the handler with its login limiters.
func NewSessionHandler(s *store.Store, log *slog.Logger, ttl time.Duration) (*SessionHandler, error) {
	dummy, err := HashPassword(NewToken())
	if err != nil {
		return nil, err
	}
	return &SessionHandler{
		Store: s, Log: log, TTL: ttl,
		accountLimiter: NewLimiter(maxFailuresPerAccount, failureWindow),
		addressLimiter: NewLimiter(maxFailuresPerAddress, failureWindow),
		dummyHash:      dummy,
	}, nil
}

// LoginRequest is the body of POST /api/v1/session.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// SessionInfo is the body of GET and POST /api/v1/session.
type SessionInfo struct {
	User      *User  `json:"user"`
	CSRFToken string `json:"csrf_token"`
}

// Login serves POST /api/v1/session.
func (h *SessionHandler) Login(c *fiber.Ctx) error {
	// The login has no CSRF token, since there is no session yet. Requiring
	// the JSON content type keeps other sites from posting it with a plain
	// HTML form, which cannot send that type without a CORS preflight.
	if !isJSON(c.Get(fiber.HeaderContentType)) {
		return apierr.New(http.StatusUnsupportedMediaType, "unsupported_media_type", "login_json_only")
	}
	var req LoginRequest
	if err := json.Unmarshal(c.Body(), &req); err != nil {
		return apierr.BadRequest("invalid_json", "invalid_json")
	}
	email := strings.ToLower(strings.TrimSpace(req.Email))
	if fields := loginFields(email, req.Password); len(fields) > 0 {
		return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: i18n.Msg("invalid_fields"), Fields: fields}
	}

	now := time.Now()
	wait := max(h.accountLimiter.Check("account:"+email, now), h.addressLimiter.Check("ip:"+ClientIP(c), now))
	if wait > 0 {
		seconds := int(wait.Seconds()) + 1
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(seconds))
		// Log lines name no e-mail address, which is personal data.
		h.Log.Warn("login rejected by rate limit", "ip", ClientIP(c), "retry_after_s", seconds)
		return apierr.New(http.StatusTooManyRequests, "too_many_attempts", "too_many_attempts", (seconds+59)/60)
	}

	user, err := h.authenticate(c.UserContext(), email, req.Password)
	if errors.Is(err, errBadCredentials) {
		h.accountLimiter.Fail("account:"+email, now)
		h.addressLimiter.Fail("ip:"+ClientIP(c), now)
		if user.ID != uuid.Nil {
			h.Log.Warn("login failed", "user_id", user.ID, "ip", ClientIP(c))
		} else {
			h.Log.Warn("login failed", "reason", "unknown e-mail address", "ip", ClientIP(c))
		}
		return apierr.New(http.StatusUnauthorized, "invalid_credentials", "invalid_credentials")
	}
	if err != nil {
		return err
	}
	h.accountLimiter.Reset("account:" + email)

	session, token, err := h.startSession(c, user)
	if err != nil {
		return err
	}
	c.Cookie(sessionCookie(token, session.ExpiresAt, secure(c)))
	h.Log.Info("login", "user_id", user.ID, "session_id", session.ID, "ip", ClientIP(c))
	return c.JSON(SessionInfo{User: &user, CSRFToken: session.CSRFToken})
}

var errBadCredentials = errors.New("wrong e-mail address or password")

// authenticate returns the enabled user with that e-mail address and
// password, or errBadCredentials with the user of that address, if any,
// for the log.
func (h *SessionHandler) authenticate(ctx context.Context, email, password string) (User, error) {
	user, err := UserByEmail(ctx, h.Store.Reader, email)
	if errors.Is(err, store.ErrNotFound) {
		_ = CheckPassword(h.dummyHash, password)
		return User{}, errBadCredentials
	}
	if err != nil {
		return User{}, err
	}
	if err := CheckPassword(user.PasswordHash, password); err != nil {
		if !errors.Is(err, ErrPasswordMismatch) {
			h.Log.Error("failed to check a password hash", "user_id", user.ID, "error", err)
		}
		return User{ID: user.ID}, errBadCredentials
	}
	if user.DisabledAt != nil {
		return User{ID: user.ID}, errBadCredentials
	}
	return user, nil
}

// startSession creates a new session of user. It revokes the session that
// the request's cookie carried, if any, so that a login never keeps a
// session id from before it.
func (h *SessionHandler) startSession(c *fiber.Ctx, user User) (Session, string, error) {
	var session Session
	var token string
	previous := PrincipalOf(c)
	err := h.Store.DB.RunInTx(c.UserContext(), nil, func(ctx context.Context, tx bun.Tx) error {
		if previous != nil {
			if err := RevokeSession(ctx, tx, previous.User.ID, previous.Session.ID, time.Now().UTC()); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, &previous.User.ID, "session", previous.Session.ID, "revoke", nil, nil); err != nil {
				return err
			}
		}
		var err error
		session, token, err = CreateSession(ctx, tx, user.ID, c.Get(fiber.HeaderUserAgent), ClientIP(c), h.TTL)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, &user.ID, "session", session.ID, "create", nil, session)
	})
	if err == nil && previous != nil {
		h.Log.Info("session revoked at login", "user_id", previous.User.ID, "session_id", previous.Session.ID)
	}
	return session, token, err
}

// isJSON reports whether a Content-Type header names application/json,
// with or without parameters such as the charset.
func isJSON(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), fiber.MIMEApplicationJSON)
}

func loginFields(email, password string) map[string]i18n.Message {
	fields := map[string]i18n.Message{}
	if email == "" || !strings.Contains(email, "@") {
		fields["email"] = i18n.Msg("field_email")
	}
	if password == "" {
		fields["password"] = i18n.Required("password")
	}
	return fields
}

// GetSession serves GET /api/v1/session: the logged-in user, or null, and
// the CSRF token to send with state-changing requests.
func (h *SessionHandler) GetSession(c *fiber.Ctx) error {
	if p := PrincipalOf(c); p != nil {
		return c.JSON(SessionInfo{User: &p.User, CSRFToken: p.Session.CSRFToken})
	}
	token := c.Cookies(CSRFCookie)
	if len(token) != 43 {
		token = NewToken()
		c.Cookie(&fiber.Cookie{Name: CSRFCookie, Value: token, Path: "/", HTTPOnly: true, Secure: secure(c), SameSite: fiber.CookieSameSiteStrictMode})
	}
	return c.JSON(SessionInfo{CSRFToken: token})
}

// Logout serves DELETE /api/v1/session: it ends the current session.
func (h *SessionHandler) Logout(c *fiber.Ctx) error {
	p := PrincipalOf(c)
	if err := h.revoke(c, p, p.Session.ID); err != nil {
		return err
	}
	ClearSessionCookie(c)
	return c.SendStatus(http.StatusNoContent)
}

// SessionView is a session as GET /api/v1/sessions lists it.
type SessionView struct {
	Session
	Current bool `json:"current"`
}

// ListSessions serves GET /api/v1/sessions: the live sessions of the
// logged-in user.
func (h *SessionHandler) ListSessions(c *fiber.Ctx) error {
	p := PrincipalOf(c)
	sessions, err := SessionsOfUser(c.UserContext(), h.Store.Reader, p.User.ID, time.Now())
	if err != nil {
		return err
	}
	views := make([]SessionView, len(sessions))
	for i, s := range sessions {
		views[i] = SessionView{Session: s, Current: s.ID == p.Session.ID}
	}
	return c.JSON(fiber.Map{"items": views})
}

// RevokeSession serves DELETE /api/v1/sessions/{id}: it ends one session
// of the logged-in user. Another user's session gets a 404.
func (h *SessionHandler) RevokeSession(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	if err := h.revoke(c, PrincipalOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

func (h *SessionHandler) revoke(c *fiber.Ctx, p *Principal, id uuid.UUID) error {
	err := h.Store.DB.RunInTx(c.UserContext(), nil, func(ctx context.Context, tx bun.Tx) error {
		if err := RevokeSession(ctx, tx, p.User.ID, id, time.Now().UTC()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, &p.User.ID, "session", id, "revoke", nil, nil)
	})
	if errors.Is(err, store.ErrNotFound) {
		return apierr.NotFound("session_not_found", id.String())
	}
	if err == nil {
		h.Log.Info("session revoked", "user_id", p.User.ID, "session_id", id)
	}
	return err
}

// SetSessionCookie sends the session cookie again with a new expiry, after
// the sliding expiry moved it.
func SetSessionCookie(c *fiber.Ctx, token string, expires time.Time) {
	c.Cookie(sessionCookie(token, expires, secure(c)))
}

// ClearSessionCookie sends an expired, empty session cookie, so that the
// browser drops a dead one.
func ClearSessionCookie(c *fiber.Ctx) {
	c.Cookie(sessionCookie("", time.Unix(0, 0), secure(c)))
}

func sessionCookie(token string, expires time.Time, secure bool) *fiber.Cookie {
	return &fiber.Cookie{
		Name: SessionCookie, Value: token, Path: "/", Expires: expires,
		HTTPOnly: true, Secure: secure, SameSite: fiber.CookieSameSiteLaxMode,
	}
}

// secure reports whether the client reached the server over HTTPS,
// directly or through a trusted proxy, so that cookies get the Secure flag.
func secure(c *fiber.Ctx) bool {
	return c.Protocol() == "https"
}
