package importer

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"parc/server/assets"
	"parc/server/store"
)

// cleanText trims a cell and collapses runs of spaces and tabs into one
// space. Line breaks stay, for notes.
func cleanText(s string) string {
	s = unquoteFormula(s)
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, line := range lines {
		lines[i] = strings.Join(strings.Fields(line), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// cleanLine is cleanText for a one-line value: line breaks become spaces.
func cleanLine(s string) string {
	return strings.Join(strings.Fields(unquoteFormula(s)), " ")
}

// unquoteFormula drops the apostrophe that an export puts before a cell
// starting with =, +, -, @ or a control character, so that spreadsheets
// do not read it as a formula.
func unquoteFormula(s string) string {
	trimmed := strings.TrimLeft(s, " ")
	if len(trimmed) > 1 && trimmed[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(trimmed[1])) {
		return trimmed[1:]
	}
	return s
}

// brands spells the usual brands as their makers do, keyed by folded name.
var brands = map[string]string{}

func init() {
	for _, b := range []string{
		"Acer", "Apple", "Asus", "Brother", "Canon", "Compaq", "Dell", "Epson", "Fujitsu", "HP",
		"Kyocera", "Lenovo", "Lexmark", "Microsoft", "MSI", "Promethean", "Ricoh", "Samsung",
		"Sharp", "Speechi", "Toshiba", "Xerox", "Orange", "Free", "Bouygues Telecom", "Netgear",
		"TP-Link", "Ubiquiti", "Cisco", "Iiyama", "LG", "Philips", "ViewSonic", "BenQ",
	} {
		brands[store.Fold(b)] = b
	}
	brands["hewlett packard"] = "HP"
	brands["hewlett-packard"] = "HP"
}

// normalizeBrand returns a known brand in its usual spelling, whatever
// its case, and any other brand as written.
func normalizeBrand(s string) string {
	s = cleanLine(s)
	if known, ok := brands[store.Fold(s)]; ok {
		return known
	}
	return s
}

// osRule recognises one way of writing an operating system. The version
// is the text after the match, such as "Pro" or "SP3".
type osRule struct {
	re   *regexp.Regexp
	name string
}

// osRules match the folded name. Spreadsheets write the same system in
// many ways: "Win 10", "W10", "Windows10", "Seven", "XP".
var osRules = []osRule{
	{regexp.MustCompile(`^(microsoft\s+)?(windows|win|w)\s*-?\s*11\b`), "Windows 11"},
	{regexp.MustCompile(`^(microsoft\s+)?(windows|win|w)\s*-?\s*10\b`), "Windows 10"},
	{regexp.MustCompile(`^(microsoft\s+)?(windows|win|w)\s*-?\s*8\.1\b`), "Windows 8.1"},
	{regexp.MustCompile(`^(microsoft\s+)?(windows|win|w)\s*-?\s*8\b`), "Windows 8"},
	{regexp.MustCompile(`^((microsoft\s+)?(windows|win|w)\s*-?\s*7|(windows\s+|win\s+)?seven)\b`), "Windows 7"},
	{regexp.MustCompile(`^(microsoft\s+)?(windows|win|w)\s*-?\s*vista\b|^vista\b`), "Windows Vista"},
	{regexp.MustCompile(`^((microsoft\s+)?(windows|win|w)\s*-?\s*)?xp\b`), "Windows XP"},
	{regexp.MustCompile(`^(microsoft\s+)?(windows|win|w)\s*-?\s*2000\b`), "Windows 2000"},
	{regexp.MustCompile(`^(microsoft\s+)?(windows|win|w)\s*-?\s*98\b`), "Windows 98"},
	{regexp.MustCompile(`^(microsoft\s+)?(windows|win|w)\s*-?\s*95\b`), "Windows 95"},
	{regexp.MustCompile(`^(microsoft\s+)?(windows|win|w)\s*-?\s*me\b`), "Windows Me"},
	{regexp.MustCompile(`^ubuntu\b`), "Ubuntu"},
	{regexp.MustCompile(`^debian\b`), "Debian"},
	{regexp.MustCompile(`^primtux\b`), "PrimTux"},
	{regexp.MustCompile(`^(mac\s*os\s*x?|macos|osx)\b`), "macOS"},
	{regexp.MustCompile(`^chrome\s*os\b`), "ChromeOS"},
	{regexp.MustCompile(`^android\b`), "Android"},
	{regexp.MustCompile(`^ipados\b`), "iPadOS"},
}

// normalizeOS returns the system's usual name and its version, such as
// "Windows 10" and "Pro" for "win10 pro". A system that no rule matches
// stays as written, with the version given apart.
func normalizeOS(system, version string) (string, string) {
	system, version = cleanLine(system), cleanLine(version)
	folded := store.Fold(system)
	for _, rule := range osRules {
		loc := rule.re.FindStringIndex(folded)
		if loc == nil {
			continue
		}
		rest := strings.TrimSpace(strings.Trim(strings.TrimSpace(system[byteOffset(system, folded, loc[1]):]), "-"))
		if version == "" {
			version = rest
		}
		return rule.name, version
	}
	return system, version
}

// byteOffset returns the offset in original of the character at offset
// inFolded in folded, which store.Fold made from original character by
// character.
func byteOffset(original, folded string, inFolded int) int {
	runes := len([]rune(folded[:inFolded]))
	for i := range original {
		if runes == 0 {
			return i
		}
		runes--
	}
	return len(original)
}

// dateForms are the ways a spreadsheet writes a day.
var (
	dayMonthYear = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$`)
	isoDay       = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	monthYear    = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{4})$`)
	yearOnly     = regexp.MustCompile(`^(\d{4})$`)
	excelSerial  = regexp.MustCompile(`^(\d{5})$`)
)

// precision of a date read from a cell.
const (
	precisionDay = iota
	precisionMonth
	precisionYear
)

// parseDate reads dd/mm/yyyy (also with - or .), yyyy-mm-dd, mm/yyyy,
// yyyy, or the day number that a spreadsheet writes for an unformatted
// date cell. A month or a year alone gives its first day, with the
// precision that the line's warning reports. ok is false for any other
// text or an impossible day such as 31/02/2020.
func parseDate(s string) (d assets.Date, precision int, ok bool) {
	s = strings.TrimSpace(s)
	atoi := func(t string) int { n, _ := strconv.Atoi(t); return n }
	var year, month, day int
	switch {
	case dayMonthYear.MatchString(s):
		m := dayMonthYear.FindStringSubmatch(s)
		day, month, year = atoi(m[1]), atoi(m[2]), atoi(m[3])
	case isoDay.MatchString(s):
		m := isoDay.FindStringSubmatch(s)
		year, month, day = atoi(m[1]), atoi(m[2]), atoi(m[3])
	case monthYear.MatchString(s):
		m := monthYear.FindStringSubmatch(s)
		day, month, year, precision = 1, atoi(m[1]), atoi(m[2]), precisionMonth
	case yearOnly.MatchString(s):
		day, month, year, precision = 1, 1, atoi(s), precisionYear
	case excelSerial.MatchString(s):
		// Spreadsheets count days from 30 December 1899.
		t := time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, atoi(s))
		year, month, day = t.Year(), int(t.Month()), t.Day()
	default:
		return assets.Date{}, 0, false
	}
	if year < 1970 || year > 2100 || month < 1 || month > 12 {
		return assets.Date{}, 0, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return assets.Date{}, 0, false
	}
	return assets.Date{Time: t}, precision, true
}

// kindNames maps folded kind names, French and English, to asset kinds.
var kindNames = map[string]string{
	"pc": assets.KindPC, "ordinateur": assets.KindPC, "ordinateur fixe": assets.KindPC, "poste": assets.KindPC,
	"pc fixe": assets.KindPC, "fixe": assets.KindPC, "uc": assets.KindPC, "unite centrale": assets.KindPC,
	"desktop": assets.KindPC, "computer": assets.KindPC,
	"laptop": assets.KindLaptop, "portable": assets.KindLaptop, "pc portable": assets.KindLaptop,
	"ordinateur portable": assets.KindLaptop, "notebook": assets.KindLaptop,
	"printer": assets.KindPrinter, "imprimante": assets.KindPrinter, "multifonction": assets.KindPrinter,
	"copieur": assets.KindPrinter,
	"router":  assets.KindRouter, "routeur": assets.KindRouter, "box": assets.KindRouter, "box internet": assets.KindRouter,
	"screen": assets.KindScreen, "ecran": assets.KindScreen, "moniteur": assets.KindScreen, "monitor": assets.KindScreen,
	"interactive whiteboard": assets.KindInteractiveWhiteboard, "interactive_whiteboard": assets.KindInteractiveWhiteboard,
	"tbi": assets.KindInteractiveWhiteboard, "vpi": assets.KindInteractiveWhiteboard, "tni": assets.KindInteractiveWhiteboard,
	"ecran interactif": assets.KindInteractiveWhiteboard, "ecran numerique interactif": assets.KindInteractiveWhiteboard,
	"eni": assets.KindInteractiveWhiteboard, "tableau blanc interactif": assets.KindInteractiveWhiteboard,
	"tablet": assets.KindTablet, "tablette": assets.KindTablet, "ipad": assets.KindTablet,
	"other": assets.KindOther, "autre": assets.KindOther,
}

// statusNames maps folded status names, French and English, to asset
// statuses.
var statusNames = map[string]string{
	"in_service": assets.StatusInService, "en service": assets.StatusInService, "in service": assets.StatusInService,
	"actif": assets.StatusInService, "ok": assets.StatusInService,
	"broken": assets.StatusBroken, "en panne": assets.StatusBroken, "panne": assets.StatusBroken, "hs": assets.StatusBroken,
	"on_loan": assets.StatusOnLoan, "prete": assets.StatusOnLoan, "en pret": assets.StatusOnLoan, "on loan": assets.StatusOnLoan,
	"in_stock": assets.StatusInStock, "en stock": assets.StatusInStock, "stock": assets.StatusInStock, "in stock": assets.StatusInStock,
	"retired": assets.StatusRetired, "reforme": assets.StatusRetired, "retire": assets.StatusRetired,
	"hors service": assets.StatusRetired,
}

// siteKindNames maps folded site kind names to site kinds.
var siteKindNames = map[string]string{
	"school": assets.SiteKindSchool, "ecole": assets.SiteKindSchool,
	"town_hall": assets.SiteKindTownHall, "town hall": assets.SiteKindTownHall, "mairie": assets.SiteKindTownHall,
	"library": assets.SiteKindLibrary, "bibliotheque": assets.SiteKindLibrary, "mediatheque": assets.SiteKindLibrary,
	"ccbe_office": assets.SiteKindCCBEOffice, "ccbe": assets.SiteKindCCBEOffice, "siege": assets.SiteKindCCBEOffice,
}

// lookupName returns the code that names maps the folded text to.
func lookupName(names map[string]string, s string) (string, bool) {
	code, ok := names[strings.TrimSpace(store.Fold(cleanLine(s)))]
	return code, ok
}

// guessSiteKind returns the kind that a site's name implies, such as
// school for "Groupe scolaire de Châbons", or "" when the name implies none.
func guessSiteKind(name string) string {
	folded := store.Fold(name)
	switch {
	case strings.Contains(folded, "ecole") || strings.Contains(folded, "scolaire") ||
		strings.Contains(folded, "maternelle") || strings.Contains(folded, "elementaire"):
		return assets.SiteKindSchool
	case strings.Contains(folded, "mairie") || strings.Contains(folded, "hotel de ville"):
		return assets.SiteKindTownHall
	case strings.Contains(folded, "bibliotheque") || strings.Contains(folded, "mediatheque"):
		return assets.SiteKindLibrary
	case strings.Contains(folded, "ccbe") || strings.Contains(folded, "communaute de communes"):
		return assets.SiteKindCCBEOffice
	}
	return ""
}

// serialKey is a serial number as lines and assets are matched by it:
// without spaces, in upper case.
func serialKey(serial string) string {
	return strings.ToUpper(strings.Join(strings.Fields(serial), ""))
}
