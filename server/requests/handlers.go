package requests

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/param"
	"parc/server/store"
	"parc/server/sync"
)

// Handler serves the requests API. Every route checks the caller's
// communes: a request of another commune does not exist for a
// correspondent.
type Handler struct {
	Store  *store.Store
	Writer *Writer
	Log    *slog.Logger
}

// ListRequests serves GET /api/v1/requests.
func (h *Handler) ListRequests(c *fiber.Ctx) error {
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
	for name, dst := range map[string]**uuid.UUID{"commune_id": &f.CommuneID, "site_id": &f.SiteID, "asset_id": &f.AssetID} {
		if *dst, err = param.FilterID(name, c.Query(name)); err != nil {
			return err
		}
	}

	page, err := Requests(c.UserContext(), h.Store.Reader, f, limit, cursor)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// GetRequest serves GET /api/v1/requests/{id}.
func (h *Handler) GetRequest(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	r, err := visible(c.UserContext(), h.Store.Reader, sync.ActorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// CreateRequest serves POST /api/v1/requests.
func (h *Handler) CreateRequest(c *fiber.Ctx) error {
	var body RequestBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	r, err := h.Writer.Create(c.UserContext(), actor, body)
	if err != nil {
		return err
	}
	h.Log.Info("request created", "request_id", r.ID, "site_id", r.SiteID, "urgency", r.Urgency, "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(r)
}

// UpdateRequest serves PATCH /api/v1/requests/{id}.
func (h *Handler) UpdateRequest(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body RequestBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	r, err := h.Writer.Change(c.UserContext(), actor, id, body)
	if err != nil {
		return err
	}
	h.Log.Info("request updated", "request_id", r.ID, "status", r.Status, "actor_id", actor.UserID)
	return c.JSON(r)
}

// ListComments serves GET /api/v1/requests/{id}/comments.
func (h *Handler) ListComments(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	if _, err := visible(c.UserContext(), h.Store.Reader, sync.ActorOf(c), id); err != nil {
		return err
	}
	comments, err := Comments(c.UserContext(), h.Store.Reader, id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": comments})
}

// AddComment serves POST /api/v1/requests/{id}/comments.
func (h *Handler) AddComment(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body CommentBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	comment, err := h.Writer.AddComment(c.UserContext(), actor, id, body)
	if err != nil {
		return err
	}
	h.Log.Info("request comment added", "request_id", id, "comment_id", comment.ID, "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(comment)
}

// ListReports serves GET /api/v1/problem-reports?status=.
func (h *Handler) ListReports(c *fiber.Ctx) error {
	status, err := param.Enum("status", c.Query("status"), ReportStatuses)
	if err != nil {
		return err
	}
	reports, err := Reports(c.UserContext(), h.Store.Reader, accounts.ScopeOf(c), status)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": reports})
}

// GetReport serves GET /api/v1/problem-reports/{id}: the report, to a
// user who may see its commune, and the 404 of an unknown id to anyone
// else.
func (h *Handler) GetReport(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	r, err := ReportByID(c.UserContext(), h.Store.Reader, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !accounts.ScopeOf(c).Allows(r.CommuneID) {
		return apierr.NotFound("problem_report_not_found", id.String())
	}
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// ConvertReport serves POST /api/v1/problem-reports/{id}/convert.
func (h *Handler) ConvertReport(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body ConvertBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	r, err := h.Writer.Convert(c.UserContext(), actor, id, body)
	if err != nil {
		return err
	}
	h.Log.Info("problem report converted", "report_id", id, "request_id", r.ID, "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(r)
}

// DismissReport serves POST /api/v1/problem-reports/{id}/dismiss.
func (h *Handler) DismissReport(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	r, err := h.Writer.Dismiss(c.UserContext(), actor, id, body.Reason)
	if err != nil {
		return err
	}
	h.Log.Info("problem report dismissed", "report_id", id, "actor_id", actor.UserID)
	return c.JSON(r)
}
