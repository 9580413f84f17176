package batch

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseQuantity reads a quantity cell: a whole number of at least 1 and
// at most most (most < 1 means no upper bound). Surrounding spaces and a
// zero fraction are fine ("2", " 3 ", "2.00", "2,0"). A fraction of
// exactly three digits ("1.000", "1,000") is refused as ambiguous,
// because European and English spreadsheets read it as a thousand and as
// one. The error is a sentence a finance clerk can act on.
func ParseQuantity(s string, most int) (int, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("quantity is empty; " +
			"enter a whole number such as 1 or 2")
	}
	n, err := parseWhole(t)
	if err != nil {
		return 0, err
	}
	if n < 1 {
		return 0, fmt.Errorf("quantity %q must be at least 1", t)
	}
	if most >= 1 && n > most {
		return 0, fmt.Errorf("quantity %d is more than %d, the most "+
			"one row may order (--max-quantity)", n, most)
	}
	return n, nil
}

// maxDigits keeps a quantity inside an int on every platform; anything
// longer is over any sensible maximum.
const maxDigits = 9

// parseWhole reads digits with an optional zero fraction. Negative
// numbers come back as 0, so the caller reports "at least 1".
func parseWhole(t string) (int, error) {
	digits := strings.TrimPrefix(t, "-")
	negative := len(digits) < len(t)
	whole, frac, sep := splitDecimal(digits)
	switch {
	case whole == "" || !isDigits(whole) || !isDigits(frac):
		return 0, notNumber(t)
	case sep != 0 && len(frac) == 3:
		return 0, fmt.Errorf("quantity %q is ambiguous: it may mean "+
			"%s or %s%s; write it without separators", t,
			whole, whole, frac)
	case strings.Trim(frac, "0") != "":
		return 0, fmt.Errorf("quantity %q is not a whole number", t)
	case negative:
		return 0, nil
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > maxDigits {
		return 0, fmt.Errorf("quantity %q is far too large", t)
	}
	if whole == "" {
		return 0, nil // all zeros
	}
	return strconv.Atoi(whole)
}

// splitDecimal splits t at its only '.' or ',' if it has exactly one.
func splitDecimal(t string) (whole, frac string, sep byte) {
	i := strings.IndexAny(t, ".,")
	if i < 0 {
		return t, "", 0
	}
	if strings.ContainsAny(t[i+1:], ".,") {
		return "", "", t[i] // two separators: not a plain number
	}
	return t[:i], t[i+1:], t[i]
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// notNumber explains why t is not a number, naming the spreadsheet
// habit behind it where there is one.
func notNumber(t string) error {
	switch {
	case strings.ContainsAny(t, "eE") && strings.ContainsAny(t, "0123456789"):
		return fmt.Errorf("quantity %q is in scientific notation; "+
			"format the column as a whole number", t)
	case strings.Count(t, ".")+strings.Count(t, ",") > 1:
		return fmt.Errorf("quantity %q has digit grouping; "+
			"write it without separators, e.g. 1000", t)
	}
	return fmt.Errorf("quantity %q is not a number; "+
		"enter a whole number such as 2", t)
}
