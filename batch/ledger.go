package batch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Ledger is the embedded SQLite database that remembers every row ever
// sent, so that no row is ordered twice. One run at a time holds it
// (see lock.go). Writes go through a single goroutine that commits
// several workers' writes in one transaction (group commit), each durable
// before the caller returns. A Ledger is safe for concurrent use.
type Ledger struct {
	Path     string
	db       *sql.DB
	lock     *fileLock
	writes   chan writeOp
	finished chan struct{}
	now      func() time.Time
	laterErr firstError // first failed writeLater
}

// ErrReadOnly is returned by writes to a ledger opened for reading.
var ErrReadOnly = errors.New("ledger opened read-only")

// OpenLedger opens (creating if needed) the ledger file in dir and takes
// its lock. A ledger held by another process is an error naming it.
func OpenLedger(dir, name string) (*Ledger, error) {
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create state directory: %w", err)
	}
	lock, err := acquireLock(path + ".lock")
	if err != nil {
		return nil, err
	}
	l, err := openDB(path, false)
	if err != nil {
		lock.release()
		return nil, err
	}
	l.lock = lock
	l.writes = make(chan writeOp)
	l.finished = make(chan struct{})
	go l.writeLoop()
	return l, nil
}

// OpenLedgerReadOnly opens an existing ledger for reading, without the
// lock, so plan and report work while a run holds it. A missing ledger
// reads as empty.
func OpenLedgerReadOnly(dir, name string) (*Ledger, error) {
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return &Ledger{Path: path, now: time.Now}, nil
	}
	return openDB(path, true)
}

func openDB(path string, readOnly bool) (*Ledger, error) {
	if !readOnly {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("open ledger %s: %w", path, err)
		}
		f.Close()
	}
	db, err := sql.Open("sqlite", dsn(path, readOnly))
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	if !readOnly {
		if err := migrate(db); err != nil {
			db.Close()
			return nil, fmt.Errorf("prepare ledger %s: %w", path, err)
		}
	}
	return &Ledger{Path: path, db: db, now: time.Now}, nil
}

// dsn sets the pragmas every connection needs. WAL lets plan and report
// read while a run writes; synchronous=FULL makes each commit survive a
// power cut, which the write-ahead promise needs, and group commit keeps
// its fsyncs affordable.
func dsn(path string, readOnly bool) string {
	q := []string{
		"_pragma=busy_timeout(10000)",
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(FULL)",
		"_txlock=immediate",
	}
	if readOnly {
		q = append(q, "mode=ro")
	}
	return "file:" + path + "?" + strings.Join(q, "&")
}

// Close stops the writer, closes the database and releases the lock.
func (l *Ledger) Close() error {
	if l.writes != nil {
		close(l.writes)
		<-l.finished
		l.writes = nil
	}
	var err error
	if l.db != nil {
		err = l.db.Close()
	}
	if l.lock != nil {
		l.lock.release()
	}
	return err
}

// writeOp is one caller's write, applied inside a shared transaction.
// done is nil for a write nobody waits for; its error is kept for Flush.
type writeOp struct {
	apply func(tx *sql.Tx) error
	done  chan error
}

// maxGroup bounds how many writes share one commit.
const maxGroup = 64

// write runs apply in a transaction and returns once it is committed.
func (l *Ledger) write(apply func(tx *sql.Tx) error) error {
	if l.writes == nil {
		return ErrReadOnly
	}
	op := writeOp{apply: apply, done: make(chan error, 1)}
	l.writes <- op
	return <-op.done
}

// writeLater queues apply without waiting for its commit. Only writes
// whose loss is safe may use it: an order's outcome is one, since a row
// whose outcome never reached the disk stays unknown and is reconciled.
func (l *Ledger) writeLater(apply func(tx *sql.Tx) error) error {
	if l.writes == nil {
		return ErrReadOnly
	}
	l.writes <- writeOp{apply: apply}
	return nil
}

// Flush waits until every queued write is committed and returns the
// first error of a write nobody waited for.
func (l *Ledger) Flush() error {
	if err := l.write(func(*sql.Tx) error { return nil }); err != nil {
		return err
	}
	return l.laterErr.get()
}

func (l *Ledger) writeLoop() {
	defer close(l.finished)
	for op := range l.writes {
		group := []writeOp{op}
	drain:
		for len(group) < maxGroup {
			select {
			case more, ok := <-l.writes:
				if !ok {
					break drain
				}
				group = append(group, more)
			default:
				break drain
			}
		}
		l.commitGroup(group)
	}
}

// commitGroup applies each write and commits them together. A write that
// fails is rolled back to its savepoint and reported to its caller
// alone; the others still commit.
func (l *Ledger) commitGroup(group []writeOp) {
	errs := make([]error, len(group))
	tx, err := l.db.BeginTx(context.Background(), nil)
	if err == nil {
		for i, op := range group {
			errs[i] = applyOne(tx, op)
		}
		err = tx.Commit()
	}
	for i, op := range group {
		if err != nil {
			errs[i] = fmt.Errorf("commit ledger: %w", err)
		}
		if op.done != nil {
			op.done <- errs[i]
		} else if errs[i] != nil {
			l.laterErr.set(errs[i])
		}
	}
}

func applyOne(tx *sql.Tx, op writeOp) error {
	if _, err := tx.Exec("SAVEPOINT op"); err != nil {
		return err
	}
	if err := op.apply(tx); err != nil {
		tx.Exec("ROLLBACK TO op")
		tx.Exec("RELEASE op")
		return err
	}
	_, err := tx.Exec("RELEASE op")
	return err
}
