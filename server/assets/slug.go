package assets

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ligatures spells out the French ligatures, which have no decomposition.
var ligatures = strings.NewReplacer("œ", "oe", "Œ", "OE", "æ", "ae", "Æ", "AE")

// Slug returns name in lower-case ASCII with hyphens between words, as
// used in e-mail addresses and URLs: "Saint-Didier-de-Bizonnes" gives
// "saint-didier-de-bizonnes" and "Châbons" gives "chabons". Accents are
// dropped and any other character separates words.
func Slug(name string) string {
	var b strings.Builder
	pendingHyphen := false
	for _, r := range norm.NFD.String(ligatures.Replace(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// A combining accent left by the decomposition.
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			pendingHyphen = true
		}
	}
	return b.String()
}
