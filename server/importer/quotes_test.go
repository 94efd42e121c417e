package importer

import (
	"errors"
	"strings"
	"testing"
)

func TestReadTableFileFaults(t *testing.T) {
	header := "commune;site;notes\n"
	rows := strings.Repeat("Apprieu;Mairie;RAS\n", 30)
	cases := []struct {
		name string
		file string
		want error
		line int
	}{
		{"quote never closed", header + "\"Apprieu;Mairie;HP\n" + rows, ErrQuoteOpen, 2},
		{"quote closed rows later", header + "Apprieu;\"Mairie;HP\n" + rows + "Apprieu;Mairie;\"x\"\n", ErrCellRows, 2},
		{"quote never closed on line 4", header + rows[:38] + "Apprieu;Mairie;\"RAS\n", ErrQuoteOpen, 4},
		{"cell too long", header + "Apprieu;Mairie;\"" + strings.Repeat("x", maxCellBytes+1) + "\"\n", ErrCellLong, 2},
		{"empty", "", ErrEmpty, 0},
		{"blank lines", "\r\n \n", ErrEmpty, 0},
		{"NUL bytes", "PK\x03\x04\x14\x00\x06\x00", ErrNotText, 0},
		{"control characters", header + strings.Repeat("\x01\x02\x03", 10), ErrNotText, 0},
	}
	for _, c := range cases {
		_, err := ReadTable([]byte(c.file))
		if !errors.Is(err, c.want) {
			t.Errorf("%s: ReadTable error %v, want %v", c.name, err, c.want)
			continue
		}
		var syntax *SyntaxError
		if c.line > 0 && (!errors.As(err, &syntax) || syntax.Line != c.line) {
			t.Errorf("%s: ReadTable error %v, want line %d", c.name, err, c.line)
		}
	}
}

func TestReadTableKeepsQuotedCells(t *testing.T) {
	file := "commune;site;notes\n" +
		"Apprieu;\"Mairie; annexe\";\"ligne 1\nligne 2; suite\nligne 3\"\n" +
		"Apprieu;Mairie;écran 24\" et \"\"bis\"\"\n" +
		"Apprieu;Mairie;fin\x1a\n"
	table, err := ReadTable([]byte(file))
	if err != nil {
		t.Fatalf("ReadTable: %v", err)
	}
	if len(table.Rows) != 3 || table.Rows[0].Cells[1] != "Mairie; annexe" || table.Rows[1].Line != 5 {
		t.Errorf("rows %+v, want 3 rows, the quoted site kept and the second row on line 5", table.Rows)
	}
}
