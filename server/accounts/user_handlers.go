package accounts

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"parc/server/apierr"
	"parc/server/param"
	"parc/server/store"
)

// UserHandler serves the administration of users, for technicians.
type UserHandler struct {
	Store *store.Store
	Log   *slog.Logger
}

// ListUsers serves GET /api/v1/users.
func (h *UserHandler) ListUsers(c *fiber.Ctx) error {
	users, err := Users(c.UserContext(), h.Store.Reader)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": users, "total": len(users), "next": ""})
}

// GetUser serves GET /api/v1/users/{id}.
func (h *UserHandler) GetUser(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	u, err := UserByID(c.UserContext(), h.Store.Reader, id)
	if errors.Is(err, store.ErrNotFound) {
		return apierr.NotFound("user_not_found", id.String())
	}
	if err != nil {
		return err
	}
	return c.JSON(u)
}

// CreatedUser is the body of POST /api/v1/users: the user and the one-time
// password to hand over, shown this once.
type CreatedUser struct {
	User            User   `json:"user"`
	OneTimePassword string `json:"one_time_password"`
}

// CreateUser serves POST /api/v1/users.
func (h *UserHandler) CreateUser(c *fiber.Ctx) error {
	var in NewUser
	if err := json.Unmarshal(c.Body(), &in); err != nil {
		return apierr.BadRequest("invalid_json", "invalid_json")
	}
	actor := PrincipalOf(c).User.ID

	u, password, err := CreateUser(c.UserContext(), h.Store.DB, &actor, in)
	if err != nil {
		return err
	}
	h.Log.Info("user created", "user_id", u.ID, "role", u.Role, "actor_id", actor)
	return c.Status(http.StatusCreated).JSON(CreatedUser{User: u, OneTimePassword: password})
}

// UpdateUser serves PATCH /api/v1/users/{id}.
func (h *UserHandler) UpdateUser(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var change UserChange
	if err := json.Unmarshal(c.Body(), &change); err != nil {
		return apierr.BadRequest("invalid_json", "invalid_json")
	}
	actor := PrincipalOf(c).User.ID

	u, err := ChangeUser(c.UserContext(), h.Store.DB, &actor, id, change)
	if errors.Is(err, store.ErrNotFound) {
		return apierr.NotFound("user_not_found", id.String())
	}
	if err != nil {
		return err
	}
	h.Log.Info("user updated", "user_id", u.ID, "actor_id", actor)
	return c.JSON(u)
}

// ResetUserPassword serves POST /api/v1/users/{id}/reset-password.
func (h *UserHandler) ResetUserPassword(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	actor := PrincipalOf(c).User.ID

	password, err := ResetPassword(c.UserContext(), h.Store.DB, &actor, id)
	if errors.Is(err, store.ErrNotFound) {
		return apierr.NotFound("user_not_found", id.String())
	}
	if err != nil {
		return err
	}
	h.Log.Info("password reset", "user_id", id, "actor_id", actor)
	return c.JSON(fiber.Map{"one_time_password": password})
}

// Preferences is the body of PATCH /api/v1/me: what users may change on
// their own account. The language picks the catalogue of push texts and
// e-mails; the app sends it when the user picks a language in its settings.
type Preferences struct {
	Language *string `json:"language"`
}

// UpdateMe serves PATCH /api/v1/me: the logged-in user changes their own
// preferences, whatever their role.
func (h *UserHandler) UpdateMe(c *fiber.Ctx) error {
	var prefs Preferences
	if err := json.Unmarshal(c.Body(), &prefs); err != nil {
		return apierr.BadRequest("invalid_json", "invalid_json")
	}
	me := PrincipalOf(c).User
	if prefs.Language == nil || *prefs.Language == me.Language {
		return c.JSON(me)
	}

	version := me.Version
	u, err := ChangeUser(c.UserContext(), h.Store.DB, &me.ID, me.ID, UserChange{Version: &version, Language: prefs.Language})
	if err != nil {
		return err
	}
	h.Log.Info("preferences updated", "user_id", u.ID)
	return c.JSON(u)
}
