package tags

import (
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"parc/labels"
	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
)

// Handler serves label printing and the tag registry, for technicians.
type Handler struct {
	Printer *Printer
	Log     *slog.Logger
}

// PrintLabels serves POST /api/v1/labels: it reserves a batch of new tags,
// or counts reprints, and returns the labels as PDF or ZPL.
func (h *Handler) PrintLabels(c *fiber.Ctx) error {
	var req PrintRequest
	if err := json.Unmarshal(c.Body(), &req); err != nil {
		return apierr.BadRequest("invalid_json", "invalid_json")
	}
	actor := accounts.PrincipalOf(c).User.ID

	out, err := h.Printer.Print(c.UserContext(), &actor, req)
	if err != nil {
		return err
	}
	first, last := out.Tags[0].String(), out.Tags[len(out.Tags)-1].String()
	h.Log.Info("labels printed", "actor_id", actor, "template", req.Template, "count", len(out.Tags), "first", first, "last", last)

	ext := "pdf"
	if out.ContentType != "application/pdf" {
		ext = "zpl"
	}
	c.Set(fiber.HeaderContentType, out.ContentType)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="etiquettes-%s-%s.%s"`, first, last, ext))
	c.Set("X-Parc-Tags", fmt.Sprintf("%s..%s", first, last))
	return c.Send(out.Content)
}

// ListTemplates serves GET /api/v1/label-templates.
func (h *Handler) ListTemplates(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"items": labels.Templates()})
}

// VoidTag serves POST /api/v1/tags/{tag}/void: a lost or destroyed label.
func (h *Handler) VoidTag(c *fiber.Ctx) error {
	t, err := labels.Parse(h.Printer.TagPrefix, c.Params("tag"))
	if err != nil {
		return assets.TagError(err, h.Printer.TagPrefix)
	}
	actor := accounts.PrincipalOf(c).User.ID
	row, err := Void(c.UserContext(), h.Printer.Store.DB, &actor, t)
	if err != nil {
		return err
	}
	h.Log.Info("tag voided", "actor_id", actor, "tag", row.Tag)
	return c.JSON(row)
}
