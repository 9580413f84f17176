package batch

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Entry is one row as the ledger keeps it.
type Entry struct {
	Identity    string
	Batch       string
	InputFile   string
	RowNumber   int
	Cells       []string
	Content     string
	Fingerprint string
	PONumber    string
	Status      Status

	ProductID        int64
	PartnerID        string
	BillingContactID string
	ServiceID        string
	Quantity         int

	OrderNo       string
	OrderID       string
	OrderStatus   string
	TransactionNo string
	InstanceID    string
	RequestID     string

	Attempts    int
	FirstSentAt time.Time
	LastSentAt  time.Time
	OrderedAt   time.Time
	LastError   string
	RunID       int64
}

// ErrAlreadyOrdered guards the write-ahead record: a row the ledger
// holds as ordered, or as sent with no answer yet, is never sent again.
var ErrAlreadyOrdered = errors.New("ledger: row is already ordered or awaiting reconciliation")

const entryColumns = `identity, batch, input_file, row_number, cells,
	content, fingerprint, po_number, status, product_id, partner_id,
	billing_contact_id, service_id, quantity, order_no, order_id,
	order_status, transaction_no, instance_id, request_id, attempts,
	first_sent_at, last_sent_at, ordered_at, last_error, run_id`

// StartRun records the start of a command and returns the run's ID.
func (l *Ledger) StartRun(command, inputFile string, d RunDefaults) (int64, error) {
	var id int64
	defaults, _ := json.Marshal(d)
	err := l.write(func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO runs
			(command, input_file, batch, pid, started_at, defaults)
			VALUES (?, ?, ?, ?, ?, ?)`,
			command, inputFile, d.Batch, os.Getpid(), l.stamp(),
			string(defaults))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// FinishRun records how a run ended.
func (l *Ledger) FinishRun(id int64, exitCode int, summary string) error {
	return l.write(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE runs SET finished_at = ?, exit_code = ?,
			summary = ? WHERE id = ?`, l.stamp(), exitCode, summary, id)
		return err
	})
}

// Lookup returns the entries held for the given identities.
func (l *Ledger) Lookup(keys []string) (map[string]Entry, error) {
	out := make(map[string]Entry)
	if l.db == nil {
		return out, nil
	}
	const chunk = 400 // well under SQLite's limit on bound parameters
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		query := "SELECT " + entryColumns + " FROM rows WHERE identity IN (?" +
			strings.Repeat(",?", len(part)-1) + ")"
		args := make([]any, len(part))
		for i, k := range part {
			args[i] = k
		}
		if err := l.scanInto(out, query, args...); err != nil {
			return nil, fmt.Errorf("read ledger: %w", err)
		}
	}
	return out, nil
}

// Unknown returns every row sent without a known outcome, oldest first.
func (l *Ledger) Unknown() ([]Entry, error) {
	if l.db == nil {
		return nil, nil
	}
	found := map[string]Entry{}
	err := l.scanInto(found, "SELECT "+entryColumns+
		" FROM rows WHERE status = ?", string(StatusUnknown))
	if err != nil {
		return nil, fmt.Errorf("read ledger: %w", err)
	}
	list := make([]Entry, 0, len(found))
	for _, e := range found {
		list = append(list, e)
	}
	sortBySent(list)
	return list, nil
}

// RecordSending is the write-ahead record: it marks the row as sent with
// no answer yet (status unknown) and counts the attempt, durably, before
// the request leaves. A row already ordered or already awaiting an
// answer is refused with ErrAlreadyOrdered.
func (l *Ledger) RecordSending(e *Entry) error {
	now := l.now().UTC()
	e.Status = StatusUnknown
	e.LastSentAt = now
	if e.FirstSentAt.IsZero() {
		e.FirstSentAt = now
	}
	e.Attempts++
	return l.write(func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO rows (`+entryColumns+`, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT(identity) DO UPDATE SET
				batch = excluded.batch, input_file = excluded.input_file,
				row_number = excluded.row_number, cells = excluded.cells,
				content = excluded.content, fingerprint = excluded.fingerprint,
				po_number = excluded.po_number, status = excluded.status,
				product_id = excluded.product_id, partner_id = excluded.partner_id,
				billing_contact_id = excluded.billing_contact_id,
				service_id = excluded.service_id, quantity = excluded.quantity,
				request_id = '', attempts = rows.attempts + 1,
				first_sent_at = COALESCE(rows.first_sent_at, excluded.first_sent_at),
				last_sent_at = excluded.last_sent_at, last_error = '',
				run_id = excluded.run_id, updated_at = excluded.updated_at
			WHERE rows.status NOT IN ('ordered', 'unknown')`,
			append(entryArgs(*e), stamp(now))...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrAlreadyOrdered
		}
		return addEvent(tx, now, e.RunID, e.Identity, "sending",
			fmt.Sprintf("attempt %d, po_number %s", e.Attempts, e.PONumber))
	})
}

// RecordOutcome stores what became of a row: its status, order fields,
// request ID and error, with an event explaining the change.
func (l *Ledger) RecordOutcome(e Entry, event, detail string) error {
	return l.write(l.outcome(e, event, detail))
}

// RecordOutcomeLater queues the outcome of an order without waiting for
// the disk. If it is lost (a crash, a power cut), the write-ahead record
// still says unknown and the next run reconciles the row from the order
// list, so waiting would only slow every order down. Errors surface in
// Flush.
func (l *Ledger) RecordOutcomeLater(e Entry, event, detail string) error {
	return l.writeLater(l.outcome(e, event, detail))
}

func (l *Ledger) outcome(e Entry, event, detail string) func(tx *sql.Tx) error {
	now := l.now().UTC()
	return func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE rows SET status = ?, order_no = ?,
			order_id = ?, order_status = ?, transaction_no = ?,
			instance_id = ?, request_id = ?, ordered_at = ?, last_error = ?,
			updated_at = ? WHERE identity = ?`,
			string(e.Status), e.OrderNo, e.OrderID, e.OrderStatus,
			e.TransactionNo, e.InstanceID, e.RequestID, nullTime(e.OrderedAt),
			e.LastError, stamp(now), e.Identity)
		if err != nil {
			return err
		}
		return addEvent(tx, now, e.RunID, e.Identity, event, detail)
	}
}

