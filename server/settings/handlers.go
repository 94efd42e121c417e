package settings

import (
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/i18n"
)

// Handler serves the deployment settings: technicians change them,
// committee members read them.
type Handler struct {
	Settings *Service
	Log      *slog.Logger
}

// Settings is the body of GET and PATCH /api/v1/settings.
type Settings struct {
	Settings map[string]Item `json:"settings"`
}

// GetSettings serves GET /api/v1/settings.
func (h *Handler) GetSettings(c *fiber.Ctx) error {
	snap, err := h.Settings.Current(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(Settings{Settings: snap.View()})
}

// UpdateSettings serves PATCH /api/v1/settings: the body maps keys to
// their new values, and keys left out stay as they are.
func (h *Handler) UpdateSettings(c *fiber.Ctx) error {
	var patch map[string]json.RawMessage
	if err := json.Unmarshal(c.Body(), &patch); err != nil || patch == nil {
		return apierr.BadRequest("invalid_json", "invalid_json")
	}
	actor := accounts.PrincipalOf(c).User.ID

	snap, changed, err := h.Settings.Update(c.UserContext(), &actor, patch)
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		h.Log.Info("settings updated", "actor_id", actor, "keys", changed)
	}
	return c.JSON(Settings{Settings: snap.View()})
}

// ImportSchoolHolidays serves POST /api/v1/settings/school-holidays/import:
// it reads the ranges of an iCalendar file and returns them without
// saving them, for the client to show, edit and save with PATCH.
func (h *Handler) ImportSchoolHolidays(c *fiber.Ctx) error {
	if ct := c.Get(fiber.HeaderContentType); ct != "" {
		media, _, err := mime.ParseMediaType(ct)
		if err != nil || (media != "text/calendar" && media != "application/octet-stream") {
			return apierr.BadRequest("invalid_calendar", "ical_content_type")
		}
	}

	ranges, err := ParseHolidays(c.Body())
	var ie *icalError
	if errors.As(err, &ie) {
		return &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_calendar", Message: ie.Message(), Cause: err}
	}
	if err != nil {
		return err
	}
	switch {
	case len(ranges) == 0:
		return fileError(i18n.Msg("ical_empty"))
	case len(ranges) > MaxHolidays:
		return fileError(i18n.Msg("ical_too_many", len(ranges), MaxHolidays))
	}
	return c.JSON(fiber.Map{"ranges": ranges})
}

func fileError(m i18n.Message) *apierr.Error {
	return &apierr.Error{
		Status: http.StatusUnprocessableEntity, Code: "invalid_fields",
		Message: i18n.Msg("invalid_fields"), Fields: map[string]i18n.Message{"file": m},
	}
}
