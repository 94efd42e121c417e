package export

import (
	"bytes"
	"context"
	"io"
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/store"
)

// Handler serves the CSV exports. Every role may call them, and a
// correspondent gets only the communes they are responsible for.
type Handler struct {
	Store *store.Store
	Log   *slog.Logger
}

// Writers maps the name of each export to its function.
var Writers = map[string]func(ctx context.Context, db bun.IDB, req Request, out io.Writer) error{
	"assets":       Assets,
	"work-orders":  WorkOrders,
	"time-entries": TimeEntries,
}

// ParseSeparator reads the sep parameter: ",", ";" or "semicolon", and
// "" for the default ','.
func ParseSeparator(text string) (rune, error) {
	switch text {
	case "", ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	}
	return 0, apierr.BadRequest("invalid_value", "export_separator_invalid", apierr.Quote(text))
}

// GetAssets serves GET /api/v1/export/assets.csv.
func (h *Handler) GetAssets(c *fiber.Ctx) error {
	return h.send(c, "assets")
}

// GetWorkOrders serves GET /api/v1/export/work-orders.csv.
func (h *Handler) GetWorkOrders(c *fiber.Ctx) error {
	return h.send(c, "work-orders")
}

// GetTimeEntries serves GET /api/v1/export/time-entries.csv.
func (h *Handler) GetTimeEntries(c *fiber.Ctx) error {
	return h.send(c, "time-entries")
}

func (h *Handler) send(c *fiber.Ctx, name string) error {
	sep, err := ParseSeparator(c.Query("sep"))
	if err != nil {
		return err
	}

	var buf bytes.Buffer
	req := Request{Scope: accounts.ScopeOf(c), Separator: sep}
	if err := Writers[name](c.UserContext(), h.Store.Reader, req, &buf); err != nil {
		return err
	}

	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`.csv"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}
