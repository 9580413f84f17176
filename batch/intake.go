package batch

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Row is one data row of the input file.
type Row struct {
	// Number is the spreadsheet row number: the header is row 1 (or
	// lower down after blank lines), every blank line counts as a row,
	// and a cell holding line breaks does not add rows.
	Number int
	// Cells holds every cell as in the file, untrimmed, padded with ""
	// to the header's width. Empty cells past the header are dropped;
	// non-empty ones are kept and make the row a Problem.
	Cells []string
	// The known columns, trimmed; "" when the column is absent.
	Partner, Quantity, Billing, Reference, Service string
	// Problem is non-empty when this row alone cannot be read: a broken
	// quote, more cells than the header, text that is not UTF-8. It is
	// a sentence for the results file; the other rows go on.
	Problem string
}

// InputError is a problem with the whole file: it cannot be read, or
// the rest of it cannot. Line is the line in the file as a text editor
// counts it, 0 when no line applies.
type InputError struct {
	File string
	Line int
	Msg  string
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s line %d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Reader reads the rows of a finance CSV export one at a time, holding
// at most about two rows' worth of text and never more than a few MiB.
// A Reader is not safe for concurrent use.
type Reader struct {
	name      string
	csv       *csv.Reader
	limiter   *recordLimiter
	maxRecord int64
	sep       rune
	header    []string
	cols      columns

	prevOffset int64 // byte offset where the last record ended
	prevEnd    int   // file line on which the last record ended
	prevNumber int   // spreadsheet row of the last record

	slab []string // backing store for Row.Cells, cut per row
	err  error    // sticky: io.EOF or an *InputError
}

// OpenReader detects the encoding of r, picks the separator from the
// header line, and reads and matches the header. name is the file name
// used in messages. The error is an *InputError when the file cannot be
// used, and a wrapped read error when r fails.
func OpenReader(r io.Reader, name string) (*Reader, error) {
	return openReader(r, name, maxRecordSize)
}

// openReader is OpenReader with the record limit as a parameter, so the
// fuzz target can reach it with small inputs.
func openReader(r io.Reader, name string, limit int64) (*Reader, error) {
	text, err := decode(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	rd := &Reader{name: name, maxRecord: limit}
	rd.limiter = &recordLimiter{r: text}
	rd.limiter.extend(0, limit)
	buf := bufio.NewReaderSize(rd.limiter, peekSize)

	if err := rd.sniff(buf); err != nil {
		return nil, err
	}
	rd.csv = csv.NewReader(buf) // reuses buf: it is big enough
	rd.csv.Comma = rd.sep
	rd.csv.FieldsPerRecord = -1
	rd.csv.ReuseRecord = true
	if err := rd.readHeader(); err != nil {
		return nil, err
	}
	return rd, nil
}

// sniff looks at the start of the decoded text: it must be there, be
// text, and have a header line to take the separator from.
func (r *Reader) sniff(buf *bufio.Reader) error {
	head, err := buf.Peek(peekSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return fmt.Errorf("read %s: %w", r.name, err)
	}
	if len(head) == 0 {
		return r.fail(0, "the file is empty; it needs a header row "+
			"such as Partner,Quantity,Billing and a row per order")
	}
	if n := nulLine(head); n > 0 {
		return r.fail(n, "the file is not a CSV text file (it holds "+
			"binary data); export the sheet as \"CSV UTF-8\"")
	}
	line, n, bareCR := headerLine(head)
	if bareCR {
		return r.fail(n, "lines end in a carriage return alone, "+
			"the old Mac format; save the file again as \"CSV UTF-8\"")
	}
	r.sep = sniffSeparator(line)
	return nil
}

// readHeader reads the first non-blank record and matches its cells.
func (r *Reader) readHeader() error {
	for {
		rec, err := r.readRecord()
		if err == io.EOF {
			return r.fail(0, "the file has no header row, only blank "+
				"lines; the first row must name the columns, such as "+
				"Partner,Quantity,Billing")
		}
		if err != nil {
			return err
		}
		if rec.problem != "" {
			return r.fail(rec.start, "the header row cannot be read: "+
				rec.problem)
		}
		if !blankHeader(rec.cells) {
			return r.useHeader(rec)
		}
	}
}

func (r *Reader) useHeader(rec record) error {
	if !utf8.ValidString(strings.Join(rec.cells, "")) {
		return r.fail(rec.start, "the header row is not UTF-8 text; "+
			"save the sheet as \"CSV UTF-8\"")
	}
	n := len(rec.cells)
	for n > 0 && strings.TrimSpace(rec.cells[n-1]) == "" {
		n--
	}
	r.header = append([]string(nil), rec.cells[:n]...)
	r.header[0] = strings.TrimPrefix(r.header[0], "\uFEFF")

	cols, msg := matchHeader(r.header)
	if msg != "" {
		return r.fail(rec.start, msg)
	}
	r.cols = cols
	return nil
}

// Header returns the header cells as in the file, without a byte order
// mark and without empty cells at the end. The caller must not modify
// the slice.
func (r *Reader) Header() []string { return r.header }

// Has reports whether the file has a column for f.
func (r *Reader) Has(f Field) bool {
	return f >= 0 && f < numFields && r.cols[f] >= 0
}

// UnknownColumns returns the non-empty header cells that name no known
// field, in file order. Their cells are still in Row.Cells.
func (r *Reader) UnknownColumns() []string {
	var unknown []string
	for _, cell := range r.header {
		if _, ok := fieldOf(cell); !ok && strings.TrimSpace(cell) != "" {
			unknown = append(unknown, cell)
		}
	}
	return unknown
}

// Separator returns the separator taken from the header line.
func (r *Reader) Separator() rune { return r.sep }

// Next returns the next data row, skipping rows whose cells are all
// blank. It returns io.EOF at the end, and an *InputError when the rest
// of the file cannot be read; either repeats on later calls. A row that
// alone is unreadable comes back with Problem set and no error.
func (r *Reader) Next() (Row, error) {
	if r.err != nil {
		return Row{}, r.err
	}
	for {
		rec, err := r.readRecord()
		if err != nil {
			r.err = err
			return Row{}, err
		}
		if rec.problem != "" || !blankCells(rec.cells) {
			return r.row(rec), nil
		}
	}
}

// row builds a Row from a record: cells cut to the header's width where
// the extra ones are empty, the known fields picked and trimmed.
func (r *Reader) row(rec record) Row {
	n := len(rec.cells)
	for n > len(r.header) && strings.TrimSpace(rec.cells[n-1]) == "" {
		n--
	}
	row := Row{Number: rec.number, Problem: rec.problem}
	row.Cells = r.alloc(max(n, len(r.header)))
	copy(row.Cells, rec.cells[:n])

	row.Partner = r.value(row.Cells, FieldPartner)
	row.Quantity = r.value(row.Cells, FieldQuantity)
	row.Billing = r.value(row.Cells, FieldBilling)
	row.Reference = r.value(row.Cells, FieldReference)
	row.Service = r.value(row.Cells, FieldService)

	if row.Problem == "" {
		row.Problem = r.cellProblem(row.Cells)
	}
	if row.Problem == "" && n > len(r.header) {
		row.Problem = r.extraCellsProblem(row.Cells)
	}
	return row
}

func (r *Reader) value(cells []string, f Field) string {
	if i := r.cols[f]; i >= 0 {
		return strings.TrimSpace(cells[i])
	}
	return ""
}

// slabRows is how many rows' cells one allocation holds.
const slabRows = 256

// alloc cuts n cells from a shared slab, so that rows cost one
// allocation per slabRows rows. The full slice expression stops an
// append on one row from overwriting the next.
func (r *Reader) alloc(n int) []string {
	if len(r.slab) < n {
		r.slab = make([]string, n*slabRows)
	}
	cells := r.slab[:n:n]
	r.slab = r.slab[n:]
	return cells
}

// cellProblem names the first cell that is not text.
func (r *Reader) cellProblem(cells []string) string {
	for i, c := range cells {
		if !utf8.ValidString(c) {
			return fmt.Sprintf("%s is not UTF-8 text; save the sheet "+
				"as \"CSV UTF-8\"", r.columnName(i))
		}
		if strings.IndexByte(c, 0) >= 0 {
			return fmt.Sprintf("%s holds a NUL character, which no "+
				"spreadsheet writes; retype the cell", r.columnName(i))
		}
	}
	return ""
}

func (r *Reader) extraCellsProblem(cells []string) string {
	first := cells[len(r.header)]
	if len(first) > 40 {
		first = first[:40] + "..."
	}
	return fmt.Sprintf("the row has %d cells but the header only %d "+
		"(the first extra cell is %q); a value probably holds a %s: "+
		"put that cell in quotes or remove the %s",
		len(cells), len(r.header), first,
		separatorName(r.sep), separatorName(r.sep))
}

// columnName names column i for a clerk: `column C ("Partner")`.
func (r *Reader) columnName(i int) string {
	if i < len(r.header) && strings.TrimSpace(r.header[i]) != "" {
		return fmt.Sprintf("the cell in column %s (%q)",
			columnLetter(i), r.header[i])
	}
	return "the cell in column " + columnLetter(i)
}

// blankHeader reports a line before the header that sniffing skipped
// too: only spaces and separators, whichever separator was picked.
func blankHeader(cells []string) bool {
	for _, c := range cells {
		if strings.TrimFunc(c, isBlankRune) != "" {
			return false
		}
	}
	return true
}

func isBlankRune(r rune) bool {
	return unicode.IsSpace(r) || r == ',' || r == ';'
}

func blankCells(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (r *Reader) fail(line int, msg string) *InputError {
	return &InputError{File: r.name, Line: line, Msg: msg}
}

// record is one CSV record and where it lies.
type record struct {
	cells   []string // shared with the parser: valid until the next read
	start   int      // file line where it starts
	number  int      // spreadsheet row
	problem string   // why this record alone cannot be read
}

// readRecord reads the next record and numbers it. Blank lines the
// parser skipped are the gap between the end of the last record and
// the start of this one; they count as spreadsheet rows.
func (r *Reader) readRecord() (record, error) {
	cells, err := r.csv.Read()
	if err == io.EOF {
		return record{}, io.EOF
	}
	if errors.Is(err, errRecordTooLong) {
		return record{}, r.tooLong()
	}
	rec := record{cells: cells}
	var end int
	if err != nil {
		rec.start, end, rec.problem, err = r.parseProblem(err)
		if err != nil {
			return record{}, err
		}
	} else {
		rec.start, _ = r.csv.FieldPos(0)
		last := len(cells) - 1
		end, _ = r.csv.FieldPos(last)
		end += strings.Count(cells[last], "\n")
	}

	offset := r.csv.InputOffset()
	if offset-r.prevOffset > r.maxRecord {
		return record{}, r.tooLong()
	}
	r.prevOffset = offset
	r.limiter.extend(offset, r.maxRecord)

	rec.number = r.prevNumber + rec.start - r.prevEnd
	r.prevNumber, r.prevEnd = rec.number, end
	return rec, nil
}

// parseProblem sorts a read error: a broken quote within one row is
// that row's problem; one spanning lines may have swallowed rows, so it
// is fatal like any other error.
//
// TODO: a legitimate multi-line cell with a stray character after its
// closing quote is fatal too, because it cannot be told apart from an
// unclosed quote that ran into later rows.
func (r *Reader) parseProblem(err error) (start, end int, problem string, fatal error) {
	var perr *csv.ParseError
	if !errors.As(err, &perr) {
		return 0, 0, "", fmt.Errorf("read %s: %w", r.name, err)
	}
	if perr.Line > perr.StartLine && perr.Err == csv.ErrQuote {
		return 0, 0, "", r.fail(perr.StartLine, unclosedQuote)
	}
	return perr.StartLine, perr.Line, quoteProblem(perr), nil
}

const unclosedQuote = "a quoted cell starting on this line is not " +
	"closed where it should be, so the rows after it cannot be told " +
	"apart; check its quotes (a quote inside a cell must be doubled: \"\")"

// tooLong reports a record over the limit at the line after the last
// record, where it (or the blank lines before it) starts.
func (r *Reader) tooLong() *InputError {
	return r.fail(r.prevEnd+1, fmt.Sprintf("a row starting here is "+
		"longer than %s, which no spreadsheet row is; look for a quote "+
		"that is never closed, or check that this is the right file",
		sizeText(r.maxRecord)))
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// quoteProblem turns a parse error that spoils one line into a
// sentence for that row.
//
// TODO: encoding/csv returns only the cells before the broken one, so
// the results file echoes that row with its later cells blank; the
// clerk finds the row by its number, not by its contents.
func quoteProblem(e *csv.ParseError) string {
	where := fmt.Sprintf("(line %d, character %d)", e.Line, e.Column)
	if errors.Is(e.Err, csv.ErrBareQuote) {
		return "a cell holds a quote (\") but does not start with one " +
			where + "; put the whole cell in quotes and double the " +
			"quote inside it (\"\")"
	}
	return "a quoted cell has text after its closing quote " + where +
		"; double any quote inside the cell (\"\")"
}
