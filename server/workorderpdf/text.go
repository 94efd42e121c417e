package workorderpdf

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"parc/server/i18n"
)

// FormatMinutes writes a duration in minutes as French and English
// documents do: "45 min", "2 h", "1 h 30", "1 h 05".
func FormatMinutes(minutes int) string {
	sign := ""
	if minutes < 0 {
		sign, minutes = "-", -minutes
	}
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%s%d min", sign, m)
	case m == 0:
		return fmt.Sprintf("%s%d h", sign, h)
	}
	return fmt.Sprintf("%s%d h %02d", sign, h, m)
}

// formatDate writes a day as the language writes it: 07/12/2026 in
// French, 2026-12-07 in English.
func formatDate(t time.Time, lang i18n.Lang) string {
	if lang == i18n.English {
		return t.Format(time.DateOnly)
	}
	return t.Format("02/01/2006")
}

// toWindows1252 converts text to the encoding of the standard PDF fonts,
// which covers French. A letter outside it keeps its base letter (ő
// becomes o) and any other character becomes '?'. Tabs become spaces;
// line breaks stay only when multiline.
func toWindows1252(text string, multiline bool) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == '\n' && multiline:
			b.WriteByte('\n')
			continue
		case r == '\r':
			continue
		case unicode.IsSpace(r):
			b.WriteByte(' ')
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		if c, ok := charmap.Windows1252.EncodeRune(r); ok {
			b.WriteByte(c)
			continue
		}
		b.WriteByte(baseLetter(r))
	}
	return b.String()
}

// baseLetter returns the first character of r's canonical decomposition
// when Windows-1252 has it, and '?' otherwise.
func baseLetter(r rune) byte {
	for _, d := range norm.NFD.String(string(r)) {
		if c, ok := charmap.Windows1252.EncodeRune(d); ok && d != r {
			return c
		}
		break
	}
	return '?'
}
