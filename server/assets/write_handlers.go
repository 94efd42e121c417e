package assets

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/param"
)

// WriteHandler serves the write side of the fleet API, for technicians.
type WriteHandler struct {
	Writer *Writer
	Log    *slog.Logger
}

// CreateCommune serves POST /api/v1/communes.
func (h *WriteHandler) CreateCommune(c *fiber.Ctx) error {
	return serveCreate(h, c, h.Writer.CreateCommune, "commune created", func(commune Commune) []any {
		return []any{"commune_id", commune.ID}
	})
}

// UpdateCommune serves PATCH /api/v1/communes/{id}.
func (h *WriteHandler) UpdateCommune(c *fiber.Ctx) error {
	return serveChange(h, c, h.Writer.ChangeCommune, "commune", "commune_id")
}

// CreateSite serves POST /api/v1/sites.
func (h *WriteHandler) CreateSite(c *fiber.Ctx) error {
	return serveCreate(h, c, h.Writer.CreateSite, "site created", func(site Site) []any {
		return []any{"site_id", site.ID, "commune_id", site.CommuneID}
	})
}

// UpdateSite serves PATCH /api/v1/sites/{id}.
func (h *WriteHandler) UpdateSite(c *fiber.Ctx) error {
	return serveChange(h, c, h.Writer.ChangeSite, "site", "site_id")
}

// CreateRoom serves POST /api/v1/rooms.
func (h *WriteHandler) CreateRoom(c *fiber.Ctx) error {
	return serveCreate(h, c, h.Writer.CreateRoom, "room created", func(room Room) []any {
		return []any{"room_id", room.ID, "site_id", room.SiteID}
	})
}

// UpdateRoom serves PATCH /api/v1/rooms/{id}.
func (h *WriteHandler) UpdateRoom(c *fiber.Ctx) error {
	return serveChange(h, c, h.Writer.ChangeRoom, "room", "room_id")
}

// CreateAsset serves POST /api/v1/assets.
func (h *WriteHandler) CreateAsset(c *fiber.Ctx) error {
	return serveCreate(h, c, h.Writer.CreateAsset, "asset created", func(asset Asset) []any {
		return []any{"asset_id", asset.ID, "site_id", asset.SiteID}
	})
}

// UpdateAsset serves PATCH /api/v1/assets/{id}.
func (h *WriteHandler) UpdateAsset(c *fiber.Ctx) error {
	return serveChange(h, c, h.Writer.ChangeAsset, "asset", "asset_id")
}

// serveCreate serves the POST of a fleet record: it decodes the body into
// a request R, runs create as the signed-in user, logs message with the
// ids that logIDs returns, and responds 201 with the record.
func serveCreate[R, T any](h *WriteHandler, c *fiber.Ctx,
	create func(ctx context.Context, actor *uuid.UUID, req R) (T, error),
	message string, logIDs func(record T) []any,
) error {
	var req R
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	record, err := create(c.UserContext(), &actor, req)
	if err != nil {
		return err
	}
	h.Log.Info(message, append(logIDs(record), "actor_id", actor)...)
	return c.Status(http.StatusCreated).JSON(record)
}

// serveChange serves the PATCH of the fleet record whose id is in the
// path: it decodes the body into a request R, runs change as the
// signed-in user, logs the action with the id under idKey, and responds
// with the record.
func serveChange[R, T any](h *WriteHandler, c *fiber.Ctx,
	change func(ctx context.Context, actor *uuid.UUID, id uuid.UUID, req R) (T, string, error),
	entity, idKey string,
) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var req R
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	record, action, err := change(c.UserContext(), &actor, id, req)
	if err != nil {
		return err
	}
	h.logChange(entity, action, idKey, id, actor)
	return c.JSON(record)
}

// changeMessages are the log messages of a PATCH, by entity and action.
var changeMessages = map[string]map[string]string{
	"commune": {ActionUpdate: "commune updated", ActionArchive: "commune archived", ActionRestore: "commune restored"},
	"site":    {ActionUpdate: "site updated", ActionArchive: "site archived", ActionRestore: "site restored"},
	"room":    {ActionUpdate: "room updated", ActionArchive: "room archived", ActionRestore: "room restored"},
	"asset":   {ActionUpdate: "asset updated", ActionArchive: "asset archived", ActionRestore: "asset restored"},
}

// logChange logs a PATCH with the record's id under idKey. Names stay out
// of the log: ids identify the records.
func (h *WriteHandler) logChange(entity, action, idKey string, id, actor uuid.UUID) {
	h.Log.Info(changeMessages[entity][action], idKey, id, "actor_id", actor)
}

// decodeBody reads a JSON request body into req. Unknown members are
// ignored.
func decodeBody(c *fiber.Ctx, req any) error {
	if err := json.Unmarshal(c.Body(), req); err != nil {
		return apierr.BadRequest("invalid_json", "invalid_json")
	}
	return nil
}
