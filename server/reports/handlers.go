package reports

import (
	"strconv"
	"time"
	_ "time/tzdata" // Europe/Paris on machines without a time zone database

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/store"
)

// Years a report may cover.
const (
	minYear = 2000
	maxYear = 2100
)

// paris is the zone of the current year, which a report covers by
// default.
var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("reports: load time zone Europe/Paris: " + err.Error())
	}
	return loc
}()

// Handler serves the reports API. A correspondent gets the lines of
// their communes only.
type Handler struct {
	Store *store.Store
}

// CommuneTimes serves GET /api/v1/reports/communes?year=YYYY: the work
// time of each commune in the year, the current one in Europe/Paris by
// default, against its allowance.
func (h *Handler) CommuneTimes(c *fiber.Ctx) error {
	year, err := readYear(c.Query("year"))
	if err != nil {
		return err
	}
	items, err := CommuneTimes(c.UserContext(), h.Store.Reader, accounts.ScopeOf(c), year)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"year": year, "items": items})
}

// readYear reads ?year=, the current year when it is absent.
func readYear(text string) (int, error) {
	if text == "" {
		return time.Now().In(paris).Year(), nil
	}
	year, err := strconv.Atoi(text)
	if err != nil || len(text) != 4 || year < minYear || year > maxYear {
		return 0, apierr.BadRequest("invalid_filter", "report_year", apierr.Quote(text), minYear, maxYear)
	}
	return year, nil
}
