package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadTable checks the reading of an imported CSV file and its
// mapping file. ReadTable never panics, and fails only with ErrEmpty,
// ErrNotText or a *SyntaxError naming a line. The cells it returns are valid UTF-8 on
// increasing lines, and a table of two columns or more reads back the
// same once written out again. ParseMap fails with a message naming its
// line, and MapHeaders gives each field to one column at most. readLine
// reads every row without panicking, and each fault names a field.
func FuzzReadTable(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, mapText string) {
		table, err := ReadTable(data)
		if err != nil {
			var syntax *SyntaxError
			switch {
			case errors.Is(err, ErrEmpty), errors.Is(err, ErrNotText):
			case errors.As(err, &syntax):
				if syntax.Line < 1 {
					t.Fatalf("ReadTable(%q) error on line %d", data, syntax.Line)
				}
			default:
				t.Fatalf("ReadTable(%q) error %v (%T), want ErrEmpty, ErrNotText or a *SyntaxError", data, err, err)
			}
			return
		}

		checkTable(t, data, table)
		checkTableRoundTrip(t, data, table)
		custom, err := ParseMap(mapText)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "mapping line ") {
				t.Fatalf("ParseMap(%q) error %q, want one naming the line", mapText, err)
			}
			custom = nil
		}
		checkLines(t, data, table, MapHeaders(table.Header, custom))
	})
}

func checkTable(t *testing.T, data []byte, table *Table) {
	t.Helper()
	if table.Encoding != EncodingUTF8 && table.Encoding != EncodingWindows1252 {
		t.Fatalf("ReadTable(%q) encoding %q", data, table.Encoding)
	}
	if table.Separator != ';' && table.Separator != ',' {
		t.Fatalf("ReadTable(%q) separator %q", data, table.Separator)
	}
	last := 1
	for _, row := range table.Rows {
		if row.Line <= last {
			t.Fatalf("ReadTable(%q) row on line %d after line %d", data, row.Line, last)
		}
		last = row.Line
		for _, cell := range append(slices.Clone(table.Header), row.Cells...) {
			if !utf8.ValidString(cell) {
				t.Fatalf("ReadTable(%q) cell %q is not valid UTF-8", data, cell)
			}
		}
	}
}

// checkTableRoundTrip writes a table of two columns or more as UTF-8 CSV
// with its separator and fails t unless it reads back the same. A table
// of one column can hold the other separator in its header cell, which
// the detection of the separator then counts.
func checkTableRoundTrip(t *testing.T, data []byte, table *Table) {
	t.Helper()
	if len(table.Header) < 2 {
		return
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = table.Separator
	w.Write(table.Header)
	for _, row := range table.Rows {
		w.Write(row.Cells)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return // a cell that the writer cannot write, such as one with \r
	}

	again, err := ReadTable(buf.Bytes())
	if err != nil {
		t.Fatalf("ReadTable(%q), written out from %q: %v", buf.Bytes(), data, err)
	}
	if !slices.Equal(again.Header, table.Header) || len(again.Rows) != len(table.Rows) {
		t.Fatalf("%q written out as %q reads back as header %q and %d rows, want %q and %d",
			data, buf.Bytes(), again.Header, len(again.Rows), table.Header, len(table.Rows))
	}
	for i := range table.Rows {
		if !slices.Equal(again.Rows[i].Cells, table.Rows[i].Cells) {
			t.Fatalf("%q written out as %q: row %d reads back as %q, want %q", data, buf.Bytes(), i, again.Rows[i].Cells, table.Rows[i].Cells)
		}
	}
}

func checkLines(t *testing.T, data []byte, table *Table, m Mapping) {
	t.Helper()
	seen := map[string]bool{}
	for _, field := range m {
		if field == "" || field == Ignore {
			continue
		}
		if seen[field] || !slices.Contains(Fields, field) {
			t.Fatalf("MapHeaders(%q) = %q, which gives field %q twice or is no field", table.Header, m, field)
		}
		seen[field] = true
	}
	for _, row := range table.Rows {
		l := readLine(row, m)
		for _, issue := range append(slices.Clone(l.errors), l.warnings...) {
			if issue.Field == "" || issue.Message.Key == "" {
				t.Fatalf("line %d of %q: issue %+v without a field or a message", row.Line, data, issue)
			}
		}
	}
}
