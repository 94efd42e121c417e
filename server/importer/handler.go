package importer

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/i18n"
	"parc/server/sync"
)

// Path is the route of the import, which reads bodies up to
// MaxFileBytes.
const Path = "/api/v1/import/assets"

// Handler serves POST /api/v1/import/assets.
type Handler struct {
	Importer *Importer
	Log      *slog.Logger
}

// ImportAssets reads a CSV file, sent as the "file" field of a multipart
// form or as a text/csv body, and imports it; with ?dry_run=true it
// checks every line and writes nothing, and with ?allow_partial=true it
// writes the lines without fault even when others have one. A "map"
// form field, or the ?map= parameter, holds a JSON object from headers
// to fields. The response is the report, with 200 for a dry run or a
// written import. When faults left the database as it was, it is the 422
// error envelope, whose member current contains the report.
func (h *Handler) ImportAssets(c *fiber.Ctx) error {
	actor := sync.ActorOf(c)
	if actor.Role != accounts.RoleTechnician {
		return apierr.New(http.StatusForbidden, "forbidden", "import_technicians")
	}
	opts, err := readOptions(c)
	if err != nil {
		return err
	}
	data, err := readFile(c)
	if err != nil {
		return err
	}

	report, err := h.Importer.Run(c.UserContext(), &actor.UserID, data, opts)
	if err != nil {
		return FileError(err)
	}
	h.Log.Info("inventory imported", "user_id", actor.UserID, "dry_run", opts.DryRun, "lines", report.Counts.Lines,
		"created", report.Counts.Created, "updated", report.Counts.Updated, "failed", report.Counts.Failed, "written", report.Written)
	lang := i18n.Parse(c.AcceptsLanguages(string(i18n.French), string(i18n.English)))
	if report.Failed() && !opts.DryRun && !report.Written {
		e := apierr.New(http.StatusUnprocessableEntity, "import_failed", "import_failed", report.Counts.Failed+len(report.Missing))
		e.Current = report.In(lang)
		return e
	}
	return c.JSON(report.In(lang))
}

func readOptions(c *fiber.Ctx) (Options, error) {
	var opts Options
	for _, p := range []struct {
		name string
		dst  *bool
	}{{"dry_run", &opts.DryRun}, {"allow_partial", &opts.AllowPartial}} {
		text := c.Query(p.name)
		if text == "" {
			continue
		}
		v, err := strconv.ParseBool(text)
		if err != nil {
			return opts, apierr.BadRequest("invalid_value", "import_flag_invalid", apierr.Quote(text), p.name)
		}
		*p.dst = v
	}

	mapping := c.Query("map")
	if form, err := c.MultipartForm(); err == nil && len(form.Value["map"]) > 0 {
		mapping = form.Value["map"][0]
	}
	if strings.TrimSpace(mapping) == "" {
		return opts, nil
	}
	fields := strings.Join(Fields, ", ")
	if err := json.Unmarshal([]byte(mapping), &opts.Map); err != nil {
		return opts, apierr.BadRequest("invalid_value", "import_map_not_json", fields)
	}
	for header, field := range opts.Map {
		if field != Ignore && field != "" && !slices.Contains(Fields, field) {
			return opts, apierr.BadRequest("invalid_value", "import_map_field_unknown", apierr.Quote(header), apierr.Quote(field), fields)
		}
	}
	return opts, nil
}

// readFile returns the file of a multipart form or the whole body.
func readFile(c *fiber.Ctx) ([]byte, error) {
	var data []byte
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		fh, err := c.FormFile("file")
		if err != nil {
			return nil, apierr.BadRequest("file_missing", "import_file_missing")
		}
		if fh.Size > MaxFileBytes {
			return nil, tooLarge(int(fh.Size))
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if data, err = io.ReadAll(f); err != nil {
			return nil, err
		}
	} else {
		data = append([]byte(nil), c.Body()...)
		if len(data) == 0 {
			return nil, apierr.BadRequest("file_missing", "import_file_missing")
		}
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge(len(data))
	}
	return data, nil
}

func tooLarge(size int) error {
	const mib = 1 << 20
	return apierr.New(http.StatusRequestEntityTooLarge, "body_too_large", "import_file_too_large",
		float64(size)/mib, float64(MaxFileBytes)/mib)
}

// FileError returns the 400 of a file that cannot be read, and err
// itself for any other error.
func FileError(err error) error {
	var syntax *SyntaxError
	switch {
	case errors.As(err, &syntax) && errors.Is(syntax.Err, ErrQuoteOpen):
		return apierr.BadRequest("invalid_file", "import_quote_open", syntax.Line)
	case errors.As(err, &syntax) && errors.Is(syntax.Err, ErrCellRows):
		return apierr.BadRequest("invalid_file", "import_cell_rows", syntax.Line)
	case errors.As(err, &syntax) && errors.Is(syntax.Err, ErrCellLong):
		return apierr.BadRequest("invalid_file", "import_cell_long", syntax.Line, maxCellBytes)
	case errors.As(err, &syntax):
		return apierr.BadRequest("invalid_file", "import_file_unreadable", syntax.Line, syntax.Err.Error())
	case errors.Is(err, ErrEmpty):
		return apierr.BadRequest("invalid_file", "import_file_empty")
	case errors.Is(err, ErrNotText):
		return apierr.BadRequest("invalid_file", "import_file_not_csv")
	}
	return err
}
