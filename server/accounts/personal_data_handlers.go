package accounts

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"parc/server/apierr"
	"parc/server/param"
	"parc/server/store"
)

// ExportPersonalData serves GET /api/v1/users/{id}/personal-data: the
// person's data as a JSON file to hand over.
func (h *UserHandler) ExportPersonalData(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	actor := PrincipalOf(c).User.ID

	data, err := PersonalDataOf(c.UserContext(), h.Store.Reader, id, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return apierr.NotFound("user_not_found", id.String())
	}
	if err != nil {
		return err
	}
	doc, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		return fmt.Errorf("encode personal data of user %s: %w", id, err)
	}
	h.Log.Info("personal data exported", "user_id", id, "actor_id", actor)

	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="parc-donnees-personnelles-%s.json"`, id))
	return c.Send(doc)
}

// EraseRequest is the body of POST /api/v1/users/{id}/erase.
type EraseRequest struct {
	// Confirm is the person's current e-mail address, typed again.
	Confirm string `json:"confirm"`
}

// EraseUser serves POST /api/v1/users/{id}/erase: it pseudonymises the
// person and returns the user as it now is.
func (h *UserHandler) EraseUser(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var req EraseRequest
	if err := json.Unmarshal(c.Body(), &req); err != nil {
		return apierr.BadRequest("invalid_json", "invalid_json")
	}
	actor := PrincipalOf(c).User.ID

	erased, err := EraseUser(c.UserContext(), h.Store.DB, actor, id, req.Confirm)
	if errors.Is(err, store.ErrNotFound) {
		return apierr.NotFound("user_not_found", id.String())
	}
	if err != nil {
		return err
	}
	h.Log.Info("user erased", "user_id", id, "actor_id", actor, "audit_entries_scrubbed", erased.Scrubbed)
	return c.JSON(erased.User)
}
