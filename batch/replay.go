package batch

import (
	"database/sql"
	"fmt"
	"io"
)

// Replay rebuilds each row's outcome from the ledger alone, calling no
// API: the report command. A row the ledger has never seen is
// not_attempted. The options must match the run's (batch, --service,
// --billing), since a row's identity depends on them; the ledger keeps
// each run's (LastRunDefaults) for that.
func Replay(l *Ledger, in *Reader, opt Options, sink func(Outcome) error) (Totals, error) {
	r := NewRunner(nil, l, opt)
	totals := newTotals(r.opt.Now())
	err := r.eachJob(in, func(j job) error {
		o := r.replayed(j)
		totals.add(o)
		return sink(o)
	})
	totals.Finished = r.opt.Now()
	return totals, err
}

func (r *Runner) replayed(j job) Outcome {
	if j.prior == nil {
		return r.notAttempted(j, "the ledger has no record of this row: "+
			"no run has reached it yet")
	}
	e := *j.prior
	o := Outcome{Row: j.row, Status: e.Status, Entry: e, Error: e.LastError}
	if e.Status == StatusOrdered && e.Fingerprint != j.content.Fingerprint() {
		return r.invalid(j, reusedReference(j, e))
	}
	return o
}

// eachJob reads the input and hands over every row with its identity
// and ledger record, in input order.
func (r *Runner) eachJob(in *Reader, fn func(job) error) error {
	return r.eachChunk(in, func(jobs []job, lookupErr error) error {
		if lookupErr != nil {
			return lookupErr
		}
		for _, j := range jobs {
			if err := fn(j); err != nil {
				return err
			}
		}
		return nil
	})
}

// Settlement is what a person found in the portal for an unknown row.
type Settlement struct {
	Row        int    // spreadsheet row number
	OrderNo    string // the order found, or "" with NotOrdered
	NotOrdered bool   // no order exists: the next run sends the row
}

// Settle records a person's finding for an unknown row and returns the
// updated entry. Only rows whose outcome is unknown can be settled.
func Settle(l *Ledger, in *Reader, opt Options, s Settlement) (Entry, error) {
	r := NewRunner(nil, l, opt)
	var target *job
	err := r.eachJob(in, func(j job) error {
		if j.row.Number == s.Row {
			target = &j
			return io.EOF
		}
		return nil
	})
	if err != nil && err != io.EOF {
		return Entry{}, err
	}
	if target == nil {
		return Entry{}, fmt.Errorf("the file has no row %d", s.Row)
	}
	if target.prior == nil || target.prior.Status != StatusUnknown {
		status := "not in the ledger"
		if target.prior != nil {
			status = string(target.prior.Status)
		}
		return Entry{}, fmt.Errorf("row %d is %s, not unknown; only "+
			"unknown rows need settling", s.Row, status)
	}
	e := *target.prior
	return e, l.settle(&e, s)
}

func (l *Ledger) settle(e *Entry, s Settlement) error {
	now := l.now().UTC()
	detail := "operator found order " + s.OrderNo
	if s.NotOrdered {
		e.Status = StatusNotAttempted
		e.LastError = "settled by an operator: no order exists; the next run sends it"
		detail = "operator found no order"
	} else {
		e.Status = StatusOrdered
		e.OrderNo = s.OrderNo
		e.OrderedAt = firstNonZero(e.LastSentAt, now)
		e.LastError = "settled by an operator from the portal; order_id and " +
			"order_status were not recorded"
	}
	return l.write(func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE rows SET status = ?, order_no = ?,
			ordered_at = ?, last_error = ?, updated_at = ? WHERE identity = ?
			AND status = 'unknown'`, string(e.Status), e.OrderNo,
			nullTime(e.OrderedAt), e.LastError, stamp(now), e.Identity)
		if err != nil {
			return err
		}
		return addEvent(tx, now, 0, e.Identity, "settled", detail)
	})
}
