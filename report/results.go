package report

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ResultColumns are the columns the results file adds after the input's
// own, in order. Callers must not modify it.
var ResultColumns = []string{
	"status", "order_no", "order_id", "order_status", "transaction_no",
	"instance_id", "partner_id", "billing_contact_id", "service_id",
	"po_number", "request_id", "attempts", "error", "ordered_at",
}

// Result is one row of the results file. Row is the spreadsheet row
// number of the input row and Cells its cells as read. A zero OrderedAt
// is written as an empty cell; Attempts is always written, 0 included.
type Result struct {
	Row              int
	Cells            []string
	Status           string
	OrderNo          string
	OrderID          string
	OrderStatus      string
	TransactionNo    string
	InstanceID       string
	PartnerID        string
	BillingContactID string
	ServiceID        string
	PONumber         string
	RequestID        string
	Attempts         int
	Error            string
	OrderedAt        time.Time
}

// Options shape the results file. The zero value writes a byte order
// mark.
type Options struct {
	// NoBOM leaves out the UTF-8 byte order mark that Excel needs to
	// read the file as UTF-8.
	NoBOM bool
	// Semicolon separates cells with ';' instead of ','. A sheet that
	// came from European Excel, whose list separator is ';', gets its
	// results the same way, or that Excel shows each row in one cell.
	Semicolon bool
}

// resultsMode is the results file's permission: the owner writes, its
// group (accounting) reads, nobody else.
const resultsMode = 0o640

// ResultsWriter writes a results file to a temporary file beside its
// target and puts it in place on Commit. Until then an existing file at
// the target is untouched. It is not safe for concurrent use.
type ResultsWriter struct {
	path   string
	f      *os.File
	buf    *bufio.Writer
	csv    *csv.Writer
	width  int      // number of input columns
	record []string // reused for every row
	done   bool     // committed or aborted
}

// CreateResults starts the results file for path: a temporary file in
// the same directory (so the rename is atomic), mode 0640, holding the
// header row: "row", the input header cells, then ResultColumns.
func CreateResults(path string, inputHeader []string, opt Options) (*ResultsWriter, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("report: create results file: %w", err)
	}
	buf := bufio.NewWriterSize(f, 64<<10)
	w := &ResultsWriter{
		path:   path,
		f:      f,
		buf:    buf,
		csv:    csv.NewWriter(buf), // writes straight into buf
		width:  len(inputHeader),
		record: make([]string, 0, 1+len(inputHeader)+len(ResultColumns)),
	}
	w.csv.UseCRLF = true
	if opt.Semicolon {
		w.csv.Comma = ';'
	}
	if err := w.start(inputHeader, opt); err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// start sets the mode and writes the byte order mark and header row.
//
// TODO: an input column named like a result column ("status", "error")
// appears twice in the header; a program that looks columns up by name
// may take the input's. Renaming either would break someone's import.
func (w *ResultsWriter) start(inputHeader []string, opt Options) error {
	if err := w.f.Chmod(resultsMode); err != nil {
		return fmt.Errorf("report: create results file: %w", err)
	}
	if !opt.NoBOM {
		w.buf.WriteString("\uFEFF")
	}
	rec := append(w.record[:0], "row")
	for _, cell := range inputHeader {
		rec = append(rec, sanitize(cell))
	}
	rec = append(rec, ResultColumns...)
	return w.writeRecord(rec)
}

// Write adds one row. Cells are padded or cut to the input header's
// width; every text cell is made valid UTF-8 and defused. Write buffers:
// an error may surface only on a later Write or on Commit.
func (w *ResultsWriter) Write(r Result) error {
	if w.done {
		return errors.New("report: write after commit or abort")
	}
	rec := append(w.record[:0], strconv.Itoa(r.Row))
	for i := range w.width {
		cell := ""
		if i < len(r.Cells) {
			cell = sanitize(r.Cells[i])
		}
		rec = append(rec, cell)
	}
	rec = append(rec,
		sanitize(r.Status), sanitize(r.OrderNo), sanitize(r.OrderID),
		sanitize(r.OrderStatus), sanitize(r.TransactionNo),
		sanitize(r.InstanceID), sanitize(r.PartnerID),
		sanitize(r.BillingContactID), sanitize(r.ServiceID),
		sanitize(r.PONumber), sanitize(r.RequestID),
		strconv.Itoa(r.Attempts), sanitize(r.Error),
		formatTime(r.OrderedAt))
	return w.writeRecord(rec)
}

func (w *ResultsWriter) writeRecord(rec []string) error {
	w.record = rec
	if err := w.csv.Write(rec); err != nil {
		return fmt.Errorf("report: write results file: %w", err)
	}
	return nil
}

// formatTime writes t in RFC 3339, UTC, to the second; zero is empty.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Commit makes the file durable and puts it at its path: flush, fsync,
// mode 0640, rename over any older file, fsync the directory. On error
// the temporary file is removed and an older file at the path is left
// as it was. Commit after Commit or Abort is an error.
func (w *ResultsWriter) Commit() error {
	if w.done {
		return errors.New("report: commit after commit or abort")
	}
	if err := w.finish(); err != nil {
		w.Abort()
		return fmt.Errorf("report: commit results file: %w", err)
	}
	w.done = true
	if err := syncDir(filepath.Dir(w.path)); err != nil {
		return fmt.Errorf("report: commit results file: %w", err)
	}
	return nil
}

// finish writes the temporary file out and renames it into place.
func (w *ResultsWriter) finish() error {
	w.csv.Flush()
	if err := w.csv.Error(); err != nil {
		return err
	}
	if err := w.f.Sync(); err != nil {
		return err
	}
	// Again, in case something changed it since CreateResults.
	if err := w.f.Chmod(resultsMode); err != nil {
		return err
	}
	if err := w.f.Close(); err != nil {
		return err
	}
	return os.Rename(w.f.Name(), w.path)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Abort removes the temporary file, leaving any older file at the path
// untouched. It is safe to defer: after Commit or Abort it does nothing.
func (w *ResultsWriter) Abort() error {
	if w.done {
		return nil
	}
	w.done = true
	w.f.Close() // the error is moot: the file is being removed
	if err := os.Remove(w.f.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("report: remove temporary results file: %w", err)
	}
	return nil
}
