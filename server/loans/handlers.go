package loans

import (
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
	"parc/server/param"
	"parc/server/store"
	"parc/server/sync"
)

// Handler serves the loans API. A correspondent reads the loans of their
// communes only: any other loan does not exist for them.
type Handler struct {
	Store  *store.Store
	Writer *Writer
	Log    *slog.Logger
}

// ListLoans serves GET /api/v1/loans.
func (h *Handler) ListLoans(c *fiber.Ctx) error {
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
	if f.CommuneID, err = param.FilterID("commune_id", c.Query("commune_id")); err != nil {
		return err
	}
	if f.AssetID, err = param.FilterID("asset_id", c.Query("asset_id")); err != nil {
		return err
	}

	page, err := Loans(c.UserContext(), h.Store.Reader, f, limit, cursor)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// GetLoan serves GET /api/v1/loans/{id}.
func (h *Handler) GetLoan(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	l, err := visible(c.UserContext(), h.Store.Reader, sync.ActorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

// CheckOut serves POST /api/v1/loans.
func (h *Handler) CheckOut(c *fiber.Ctx) error {
	var body LoanBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	l, err := h.Writer.CheckOut(c.UserContext(), actor, body)
	if err != nil {
		return err
	}
	h.Log.Info("loan checked out", "loan_id", l.ID, "asset_id", l.AssetID, "site_id", l.SiteID, "due_date", l.DueDate.String(), "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(l)
}

// UpdateLoan serves PATCH /api/v1/loans/{id}.
func (h *Handler) UpdateLoan(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body LoanBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	l, err := h.Writer.Change(c.UserContext(), actor, id, body)
	if err != nil {
		return err
	}
	h.Log.Info("loan updated", "loan_id", l.ID, "due_date", l.DueDate.String(), "actor_id", actor.UserID)
	return c.JSON(l)
}

// ReturnLoan serves POST /api/v1/loans/{id}/return.
func (h *Handler) ReturnLoan(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body LoanBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	l, err := h.Writer.Return(c.UserContext(), actor, id, body)
	if err != nil {
		return err
	}
	h.logReturn(l, actor)
	return c.JSON(l)
}

// ReturnByTag serves POST /api/v1/loans/by-tag/{tag}/return.
func (h *Handler) ReturnByTag(c *fiber.Ctx) error {
	tag := c.Params("tag")
	var body LoanBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	l, err := h.Writer.ReturnByTag(c.UserContext(), actor, tag, body)
	if err != nil {
		return err
	}
	h.logReturn(l, actor)
	return c.JSON(l)
}

func (h *Handler) logReturn(l Loan, actor sync.Actor) {
	h.Log.Info("loan returned", "loan_id", l.ID, "asset_id", l.AssetID, "condition", *l.ReturnCondition, "actor_id", actor.UserID)
}

// ListSpares serves GET /api/v1/spares.
func (h *Handler) ListSpares(c *fiber.Ctx) error {
	spares, err := Spares(c.UserContext(), h.Store.Reader, accounts.ScopeOf(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": spares})
}

// AddSpare serves POST /api/v1/spares: 201 when the PC joins the pool,
// 200 when it was there already.
func (h *Handler) AddSpare(c *fiber.Ctx) error {
	var body LoanBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	spare, created, err := h.Writer.AddSpare(c.UserContext(), actor, body.Asset)
	if err != nil {
		return err
	}
	if !created {
		return c.JSON(spare)
	}
	h.Log.Info("spare PC added", "asset_id", spare.AssetID, "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(spare)
}

// RemoveSpare serves DELETE /api/v1/spares/{asset_id}.
func (h *Handler) RemoveSpare(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("asset_id"))
	if err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	if err := h.Writer.RemoveSpare(c.UserContext(), actor, id); err != nil {
		return err
	}
	h.Log.Info("spare PC removed", "asset_id", id, "actor_id", actor.UserID)
	return c.SendStatus(http.StatusNoContent)
}
