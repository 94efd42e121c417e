package assets

import (
	"regexp"
	"strings"
	"unicode"
)

// beforeXP matches the start of the names of the Windows versions older
// than XP, which the service's charter leaves out: 3.x, 95, 98, Me, 2000
// and NT 3 or 4. The web app applies the same rule (pwa/app/os.js).
var beforeXP = regexp.MustCompile(`^(microsoft\s+)?windows\s*(3(\.\d+)?|95|98|me|2000|nt(\s*[34](\.\d+)?)?)`)

// BeforeXP reports whether an operating system name is a Windows older
// than XP. The version must end there: "Windows 95" is, "Windows 950"
// and "Windows NT 5.1" (XP) are not.
func BeforeXP(os string) bool {
	name := strings.ToLower(strings.TrimSpace(os))
	start := beforeXP.FindString(name)
	if start == "" {
		return false
	}

	rest := name[len(start):]
	if rest == "" {
		return true
	}
	next := rune(rest[0])
	if next == '.' || next == '_' || unicode.IsLetter(next) || unicode.IsDigit(next) {
		return false
	}
	after := strings.TrimLeft(rest, " \t")
	return after == "" || !unicode.IsDigit(rune(after[0]))
}
