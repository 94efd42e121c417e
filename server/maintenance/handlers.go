package maintenance

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/param"
	"parc/server/store"
	"parc/server/sync"
)

// Handler serves the maintenance API. A correspondent reads the visits,
// checks and coverage of their communes only.
type Handler struct {
	Store  *store.Store
	Writer *Writer
	Log    *slog.Logger
}

// ListCampaigns serves GET /api/v1/maintenance/campaigns.
func (h *Handler) ListCampaigns(c *fiber.Ctx) error {
	list, err := Campaigns(c.UserContext(), h.Store.Reader)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list})
}

// CreateCampaign serves POST /api/v1/maintenance/campaigns.
func (h *Handler) CreateCampaign(c *fiber.Ctx) error {
	var body CampaignBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	created, err := h.Writer.CreateCampaign(c.UserContext(), actor, body)
	if err != nil {
		return err
	}
	h.Log.Info("maintenance campaign created", "campaign_id", created.ID, "year", created.Year, "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(created)
}

// GetCampaign serves GET /api/v1/maintenance/campaigns/{year}: the
// campaign with its coverage over the caller's communes.
func (h *Handler) GetCampaign(c *fiber.Ctx) error {
	text := c.Params("year")
	year, err := strconv.Atoi(text)
	if err != nil || year < minYear || year > maxYear {
		return apierr.BadRequest("invalid_year", "maintenance_year_unreadable", apierr.Quote(text), minYear, maxYear)
	}
	report, err := CampaignReport(c.UserContext(), h.Store.Reader, accounts.ScopeOf(c), year)
	if errors.Is(err, store.ErrNotFound) {
		return apierr.NotFound("maintenance_campaign_not_found", year)
	}
	if err != nil {
		return err
	}
	return c.JSON(report)
}

// ListVisits serves GET /api/v1/maintenance/visits.
func (h *Handler) ListVisits(c *fiber.Ctx) error {
	limit, err := param.Limit(c.Query("limit"))
	if err != nil {
		return err
	}
	cursor, err := param.ParseCursor(c.Query("cursor"))
	if err != nil {
		return err
	}
	f := VisitFilter{Scope: accounts.ScopeOf(c)}
	if f.Status, err = param.Enum("status", c.Query("status"), Statuses); err != nil {
		return err
	}
	for name, dst := range map[string]**uuid.UUID{"commune_id": &f.CommuneID, "site_id": &f.SiteID} {
		if *dst, err = param.FilterID(name, c.Query(name)); err != nil {
			return err
		}
	}
	if text := c.Query("year"); text != "" {
		if f.Year, err = strconv.Atoi(text); err != nil || f.Year < minYear || f.Year > maxYear {
			return apierr.BadRequest("invalid_filter", "maintenance_year_unreadable", apierr.Quote(text), minYear, maxYear)
		}
	}

	page, err := Visits(c.UserContext(), h.Store.Reader, f, limit, cursor)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// GetVisit serves GET /api/v1/maintenance/visits/{id}, with its checks.
func (h *Handler) GetVisit(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	v, err := visibleVisit(c.UserContext(), h.Store.Reader, sync.ActorOf(c), id)
	if err != nil {
		return err
	}
	checks, err := Checks(c.UserContext(), h.Store.Reader, id)
	if err != nil {
		return err
	}
	return c.JSON(VisitDetail{Visit: v, Checks: checks})
}

// CreateVisit serves POST /api/v1/maintenance/visits.
func (h *Handler) CreateVisit(c *fiber.Ctx) error {
	var body VisitBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	v, err := h.Writer.CreateVisit(c.UserContext(), actor, body)
	if err != nil {
		return err
	}
	h.Log.Info("maintenance visit planned", "visit_id", v.ID, "site_id", v.SiteID, "planned_for", v.PlannedFor.String(), "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(v)
}

// UpdateVisit serves PATCH /api/v1/maintenance/visits/{id}.
func (h *Handler) UpdateVisit(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body VisitBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	v, err := h.Writer.ChangeVisit(c.UserContext(), actor, id, body)
	if err != nil {
		return err
	}
	h.Log.Info("maintenance visit updated", "visit_id", v.ID, "status", v.Status, "actor_id", actor.UserID)
	return c.JSON(v)
}

// AddCheck serves POST /api/v1/maintenance/visits/{id}/checks.
func (h *Handler) AddCheck(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	var body CheckBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	actor := sync.ActorOf(c)
	check, err := h.Writer.AddCheck(c.UserContext(), actor, id, body)
	if err != nil {
		return err
	}
	h.Log.Info("maintenance check recorded", "visit_id", id, "check_id", check.ID, "asset_id", check.AssetID, "done", check.Done, "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(check)
}
