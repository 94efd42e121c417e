package importer

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"
)

// Limits of one quoted cell. A notes cell may hold a few line breaks, but
// a quote left open swallows the rows that follow it, and those rows show
// as many lines holding the separator.
const (
	maxCellBreaks   = 20
	maxCellBytes    = 4096
	maxCellRowLines = 2
)

// Faults of a quoted cell, wrapped in a *SyntaxError that names the line
// where its quote opens.
var (
	ErrQuoteOpen = errors.New("a quote opens a cell and is never closed")
	ErrCellRows  = errors.New("a quoted cell contains what looks like several rows")
	ErrCellLong  = errors.New("a quoted cell is too long")
)

// ErrNotText is returned for a file that contains binary data, such as a
// spreadsheet saved in its own format instead of CSV.
var ErrNotText = errors.New("the file is not a CSV text file")

// checkText rejects data that is not text: NUL bytes or control
// characters that no CSV file holds.
func checkText(text string) error {
	if strings.ContainsRune(text, 0) {
		return ErrNotText
	}
	controls, visible := 0, 0
	for _, r := range text {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		case r == utf8.RuneError || r < 0x20:
			controls++
			visible++
		default:
			visible++
		}
	}
	// A few stray control characters, such as the Ctrl-Z that old DOS
	// programs put at the end of a file, do not make it binary. Blanks are
	// left out of the size, so that trimming the cells of a file never
	// turns it from text into binary.
	if controls > 4+visible/100 {
		return ErrNotText
	}
	return nil
}

// checkQuotes follows the quoted cells of text as encoding/csv reads them
// with LazyQuotes: a quoted cell ends at a quote followed by sep, a line
// break or the end of the file, and any other quote inside it is kept. It
// returns a *SyntaxError for a quoted cell that reaches the end of the
// file, or that spans more lines or bytes than a cell holds.
func checkQuotes(text string, sep rune) error {
	line := 1
	for i := 0; i < len(text); {
		atCellStart := i == 0 || text[i-1] == '\n' || rune(text[i-1]) == sep
		if text[i] != '"' || !atCellStart {
			if text[i] == '\n' {
				line++
			}
			i++
			continue
		}

		end, ok := quotedCellEnd(text, i+1, sep)
		if !ok {
			return &SyntaxError{Line: line, Err: ErrQuoteOpen}
		}
		if err := checkCell(text[i+1:end], sep); err != nil {
			return &SyntaxError{Line: line, Err: err}
		}
		line += strings.Count(text[i:end], "\n")
		i = end + 1
	}
	return nil
}

// quotedCellEnd returns the index of the quote that closes the cell whose
// content starts at start, and false when the file ends first.
func quotedCellEnd(text string, start int, sep rune) (int, bool) {
	for i := start; i < len(text); i++ {
		if text[i] != '"' {
			continue
		}
		if i+1 < len(text) && text[i+1] == '"' {
			i++
			continue
		}
		rest := text[i+1:]
		if rest == "" || rest[0] == '\n' || strings.HasPrefix(rest, "\r\n") || strings.HasPrefix(rest, string(sep)) {
			return i, true
		}
	}
	return 0, false
}

// checkCell rejects a quoted cell that is too long, or whose line breaks
// are followed by lines containing the separator, as rows would be.
func checkCell(cell string, sep rune) error {
	if len(cell) > maxCellBytes {
		return ErrCellLong
	}
	lines := bytes.Split([]byte(cell), []byte("\n"))
	if len(lines)-1 > maxCellBreaks {
		return ErrCellRows
	}
	rowLines := 0
	for _, l := range lines[1:] {
		if bytes.ContainsRune(l, sep) {
			rowLines++
		}
	}
	if rowLines > maxCellRowLines {
		return ErrCellRows
	}
	return nil
}
