package workorders

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"parc/server/assets"
	"parc/server/i18n"
	"parc/server/param"
	"parc/server/sync"
)

// GetPDF serves GET /api/v1/work-orders/{id}/pdf: the work order's PDF
// in its current state, in the caller's language (Accept-Language, French by
// default), to every user who may read the work order.
func (h *Handler) GetPDF(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	wo, err := visible(ctx, h.Store.Reader, sync.ActorOf(c), id)
	if err != nil {
		return err
	}
	lang := i18n.Parse(c.AcceptsLanguages(string(i18n.French), string(i18n.English)))
	data, err := h.Sheets.Render(ctx, h.Store.Reader, wo, lang, time.Now().In(paris))
	if err != nil {
		return err
	}

	commune, err := assets.CommuneByID(ctx, h.Store.Reader, wo.CommuneID)
	if err != nil {
		return err
	}

	// A slug is lower-case ASCII letters, digits and hyphens, safe in a
	// quoted header value.
	name := "bon-intervention-" + wo.WorkedOn.Format(time.DateOnly) + "-" + commune.Slug + ".pdf"
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	return c.Status(http.StatusOK).Send(data)
}
