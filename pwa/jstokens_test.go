package pwa_test

import "strings"

// stringLiterals returns the contents of the string and template literals
// of JavaScript source, skipping comments and regular expression literals.
// It is a small tokenizer, enough for the app's own code: a slash starts a
// regular expression when the previous significant character cannot end
// an expression.
func stringLiterals(src string) []string {
	var out []string
	prev := byte('(') // Significant character before the current position.
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			i = skipTo(src, i, "\n")
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i = skipTo(src, i+2, "*/") + 1
			continue
		case c == '\'' || c == '"' || c == '`':
			end := closeQuote(src, i)
			out = append(out, templateText(src[i+1:end], c))
			i = end
		case c == '/' && strings.IndexByte("(,=:[!&|?{};+-*%<>~^", prev) >= 0:
			i = closeRegexp(src, i)
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			prev = src[i]
		}
	}
	return out
}

func skipTo(src string, from int, marker string) int {
	j := strings.Index(src[from:], marker)
	if j < 0 {
		return len(src) - 1
	}
	return from + j
}

// closeQuote returns the index of the quote that ends the literal opened
// at start, past escapes and, in templates, past ${...} substitutions.
func closeQuote(src string, start int) int {
	quote := src[start]
	depth := 0
	for i := start + 1; i < len(src); i++ {
		switch {
		case src[i] == '\\':
			i++
		case quote == '`' && src[i] == '$' && i+1 < len(src) && src[i+1] == '{':
			depth++
			i++
		case quote == '`' && depth > 0 && src[i] == '}':
			depth--
		case src[i] == quote && depth == 0:
			return i
		}
	}
	return len(src) - 1
}

// templateText drops the ${...} substitutions of a template literal, whose
// code is not text.
func templateText(body string, quote byte) string {
	if quote != '`' {
		return body
	}
	var b strings.Builder
	depth := 0
	for i := 0; i < len(body); i++ {
		switch {
		case body[i] == '$' && i+1 < len(body) && body[i+1] == '{':
			depth++
			i++
		case depth > 0 && body[i] == '}':
			depth--
		case depth == 0:
			b.WriteByte(body[i])
		}
	}
	return b.String()
}

// closeRegexp returns the index of the slash that ends the regular
// expression opened at start, past escapes and character classes.
func closeRegexp(src string, start int) int {
	inClass := false
	for i := start + 1; i < len(src); i++ {
		switch {
		case src[i] == '\\':
			i++
		case src[i] == '[':
			inClass = true
		case src[i] == ']':
			inClass = false
		case src[i] == '/' && !inClass:
			return i
		case src[i] == '\n':
			return i
		}
	}
	return len(src) - 1
}
