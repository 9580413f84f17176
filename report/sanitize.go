package report

import (
	"strings"
	"unicode/utf8"
)

// Defuse returns cell prefixed with an apostrophe when it begins with a
// character that makes a spreadsheet treat it as a formula: = + - @,
// tab or carriage return. A spreadsheet then shows the text instead of
// running it. Every other cell comes back unchanged.
func Defuse(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// sanitize makes any text safe to write: valid UTF-8 (a bad input byte
// becomes U+FFFD, so the file stays readable), no NUL bytes, defused.
func sanitize(cell string) string {
	if !utf8.ValidString(cell) {
		cell = strings.ToValidUTF8(cell, "\uFFFD")
	}
	if strings.IndexByte(cell, 0) >= 0 {
		cell = strings.ReplaceAll(cell, "\x00", "")
	}
	return Defuse(cell)
}