func addEvent(tx *sql.Tx, at time.Time, runID int64, identity, event, detail string) error {
	_, err := tx.Exec(`INSERT INTO events (at, run_id, identity, event, detail)
		VALUES (?, ?, ?, ?, ?)`, stamp(at), runID, identity, event, detail)
	return err
}

func entryArgs(e Entry) []any {
	cells, _ := json.Marshal(e.Cells)
	return []any{e.Identity, e.Batch, e.InputFile, e.RowNumber, string(cells),
		e.Content, e.Fingerprint, e.PONumber, string(e.Status), e.ProductID,
		e.PartnerID, e.BillingContactID, e.ServiceID, e.Quantity, e.OrderNo,
		e.OrderID, e.OrderStatus, e.TransactionNo, e.InstanceID, e.RequestID,
		e.Attempts, nullTime(e.FirstSentAt), nullTime(e.LastSentAt),
		nullTime(e.OrderedAt), e.LastError, e.RunID}
}

func (l *Ledger) scanInto(out map[string]Entry, query string, args ...any) error {
	rows, err := l.db.Query(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		out[e.Identity] = e
	}
	return rows.Err()
}

func scanEntry(rows *sql.Rows) (Entry, error) {
	var (
		e                   Entry
		cells, status       string
		first, last, placed sql.NullString
		runID               sql.NullInt64
		product, quantity   sql.NullInt64
	)
	err := rows.Scan(&e.Identity, &e.Batch, &e.InputFile, &e.RowNumber,
		&cells, &e.Content, &e.Fingerprint, &e.PONumber, &status, &product,
		&e.PartnerID, &e.BillingContactID, &e.ServiceID, &quantity,
		&e.OrderNo, &e.OrderID, &e.OrderStatus, &e.TransactionNo,
		&e.InstanceID, &e.RequestID, &e.Attempts, &first, &last, &placed,
		&e.LastError, &runID)
	if err != nil {
		return e, err
	}
	e.Status = Status(status)
	e.ProductID, e.Quantity = product.Int64, int(quantity.Int64)
	e.RunID = runID.Int64
	e.FirstSentAt, e.LastSentAt = parseStamp(first), parseStamp(last)
	e.OrderedAt = parseStamp(placed)
	_ = json.Unmarshal([]byte(cells), &e.Cells)
	return e, nil
}

func (l *Ledger) stamp() string { return stamp(l.now()) }

// stamp writes times as RFC 3339 in UTC with nanoseconds, which sort as
// text and read well in the sqlite3 shell.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return stamp(t)
}

func parseStamp(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s.String)
	return t
}

// RecordInvalidAll keeps several invalid rows in one transaction.
func (l *Ledger) RecordInvalidAll(entries []Entry) error {
	now := l.now().UTC()
	return l.write(func(tx *sql.Tx) error {
		for _, e := range entries {
			e.Status = StatusInvalid
			_, err := tx.Exec(`INSERT INTO rows (`+entryColumns+`, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
				ON CONFLICT(identity) DO UPDATE SET
					row_number = excluded.row_number, cells = excluded.cells,
					input_file = excluded.input_file, status = 'invalid',
					last_error = excluded.last_error, run_id = excluded.run_id,
					updated_at = excluded.updated_at
				WHERE rows.status IN ('invalid', 'failed', 'not_attempted')`,
				append(entryArgs(e), stamp(now))...)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// RunDefaults are the options a row's identity depends on: the batch,
// the defaults that fill empty cells, the product and the quantity
// limit. A run records them so that report and settle, which must
// compute the same identities, can reuse them.
type RunDefaults struct {
	Batch       string `json:"batch"`
	Service     string `json:"service"`
	Billing     string `json:"billing"`
	ProductID   int64  `json:"product_id"`
	MaxQuantity int    `json:"max_quantity"`
}

// LastRunDefaults returns the options of the newest run of inputFile and
// when it started; ok is false when no run of it recorded them.
func (l *Ledger) LastRunDefaults(inputFile string) (d RunDefaults, at time.Time, ok bool, err error) {
	if l.db == nil {
		return d, at, false, nil
	}
	var raw, started string
	err = l.db.QueryRow(`SELECT defaults, started_at FROM runs
		WHERE command = 'run' AND input_file = ? AND defaults != ''
		ORDER BY id DESC LIMIT 1`, inputFile).Scan(&raw, &started)
	if errors.Is(err, sql.ErrNoRows) {
		return d, at, false, nil
	}
	if err != nil {
		return d, at, false, fmt.Errorf("read ledger: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		return d, at, false, fmt.Errorf("read ledger: run defaults: %w", err)
	}
	at, _ = time.Parse(time.RFC3339Nano, started)
	return d, at, true, nil
}
