package batch

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// entry is one thing a cell may name: a partner, a billing contact or a
// service, with every spelling a spreadsheet may use for it.
type entry struct {
	id    yeastar.ID
	email string
	names []string
	label string // how a message names it: name, e-mail and ID
}

// index finds entries by ID, e-mail or name. Names and e-mails match
// exactly but for case and repeated spaces; nothing is guessed.
type index struct {
	kind    string // "customer", "billing contact", "service"
	all     []*entry
	byID    map[yeastar.ID]*entry
	byEmail map[string][]*entry
	byName  map[string][]*entry
}

// notFoundError is a cell that names nothing in the list.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }

func newIndex(kind string) *index {
	return &index{
		kind:    kind,
		byID:    map[yeastar.ID]*entry{},
		byEmail: map[string][]*entry{},
		byName:  map[string][]*entry{},
	}
}

func (ix *index) add(e entry) {
	p := &e
	ix.all = append(ix.all, p)
	ix.byID[e.id] = p
	if e.email != "" {
		key := fold(e.email)
		ix.byEmail[key] = append(ix.byEmail[key], p)
	}
	seen := map[string]bool{}
	for _, n := range e.names {
		key := fold(n)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		ix.byName[key] = append(ix.byName[key], p)
	}
}

// resolve turns a trimmed cell into an ID or a sentence saying why not.
func (ix *index) resolve(value string) (yeastar.ID, error) {
	value = normalizeSpace(value)
	switch {
	case value == "":
		return "", fmt.Errorf("the %s is empty", ix.kind)
	case scientific.MatchString(value):
		return "", ix.scientificError(value)
	case isDigits(value):
		return ix.resolveID(value)
	case strings.Contains(value, "@"):
		return ix.pick(value, ix.byEmail[fold(value)], "with e-mail")
	default:
		return ix.pick(value, ix.byName[fold(value)], "named")
	}
}

func (ix *index) lookupMiss(value string) bool {
	_, err := ix.resolve(value)
	var nf *notFoundError
	return errors.As(err, &nf)
}

func (ix *index) pick(value string, found []*entry, how string) (yeastar.ID, error) {
	switch len(found) {
	case 1:
		return found[0].id, nil
	case 0:
		msg := fmt.Sprintf("no %s %s %q", ix.kind, how, value)
		if close := ix.suggest(value); len(close) > 0 {
			msg += "; did you mean " + quoteJoin(close) + "?"
		}
		return "", &notFoundError{msg}
	default:
		labels := make([]string, len(found))
		for i, e := range found {
			labels[i] = e.label
		}
		return "", fmt.Errorf(
			"%q matches %d %ss (%s); use the e-mail or the ID instead",
			value, len(found), ix.kind, strings.Join(labels, "; "))
	}
}

// resolveID matches an exact ID, and recognises an ID a spreadsheet
// damaged by keeping only 15 significant digits. It never corrects one:
// it names the ID the row probably meant, so a person fixes the sheet.
func (ix *index) resolveID(value string) (yeastar.ID, error) {
	if e, ok := ix.byID[yeastar.ID(value)]; ok {
		return e.id, nil
	}
	if len(value) >= 16 && len(value) <= 19 {
		if meant := ix.roundedFrom(value); len(meant) > 0 {
			return "", fmt.Errorf("%s ID %s was rounded by a spreadsheet, "+
				"which keeps only 15 significant digits; it probably is %s; "+
				"format the column as text and enter the full ID",
				ix.kind, value, labelsOf(meant))
		}
	}
	return "", &notFoundError{fmt.Sprintf("no %s with ID %s", ix.kind, value)}
}

// roundedFrom lists the known IDs of the same length whose first 15
// digits, truncated or rounded, are the first 15 digits of value.
func (ix *index) roundedFrom(value string) []*entry {
	var out []*entry
	for _, e := range ix.all {
		id := string(e.id)
		if len(id) != len(value) {
			continue
		}
		if id[:15] == value[:15] || roundDigits(id, 15) == value[:15] {
			out = append(out, e)
		}
	}
	return out
}

// scientific matches what a spreadsheet shows for a long number, such as
// 3.19722E+18.
var scientific = regexp.MustCompile(`^[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+$`)

func (ix *index) scientificError(value string) error {
	msg := fmt.Sprintf("%s ID %s is in scientific notation: a spreadsheet "+
		"turned the ID into a number and lost its digits; format the "+
		"column as text and enter the full ID", ix.kind, value)
	if meant := ix.matchMantissa(value); len(meant) > 0 {
		msg += " (perhaps " + labelsOf(meant) + ")"
	}
	return errors.New(msg)
}

// matchMantissa finds IDs whose leading digits and length agree with a
// number in scientific notation.
func (ix *index) matchMantissa(value string) []*entry {
	lower := strings.ToLower(strings.ReplaceAll(value, ",", "."))
	mant, exp, _ := strings.Cut(lower, "e")
	digits := strings.Replace(mant, ".", "", 1)
	var length int
	if _, err := fmt.Sscanf(strings.TrimPrefix(exp, "+"), "%d", &length); err != nil {
		return nil
	}
	length++
	var out []*entry
	for _, e := range ix.all {
		id := string(e.id)
		if len(id) != length || len(digits) > len(id) {
			continue
		}
		if id[:len(digits)] == digits ||
			roundDigits(id, len(digits)) == digits {
			out = append(out, e)
		}
	}
	return out
}

// roundDigits rounds a digit string half-up to its first n digits. A
// carry out of the top digit yields a longer string, which then matches
// nothing, as it should.
func roundDigits(id string, n int) string {
	if len(id) <= n {
		return id
	}
	b := []byte(id[:n])
	if id[n] < '5' {
		return string(b)
	}
	for i := n - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// suggest returns up to three names close to value, for a typo.
func (ix *index) suggest(value string) []string {
	want := fold(value)
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	for key, entries := range ix.byName {
		d := editDistance(want, key)
		limit := max(2, len(want)/4)
		if d <= limit || (len(want) >= 4 && strings.Contains(key, want)) {
			cands = append(cands, cand{entries[0].nameLike(key), d})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].name < cands[j].name
	})
	var out []string
	for i := 0; i < len(cands) && i < 3; i++ {
		out = append(out, cands[i].name)
	}
	return out
}

// nameLike returns the entry's name as the list spells it.
func (e *entry) nameLike(key string) string {
	for _, n := range e.names {
		if fold(n) == key {
			return normalizeSpace(n)
		}
	}
	return key
}

func (ix *index) labels() string {
	names := make([]string, len(ix.all))
	for i, e := range ix.all {
		names[i] = e.label
	}
	return strings.Join(names, ", ")
}

func labelsOf(entries []*entry) string {
	labels := make([]string, len(entries))
	for i, e := range entries {
		labels[i] = e.label
	}
	return strings.Join(labels, " or ")
}

func quoteJoin(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, " or ")
}

// fold is the key names and e-mails are matched on: lower case, with
// white space trimmed and collapsed.
func fold(s string) string {
	if isFolded(s) {
		return s // already folded: nothing to allocate
	}
	if !isASCII(s) {
		return strings.ToLower(normalizeSpace(s))
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || (c >= '\t' && c <= '\r') {
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isFolded reports whether s is already lower-case ASCII with single
// spaces between words and none at the ends.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80, c >= 'A' && c <= 'Z', c < ' ':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		}
	}
	return true
}

// normalizeSpace trims and collapses runs of white space to one space.
func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
