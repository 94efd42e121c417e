package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// MaxFileBytes is the size limit of an imported file, about 60,000 lines
// of a typical inventory.
const MaxFileBytes = 8 << 20

// Encodings of an imported file.
const (
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
)

// Table is a CSV file read into cells.
type Table struct {
	// Encoding is EncodingUTF8 or EncodingWindows1252.
	Encoding string
	// Separator is ';' or ','.
	Separator rune
	Header    []string
	Rows      []Row
}

// Row is one record of the file after the header.
type Row struct {
	// Line is the physical line where the record starts, the header being
	// line 1. A quoted field holding line breaks makes a record span
	// several lines, so Line is not the record's index plus one.
	Line  int
	Cells []string
}

// ErrEmpty is returned for a file without a header line.
var ErrEmpty = errors.New("the file is empty")

// SyntaxError is a CSV record that cannot be read, such as a quote left
// open.
type SyntaxError struct {
	Line int
	Err  error
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: %v", e.Line, e.Err)
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// ReadTable decodes data, UTF-8 with or without a byte order mark or else
// Windows-1252, and reads its CSV records with the separator that the
// header line uses most, ';' or ','.
func ReadTable(data []byte) (*Table, error) {
	text, encoding := decodeText(data)
	if strings.TrimSpace(text) == "" {
		return nil, ErrEmpty
	}
	if err := checkText(text); err != nil {
		return nil, err
	}
	sep := detectSeparator(text)
	if err := checkQuotes(text, sep); err != nil {
		return nil, err
	}

	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	t := &Table{Encoding: encoding, Separator: sep}
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &SyntaxError{Line: pe.StartLine, Err: pe.Err}
			}
			return nil, err
		}
		line, _ := r.FieldPos(0)
		if t.Header == nil {
			t.Header = record
			continue
		}
		if blank(record) {
			continue
		}
		t.Rows = append(t.Rows, Row{Line: line, Cells: record})
	}
	if t.Header == nil {
		return nil, ErrEmpty
	}
	return t, nil
}

// decodeText returns data as a string and the encoding it was read in.
// Text that is not valid UTF-8 is read as Windows-1252, the encoding that
// French spreadsheet programs on Windows save CSV files in.
func decodeText(data []byte) (string, string) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), EncodingUTF8
	}
	decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), EncodingUTF8
	}
	return string(decoded), EncodingWindows1252
}

// detectSeparator counts ';' and ',' outside quotes on the first line.
func detectSeparator(text string) rune {
	semicolons, commas := 0, 0
	quoted := false
	for _, c := range text {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ';':
			semicolons++
		case c == ',':
			commas++
		}
		if c == '\n' && !quoted {
			break
		}
	}
	if commas > semicolons {
		return ','
	}
	return ';'
}

func blank(record []string) bool {
	for _, cell := range record {
		if strings.TrimSpace(cell) != "" {
			return false
		}
	}
	return true
}
