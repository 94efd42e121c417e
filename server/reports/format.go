package reports

import (
	"strconv"
	"strings"
	"time"

	"parc/server/assets"
	"parc/server/i18n"
	"parc/server/workorderpdf"
)

// euros writes cents as the language writes money: "1 234,56 €" in
// French, "€1,234.56" in English.
func euros(cents int, lang i18n.Lang) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole, rest := cents/100, cents%100
	if lang == i18n.English {
		return sign + "€" + group(whole, ",") + "." + twoDigits(rest)
	}
	return sign + group(whole, " ") + "," + twoDigits(rest) + " €"
}

// decimalEuros writes cents as a plain number of euros for a CSV cell,
// with the decimal mark given: 1234.56 or 1234,56.
func decimalEuros(cents int, mark string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + strconv.Itoa(cents/100) + mark + twoDigits(cents%100)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// group writes n with sep between groups of three digits.
func group(n int, sep string) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// duration writes minutes as "12 h 05".
func duration(minutes int) string {
	return workorderpdf.FormatMinutes(minutes)
}

// decimal writes a number with one decimal as the language does: 78,8
// in French, 78.8 in English.
func decimal(x float64, lang i18n.Lang) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if lang == i18n.French {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// percentText writes a percent, or a dash when there is none.
func percentText(p *float64, lang i18n.Lang) string {
	if p == nil {
		return "–"
	}
	return decimal(*p, lang) + " %"
}

// dayText writes a day as the language does: 31/12/2026 or 2026-12-31.
func dayText(d assets.Date, lang i18n.Lang) string {
	if lang == i18n.English {
		return d.Format(time.DateOnly)
	}
	return d.Format("02/01/2006")
}

// text returns the catalogue text of key in lang.
func text(lang i18n.Lang, key string, args ...any) string {
	return i18n.Msg(key, args...).Text(lang)
}
