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

// TemplateView is a template as the API lists it.
type TemplateView struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Source       string  `json:"source"`
	Format       string  `json:"format"`
	Roll         bool    `json:"roll"`
	PerPage      int     `json:"per_page"`
	PageWidth    float64 `json:"page_width_mm"`
	PageHeight   float64 `json:"page_height_mm"`
	LabelWidth   float64 `json:"label_width_mm"`
	LabelHeight  float64 `json:"label_height_mm"`
	MarginLeft   float64 `json:"margin_left_mm"`
	MarginTop    float64 `json:"margin_top_mm"`
	PitchX       float64 `json:"pitch_x_mm"`
	PitchY       float64 `json:"pitch_y_mm"`
	CornerRadius float64 `json:"corner_radius_mm"`
	Columns      int     `json:"columns"`
	Rows         int     `json:"rows"`
	DPI          int     `json:"dpi,omitempty"`
}

// ListTemplates serves GET /api/v1/label-templates.
func (h *Handler) ListTemplates(c *fiber.Ctx) error {
	var views []TemplateView
	for _, t := range labels.Templates() {
		views = append(views, TemplateView{
			ID: t.ID, Name: t.Name, Source: t.Source, Format: t.Format, Roll: t.Roll, PerPage: t.PerPage(),
			PageWidth: t.PageWidth, PageHeight: t.PageHeight, LabelWidth: t.LabelWidth, LabelHeight: t.LabelHeight,
			MarginLeft: t.MarginLeft, MarginTop: t.MarginTop, PitchX: t.PitchX, PitchY: t.PitchY,
			CornerRadius: t.CornerRadius, Columns: t.Columns, Rows: t.Rows, DPI: t.DPI,
		})
	}
	return c.JSON(fiber.Map{"items": views})
}

// VoidTag serves POST /api/v1/tags/{tag}/void: a lost or destroyed label.
func (h *Handler) VoidTag(c *fiber.Ctx) error {
	snap, err := h.Printer.Settings.Current(c.UserContext())
	if err != nil {
		return err
	}
	prefix := snap.Values.TagPrefix
	t, err := labels.ParseAnyPrefix(prefix, c.Params("tag"))
	if err != nil {
		return assets.TagError(err, prefix)
	}
	actor := accounts.PrincipalOf(c).User.ID
	row, err := Void(c.UserContext(), h.Printer.Store.DB, &actor, t)
	if err != nil {
		return err
	}
	h.Log.Info("tag voided", "actor_id", actor, "tag", row.Tag)
	return c.JSON(row)
}
