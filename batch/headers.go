package batch

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"unicode"
)

// Field is a column the tool knows. The zero value is FieldPartner.
type Field int

// The known columns, in the order PRODUCT.md lists them.
const (
	FieldPartner Field = iota
	FieldQuantity
	FieldBilling
	FieldReference
	FieldService
	numFields
)

// fieldNames are the names used in messages.
var fieldNames = [numFields]string{
	"partner", "quantity", "billing", "reference", "service",
}

// String returns the field's name as messages use it, e.g. "quantity".
func (f Field) String() string {
	if f < 0 || f >= numFields {
		return fmt.Sprintf("Field(%d)", int(f))
	}
	return fieldNames[f]
}

// headerSpellings are the accepted header texts of each field, before
// normalisation.
var headerSpellings = [numFields][]string{
	FieldPartner: {"partner", "partner id", "partner email",
		"customer", "company", "subordinate"},
	FieldQuantity: {"quantity", "qty", "count", "domains"},
	FieldBilling: {"billing", "billing contact", "billing id",
		"billing email", "billing contact id"},
	FieldReference: {"reference", "ref", "po", "po number",
		"purchase order"},
	FieldService: {"service", "service name"},
}

// headerAliases maps a normalised header text to its field.
var headerAliases = buildAliases()

func buildAliases() map[string]Field {
	m := make(map[string]Field)
	for f, spellings := range headerSpellings {
		for _, s := range spellings {
			m[normalizeHeader(s)] = Field(f)
		}
	}
	return m
}

// normalizeHeader folds a header cell so that "Partner ID",
// "partner_id" and "PARTNER-ID" compare equal.
func normalizeHeader(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '_', r == '-', r == '.',
			r == '\uFEFF':
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// fieldOf reports which known field a header cell names.
func fieldOf(cell string) (Field, bool) {
	f, ok := headerAliases[normalizeHeader(cell)]
	return f, ok
}

// columns holds the column index of each known field, -1 when absent.
type columns [numFields]int

// matchHeader finds the known fields in header. The message is
// non-empty when the header cannot be used: no quantity column, or a
// field named twice.
func matchHeader(header []string) (columns, string) {
	var cols columns
	for f := range cols {
		cols[f] = -1
	}
	for i, cell := range header {
		f, ok := fieldOf(cell)
		if !ok {
			continue
		}
		if j := cols[f]; j >= 0 {
			return cols, duplicateMessage(header, j, i, f)
		}
		cols[f] = i
	}
	if cols[FieldQuantity] < 0 {
		return cols, missingQuantityMessage(header)
	}
	return cols, ""
}

func duplicateMessage(header []string, i, j int, f Field) string {
	return fmt.Sprintf("columns %s %q and %s %q both hold the %s; "+
		"delete or rename one of them",
		columnLetter(i), header[i], columnLetter(j), header[j], f)
}

func missingQuantityMessage(header []string) string {
	return fmt.Sprintf("the header has no quantity column; found %s; "+
		"expected a column named %s (other known columns: %s)",
		listColumns(header),
		orList(headerSpellings[FieldQuantity]),
		"partner, billing, reference, service")
}

// listColumns quotes the first header cells for a message.
func listColumns(header []string) string {
	const show = 10
	var b strings.Builder
	for i, cell := range header {
		if i == show {
			fmt.Fprintf(&b, " and %d more", len(header)-show)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", cell)
	}
	return b.String()
}

func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	last := len(words) - 1
	return strings.Join(words[:last], ", ") + " or " + words[last]
}

// columnLetter names a column the way a spreadsheet does: A, B, ...,
// Z, AA, AB.
func columnLetter(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// separators are the separators OpenReader recognises, in the order
// that breaks a tie.
var separators = []rune{',', ';', '\t'}

// separatorName names a separator in messages.
func separatorName(sep rune) string {
	switch sep {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}

// sniffSeparator picks the separator that makes the most known columns
// of the header line; a tie goes to the one found most often outside
// quotes, then to the earlier in separators.
func sniffSeparator(line string) rune {
	best, bestKnown, bestCount := separators[0], -1, -1
	for _, sep := range separators {
		known := countKnown(line, sep)
		count := countOutsideQuotes(line, sep)
		if known > bestKnown || known == bestKnown && count > bestCount {
			best, bestKnown, bestCount = sep, known, count
		}
	}
	return best
}

// countKnown counts the header cells that name a known field when line
// is split by sep.
func countKnown(line string, sep rune) int {
	cr := csv.NewReader(strings.NewReader(line))
	cr.Comma = sep
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cells, err := cr.Read()
	if err != nil {
		return 0
	}
	n := 0
	for _, cell := range cells {
		if _, ok := fieldOf(cell); ok {
			n++
		}
	}
	return n
}

func countOutsideQuotes(line string, sep rune) int {
	n, quoted := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == sep && !quoted:
			n++
		}
	}
	return n
}

// headerLine returns the first line of head that holds more than
// separators and spaces, ending at the first line feed outside quotes.
// A header longer than head is sniffed from its start.
// bareCR reports a carriage return outside quotes not followed by a line
// feed: a file from an old Mac, which has no line feeds at all.
func headerLine(head []byte) (line string, number int, bareCR bool) {
	number = 1
	for len(head) > 0 {
		end, cr := lineEnd(head)
		if !blankLine(head[:end]) {
			return string(head[:end]), number, cr
		}
		if end == len(head) {
			break
		}
		head = head[end+1:]
		number++
	}
	return "", number, false
}

// lineEnd finds the first line feed outside quotes, or len(b).
func lineEnd(b []byte) (end int, bareCR bool) {
	quoted := false
	for i, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return i, bareCR
		case c == '\r' && i+1 < len(b) && b[i+1] != '\n':
			bareCR = true
		}
	}
	return len(b), bareCR
}

// blankLine reports a line of spaces and separators only, the same
// rule readHeader applies to the records before the header.
func blankLine(b []byte) bool {
	return len(bytes.TrimFunc(b, isBlankRune)) == 0
}
