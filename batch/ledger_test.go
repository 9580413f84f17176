package batch

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func openTestLedger(t *testing.T, dir string) *Ledger {
	t.Helper()
	l, err := OpenLedger(dir, "ledger.db")
	if err != nil {
		t.Fatalf("OpenLedger: %v", err)
	}
	return l
}

func TestLedgerFileModeAndLock(t *testing.T) {
	dir := t.TempDir()
	l := openTestLedger(t, dir)
	info, err := os.Stat(filepath.Join(dir, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("ledger mode = %04o, want 0600", perm)
	}
	_, err = OpenLedger(dir, "ledger.db")
	var locked *LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("second OpenLedger error = %v, want LockedError", err)
	}
	if !strings.Contains(err.Error(), "pid ") {
		t.Errorf("lock error %q does not name the holder", err)
	}
	l.Close()
	l2 := openTestLedger(t, dir)
	l2.Close()
}

func TestRecordSendingIsWriteAheadAndGuarded(t *testing.T) {
	l := openTestLedger(t, t.TempDir())
	defer l.Close()
	e := Entry{Identity: "ref:PO-1", Batch: "b", PONumber: "PO-1", Cells: []string{"x"}}
	if err := l.RecordSending(&e); err != nil {
		t.Fatalf("RecordSending: %v", err)
	}
	got, err := l.Lookup([]string{"ref:PO-1"})
	if err != nil {
		t.Fatal(err)
	}
	if s := got["ref:PO-1"].Status; s != StatusUnknown {
		t.Fatalf("status after write-ahead = %q, want unknown", s)
	}
	// A row awaiting its answer is never sent a second time.
	again := e
	if err := l.RecordSending(&again); !errors.Is(err, ErrAlreadyOrdered) {
		t.Fatalf("second RecordSending = %v, want ErrAlreadyOrdered", err)
	}
	e.Status, e.OrderNo = StatusFailed, ""
	if err := l.RecordOutcome(e, "failed", "refused"); err != nil {
		t.Fatal(err)
	}
	retry := e
	if err := l.RecordSending(&retry); err != nil {
		t.Fatalf("resend after failure: %v", err)
	}
	got, _ = l.Lookup([]string{"ref:PO-1"})
	if a := got["ref:PO-1"].Attempts; a != 2 {
		t.Errorf("attempts = %d, want 2", a)
	}
	retry.Status, retry.OrderNo = StatusOrdered, "UG1"
	if err := l.RecordOutcome(retry, "ordered", ""); err != nil {
		t.Fatal(err)
	}
	third := retry
	if err := l.RecordSending(&third); !errors.Is(err, ErrAlreadyOrdered) {
		t.Fatalf("RecordSending of an ordered row = %v, want ErrAlreadyOrdered", err)
	}
}

func TestGroupCommitManyWriters(t *testing.T) {
	l := openTestLedger(t, t.TempDir())
	defer l.Close()
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := Entry{Identity: "row:" + strconv.Itoa(i), PONumber: "P" + strconv.Itoa(i)}
			if err := l.RecordSending(&e); err != nil {
				t.Errorf("RecordSending %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	unknown, err := l.Unknown()
	if err != nil || len(unknown) != 200 {
		t.Fatalf("Unknown() = %d rows, %v; want 200", len(unknown), err)
	}
}

// A ledger written by the first release (schema 1) opens, keeps its
// rows and gains the runs.defaults column.
func TestMigrateFromSchema1(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(migrations[0] + "; PRAGMA user_version = 1;"); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO rows (identity, batch, input_file, row_number,
		cells, content, fingerprint, po_number, status, updated_at)
		VALUES ('ref:OLD', 'b', 'f', 2, '[]', '', '', 'OLD', 'ordered', 'x')`)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	l := openTestLedger(t, dir)
	defer l.Close()
	got, err := l.Lookup([]string{"ref:OLD"})
	if err != nil || got["ref:OLD"].Status != StatusOrdered {
		t.Fatalf("old row after migration = %+v, %v", got["ref:OLD"], err)
	}
	want := RunDefaults{Batch: "b", Billing: "Alice Martin", ProductID: 19, MaxQuantity: 100}
	if _, err := l.StartRun("run", "/in.csv", want); err != nil {
		t.Fatal(err)
	}
	d, _, ok, err := l.LastRunDefaults("/in.csv")
	if err != nil || !ok || d != want {
		t.Errorf("LastRunDefaults = %+v, %v, %v; want %+v", d, ok, err, want)
	}
}
