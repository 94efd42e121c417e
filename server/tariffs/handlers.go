package tariffs

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"parc/server/apierr"
	"parc/server/param"
	"parc/server/store"
	"parc/server/sync"
)

// Handler serves /api/v1/tariffs: technicians write tariffs, the
// committee and technicians read them.
type Handler struct {
	Store  *store.Store
	Writer *Writer
	Log    *slog.Logger
}

// ListTariffs serves GET /api/v1/tariffs.
func (h *Handler) ListTariffs(c *fiber.Ctx) error {
	list, err := List(c.UserContext(), h.Store.Reader)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list})
}

// GetTariff serves GET /api/v1/tariffs/{id}.
func (h *Handler) GetTariff(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	t, err := Get(c.UserContext(), h.Store.Reader, id)
	if err != nil {
		return notFound(err, id)
	}
	return c.JSON(t)
}

// CreateTariff serves POST /api/v1/tariffs.
func (h *Handler) CreateTariff(c *fiber.Ctx) error {
	var body Body
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	t, err := h.Writer.Create(c.UserContext(), actor, body)
	if err != nil {
		return err
	}
	h.Log.Info("tariff created", "tariff_id", t.ID, "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(t)
}

// UpdateTariff serves PATCH /api/v1/tariffs/{id}.
func (h *Handler) UpdateTariff(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body Body
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	t, err := h.Writer.Update(c.UserContext(), actor, id, body)
	if err != nil {
		return notFound(err, id)
	}
	h.Log.Info("tariff updated", "tariff_id", t.ID, "actor_id", actor.UserID)
	return c.JSON(t)
}

// DeleteTariff serves DELETE /api/v1/tariffs/{id}.
func (h *Handler) DeleteTariff(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	if err := h.Writer.Delete(c.UserContext(), actor, id); err != nil {
		return notFound(err, id)
	}
	h.Log.Info("tariff deleted", "tariff_id", id, "actor_id", actor.UserID)
	return c.SendStatus(http.StatusNoContent)
}

// notFound turns store.ErrNotFound into the 404 that names id.
func notFound(err error, id uuid.UUID) error {
	if errors.Is(err, store.ErrNotFound) {
		return apierr.NotFound("tariff_not_found", id.String())
	}
	return err
}
