package workorders

import (
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/i18n"
	"parc/server/param"
	"parc/server/store"
	"parc/server/sync"
)

// Handler serves the work orders API. Every route checks the caller's
// communes: a work order of another commune does not exist for a
// correspondent.
type Handler struct {
	Store  *store.Store
	Writer *Writer
	Sheets *Sheets
	Log    *slog.Logger
}

// ListWorkOrders serves GET /api/v1/work-orders.
func (h *Handler) ListWorkOrders(c *fiber.Ctx) error {
	limit, err := param.Limit(c.Query("limit"))
	if err != nil {
		return err
	}
	cursor, err := param.ParseCursor(c.Query("cursor"))
	if err != nil {
		return err
	}
	f := Filter{Scope: accounts.ScopeOf(c)}
	if f.Status, err = param.Enum("status", c.Query("status"), Statuses); err != nil {
		return err
	}
	for name, dst := range map[string]**uuid.UUID{
		"request_id": &f.RequestID, "site_id": &f.SiteID, "commune_id": &f.CommuneID, "asset_id": &f.AssetID,
	} {
		if *dst, err = param.FilterID(name, c.Query(name)); err != nil {
			return err
		}
	}

	page, err := WorkOrders(c.UserContext(), h.Store.Reader, f, limit, cursor)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// GetWorkOrder serves GET /api/v1/work-orders/{id}.
func (h *Handler) GetWorkOrder(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	wo, err := visible(c.UserContext(), h.Store.Reader, sync.ActorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(wo)
}

// CreateWorkOrder serves POST /api/v1/work-orders.
func (h *Handler) CreateWorkOrder(c *fiber.Ctx) error {
	var body WorkOrderBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	wo, err := h.Writer.Create(c.UserContext(), actor, body)
	if err != nil {
		return err
	}
	h.Log.Info("work order created", "work_order_id", wo.ID, "site_id", wo.SiteID, "status", wo.Status, "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(wo)
}

// UpdateWorkOrder serves PATCH /api/v1/work-orders/{id}.
func (h *Handler) UpdateWorkOrder(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body WorkOrderBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	wo, err := h.Writer.Change(c.UserContext(), actor, id, body)
	if err != nil {
		return err
	}
	h.Log.Info("work order updated", "work_order_id", wo.ID, "status", wo.Status, "actor_id", actor.UserID)
	return c.JSON(wo)
}

// ListTimeEntries serves GET /api/v1/work-orders/{id}/time-entries.
func (h *Handler) ListTimeEntries(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	if _, err := visible(c.UserContext(), h.Store.Reader, sync.ActorOf(c), id); err != nil {
		return err
	}
	entries, err := TimeEntries(c.UserContext(), h.Store.Reader, id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": entries})
}

// AddTimeEntry serves POST /api/v1/work-orders/{id}/time-entries. It
// returns the entry and the work order with its new work time.
func (h *Handler) AddTimeEntry(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body TimeEntryBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	e, wo, err := h.Writer.AddTimeEntry(c.UserContext(), actor, id, body)
	if err != nil {
		return err
	}
	h.Log.Info("time entry added", "work_order_id", id, "time_entry_id", e.ID, "kind", e.Kind, "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(fiber.Map{"time_entry": e, "work_order": wo})
}

// checkItem is one action of the checklist with its label.
type checkItem struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// ListChecklist serves GET /api/v1/work-orders/checklist: the codes of
// the checklist with their labels in the caller's language.
func (h *Handler) ListChecklist(c *fiber.Ctx) error {
	lang := i18n.Parse(c.AcceptsLanguages(string(i18n.French), string(i18n.English)))
	items := make([]checkItem, len(ChecklistCodes))
	for i, code := range ChecklistCodes {
		items[i] = checkItem{Code: code, Label: ChecklistLabel(code).Text(lang)}
	}
	return c.JSON(fiber.Map{"items": items})
}

// ChecklistLabel returns the label of a checklist code, such as
// « Mises à jour installées » for updates_installed.
func ChecklistLabel(code string) i18n.Message {
	return i18n.Msg("work_order_check_" + code)
}
