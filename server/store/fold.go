package store

import (
	"fmt"
	"strings"
)

// The folding table of Fold: each character of foldFrom becomes the
// character at the same place in foldTo.
const (
	foldFrom = "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÁÃÅàâäáãåÇçÉÈÊËéèêëÎÏÍÌîïíìÔÖÓÒÕôöóòõÙÛÜÚùûüúŸÝÿýÑñ"
	foldTo   = "abcdefghijklmnopqrstuvwxyzaaaaaaaaaaaacceeeeeeeeiiiiiiiioooooooooouuuuuuuuyyyynn"
)

var folder = newFolder()

func newFolder() *strings.Replacer {
	from, to := []rune(foldFrom), []rune(foldTo)
	if len(from) != len(to) {
		panic(fmt.Sprintf("store: folding table has %d sources and %d targets", len(from), len(to)))
	}
	pairs := make([]string, 0, 2*len(from))
	for i := range from {
		pairs = append(pairs, string(from[i]), string(to[i]))
	}
	return strings.NewReplacer(pairs...)
}

// Fold returns text in lower case without the accents of French and other
// Latin letters, so that "École" and "ecole" match and sort together.
// FoldSQL folds a column the same way inside a query.
func Fold(text string) string {
	return folder.Replace(text)
}

// FoldSQL returns an SQL expression that folds column as Fold does, for
// search and ordering. It nests replace() for each accented letter inside
// lower() for A to Z, both of which SQLite and PostgreSQL have, so neither
// engine needs a function or an extension of its own. column must be a
// trusted column reference, never user input.
func FoldSQL(column string) string {
	from, to := []rune(foldFrom), []rune(foldTo)
	var b strings.Builder
	expr := "lower(" + column + ")"
	for i := range from {
		if from[i] < 0x80 {
			continue // lower() folds A to Z
		}
		b.Reset()
		fmt.Fprintf(&b, "replace(%s, '%c', '%c')", expr, from[i], to[i])
		expr = b.String()
	}
	return expr
}
