package reports

import (
	"context"
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // Europe/Paris on machines without a time zone database

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/i18n"
	"parc/server/param"
	"parc/server/store"
)

// Years a report may cover.
const (
	minYear = 2000
	maxYear = 2100
	// ProjectionYears is how many years the projection of the fleet
	// covers after the report's year.
	ProjectionYears = 5
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
	// Growth returns the setting fleet_growth_percent in force.
	Growth func(ctx context.Context) (float64, error)
	// Organisation returns the organisation's name, for the PDF's title.
	Organisation func(ctx context.Context) (string, error)
}

// CommuneTimes serves GET /api/v1/reports/communes?year=YYYY: the report
// of each commune in the year, the current one in Europe/Paris by
// default, or in the days from and to of that year; commune_id narrows
// it to one commune. view=time returns only the time of each commune in
// the year, which the home screen reads, without computing the rest.
func (h *Handler) CommuneTimes(c *fiber.Ctx) error {
	switch c.Query("view") {
	case "time":
		return h.times(c)
	case "", "full":
	default:
		return apierr.BadRequest("invalid_filter", "report_view", apierr.Quote(c.Query("view")))
	}
	r, err := h.report(c)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// CommunesPDF serves GET /api/v1/reports/communes.pdf: the report as a
// PDF, a summary page then a section per commune starting on a new page,
// in the caller's language.
func (h *Handler) CommunesPDF(c *fiber.Ctx) error {
	r, err := h.report(c)
	if err != nil {
		return err
	}
	org, err := h.Organisation(c.UserContext())
	if err != nil {
		return err
	}
	data, err := RenderPDF(r, PDFOptions{Lang: language(c), Organisation: org, MadeOn: time.Now().In(paris)})
	if err != nil {
		return err
	}
	return h.send(c, r, "application/pdf", "pdf", data)
}

// CommunesCSV serves GET /api/v1/reports/communes.csv: one line per
// commune then the totals, in UTF-8 with a byte order mark; separator=;
// suits a French spreadsheet.
func (h *Handler) CommunesCSV(c *fiber.Ctx) error {
	sep, err := readSeparator(c.Query("separator"))
	if err != nil {
		return err
	}
	r, err := h.report(c)
	if err != nil {
		return err
	}
	data, err := RenderCSV(r, CSVOptions{Lang: language(c), Separator: sep})
	if err != nil {
		return err
	}
	return h.send(c, r, "text/csv; charset=utf-8", "csv", data)
}

// times serves the time lines of the year of ?year= for the caller's
// communes.
func (h *Handler) times(c *fiber.Ctx) error {
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

func (h *Handler) send(c *fiber.Ctx, r Report, contentType, ext string, data []byte) error {
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+FileName(r, ext)+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	return c.Send(data)
}

// FileName returns the name of the report's file: rapport-2026.pdf, or
// rapport-2026-03-01-2026-06-30.csv for part of a year.
func FileName(r Report, ext string) string {
	if r.Period == WholeYear(r.Year) {
		return "rapport-" + strconv.Itoa(r.Year) + "." + ext
	}
	return "rapport-" + r.From.String() + "-" + r.To.String() + "." + ext
}

// report reads the query of a report request and builds it.
func (h *Handler) report(c *fiber.Ctx) (Report, error) {
	p, err := ReadPeriod(c.Query("year"), c.Query("from"), c.Query("to"))
	if err != nil {
		return Report{}, err
	}
	scope, err := narrow(c.UserContext(), h.Store.Reader, accounts.ScopeOf(c), c.Query("commune_id"))
	if err != nil {
		return Report{}, err
	}
	growth, err := h.Growth(c.UserContext())
	if err != nil {
		return Report{}, err
	}
	return Build(c.UserContext(), h.Store.Reader, Options{
		Scope: scope, Period: p, Today: Today(), GrowthPercent: growth, ProjectionYears: ProjectionYears,
	})
}

// narrow returns scope reduced to the commune of id, or scope itself
// when id is empty. A commune outside scope is a 404, as if it did not
// exist, and so is a commune that does not exist (an archived one does).
func narrow(ctx context.Context, db bun.IDB, scope accounts.Scope, id string) (accounts.Scope, error) {
	if id == "" {
		return scope, nil
	}
	commune, err := param.ID(id)
	if err != nil {
		return scope, err
	}
	if !scope.Allows(commune) {
		return scope, apierr.NotFound("report_commune_not_found", commune.String())
	}

	exists, err := db.NewSelect().Table("communes").Where("id = ?", commune).Exists(ctx)
	if err != nil {
		return scope, fmt.Errorf("look up commune %s for the report: %w", commune, err)
	}
	if !exists {
		return scope, apierr.NotFound("report_commune_not_found", commune.String())
	}
	return accounts.Scope{Communes: []uuid.UUID{commune}}, nil
}

// language returns the language of a file: ?lang=fr or en, which a
// download link of the app sets, else the request's Accept-Language,
// French by default.
func language(c *fiber.Ctx) i18n.Lang {
	if lang := c.Query("lang"); lang != "" {
		return i18n.Parse(lang)
	}
	return i18n.Parse(c.AcceptsLanguages(string(i18n.French), string(i18n.English)))
}

// readSeparator reads ?separator=: a comma by default, or a semicolon.
func readSeparator(text string) (rune, error) {
	switch text {
	case "", ",":
		return ',', nil
	case ";":
		return ';', nil
	}
	return 0, apierr.BadRequest("invalid_filter", "report_separator", apierr.Quote(text))
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
