package assets

import (
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
	var req CommuneRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	commune, err := h.Writer.CreateCommune(c.UserContext(), &actor, req)
	if err != nil {
		return err
	}
	h.Log.Info("commune created", "commune_id", commune.ID, "actor_id", actor)
	return c.Status(http.StatusCreated).JSON(commune)
}

// UpdateCommune serves PATCH /api/v1/communes/{id}.
func (h *WriteHandler) UpdateCommune(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var req CommuneRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	commune, action, err := h.Writer.ChangeCommune(c.UserContext(), &actor, id, req)
	if err != nil {
		return err
	}
	h.logChange("commune", action, "commune_id", id, actor)
	return c.JSON(commune)
}

// CreateSite serves POST /api/v1/sites.
func (h *WriteHandler) CreateSite(c *fiber.Ctx) error {
	var req SiteRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	site, err := h.Writer.CreateSite(c.UserContext(), &actor, req)
	if err != nil {
		return err
	}
	h.Log.Info("site created", "site_id", site.ID, "commune_id", site.CommuneID, "actor_id", actor)
	return c.Status(http.StatusCreated).JSON(site)
}

// UpdateSite serves PATCH /api/v1/sites/{id}.
func (h *WriteHandler) UpdateSite(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var req SiteRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	site, action, err := h.Writer.ChangeSite(c.UserContext(), &actor, id, req)
	if err != nil {
		return err
	}
	h.logChange("site", action, "site_id", id, actor)
	return c.JSON(site)
}

// CreateRoom serves POST /api/v1/rooms.
func (h *WriteHandler) CreateRoom(c *fiber.Ctx) error {
	var req RoomRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	room, err := h.Writer.CreateRoom(c.UserContext(), &actor, req)
	if err != nil {
		return err
	}
	h.Log.Info("room created", "room_id", room.ID, "site_id", room.SiteID, "actor_id", actor)
	return c.Status(http.StatusCreated).JSON(room)
}

// UpdateRoom serves PATCH /api/v1/rooms/{id}.
func (h *WriteHandler) UpdateRoom(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var req RoomRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	room, action, err := h.Writer.ChangeRoom(c.UserContext(), &actor, id, req)
	if err != nil {
		return err
	}
	h.logChange("room", action, "room_id", id, actor)
	return c.JSON(room)
}

// CreateAsset serves POST /api/v1/assets.
func (h *WriteHandler) CreateAsset(c *fiber.Ctx) error {
	var req AssetRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	asset, err := h.Writer.CreateAsset(c.UserContext(), &actor, req)
	if err != nil {
		return err
	}
	h.Log.Info("asset created", "asset_id", asset.ID, "site_id", asset.SiteID, "actor_id", actor)
	return c.Status(http.StatusCreated).JSON(asset)
}

// UpdateAsset serves PATCH /api/v1/assets/{id}.
func (h *WriteHandler) UpdateAsset(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var req AssetRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	actor := accounts.PrincipalOf(c).User.ID

	asset, action, err := h.Writer.ChangeAsset(c.UserContext(), &actor, id, req)
	if err != nil {
		return err
	}
	h.logChange("asset", action, "asset_id", id, actor)
	return c.JSON(asset)
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
