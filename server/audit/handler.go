package audit

import (
	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/param"
)

// Entities lists the kinds of record the audit log covers.
var Entities = []string{
	"user", "session", "commune", "site", "room", "asset", "tag_batch", "tag", "settings",
	"request", "request_comment", "problem_report", "work_order", "time_entry",
	"loan", "loan_spare", "maintenance_campaign", "maintenance_visit", "maintenance_check",
	"file",
}

// Handler serves the audit log of one record, for technicians.
type Handler struct {
	DB *bun.DB
}

// ListEntries serves GET /api/v1/audit?entity=...&id=...
func (h *Handler) ListEntries(c *fiber.Ctx) error {
	entity, err := param.Enum("entity", c.Query("entity"), Entities)
	if err != nil {
		return err
	}
	if entity == "" {
		return apierr.BadRequest("invalid_filter", "audit_entity_required")
	}
	id, err := param.ID(c.Query("id"))
	if err != nil {
		return err
	}

	entries, err := Entries(c.UserContext(), h.DB, entity, id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": entries, "total": len(entries), "next": ""})
}
