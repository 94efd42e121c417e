package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/assets"
)

// bom starts every file, so that spreadsheet programs read it as UTF-8.
const bom = "\uFEFF"

// Paris is the zone that times are written in.
var Paris = mustLoad("Europe/Paris")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("export: load time zone %s: %v", name, err))
	}
	return loc
}

// Request is one export: the communes it covers and its separator.
type Request struct {
	Scope accounts.Scope
	// Separator is ';' or ','.
	Separator rune
}

// empty reports whether a scope covers no commune, such as that of a
// correspondent without communes: the export then has its header only.
func (r Request) empty() bool {
	return !r.Scope.All && len(r.Scope.Communes) == 0
}

// scan runs q, which joins sites AS s, on the communes of r's scope into
// dest, or into q's model when dest is empty. An empty scope selects
// nothing, without a query. records names the records in errors.
func (r Request) scan(ctx context.Context, q *bun.SelectQuery, records string, dest ...any) error {
	if r.empty() {
		return nil
	}
	if !r.Scope.All {
		q = q.Where("s.commune_id IN (?)", bun.In(r.Scope.Communes))
	}
	if err := q.Scan(ctx, dest...); err != nil {
		return fmt.Errorf("select %s to export: %w", records, err)
	}
	return nil
}

// line is one record of an export file.
type line interface {
	// cells returns the cells of the record, in the order of the file's
	// header.
	cells() []string
	// name names the record in errors, such as "asset <id>".
	name() string
}

// writeTable writes the BOM, header and one row per record of lines to
// out, with sep between cells.
func writeTable[L line](out io.Writer, sep rune, header []string, lines []L) error {
	t, err := newTable(out, sep, header)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if err := t.row(l.cells()...); err != nil {
			return fmt.Errorf("write %s: %w", l.name(), err)
		}
	}
	return t.close()
}

// table writes the BOM, a header and rows through a csv.Writer.
type table struct {
	w *csv.Writer
}

func newTable(out io.Writer, sep rune, header []string) (*table, error) {
	if _, err := io.WriteString(out, bom); err != nil {
		return nil, fmt.Errorf("write byte order mark: %w", err)
	}
	w := csv.NewWriter(out)
	w.Comma = sep
	w.UseCRLF = true
	if err := w.Write(header); err != nil {
		return nil, fmt.Errorf("write header: %w", err)
	}
	return &table{w: w}, nil
}

func (t *table) row(cells ...string) error {
	return t.w.Write(cells)
}

func (t *table) close() error {
	t.w.Flush()
	return t.w.Error()
}

// text returns a free-text cell so that a spreadsheet shows it as text:
// a cell that starts with =, +, -, @ or a control character would be
// read as a formula, which could run commands or leak data when the file
// is opened, so it gets a leading apostrophe. The importer drops it again.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// day writes a date as dd/mm/yyyy, as French spreadsheets show it.
func day(d *assets.Date) string {
	if d == nil {
		return ""
	}
	return d.Format("02/01/2006")
}

// stamp writes a time in Paris as dd/mm/yyyy hh:mm.
func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(Paris).Format("02/01/2006 15:04")
}
