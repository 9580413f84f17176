package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// update rewrites golden files in testdata instead of comparing.
var update = flag.Bool("update", false, "rewrite golden files in testdata")

var goldenHeader = []string{"Partner", "Qty", "Billing", "=Notes"}

var goldenResults = []Result{
	{
		Row: 2, Cells: []string{"acme@example.com", "2", "Jane Doe", "first, urgent"},
		Status: "ordered", OrderNo: "000123", OrderID: "3192837465019283746",
		OrderStatus: "paid", TransactionNo: "T20261203000001",
		InstanceID: "3192837465019283001", PartnerID: "3192837465019280000",
		BillingContactID: "3192837465019283999", ServiceID: "12",
		PONumber: "PO-1", RequestID: "req-1", Attempts: 1,
		OrderedAt: time.Date(2026, 12, 3, 2, 15, 4, 999, time.FixedZone("CET", 3600)),
	},
	{
		Row: 4, Cells: []string{"=cmd|' /C calc'!A0", "two"},
		Status: "invalid", Error: `quantity "two" is not a number; enter a whole number such as 2`,
	},
	{
		Row: 5, Cells: []string{"M\xfcller", "1", "x", "two\nlines", "extra"},
		Status: "unknown", PONumber: "-5", RequestID: "req-2", Attempts: 3,
		Error: "no answer came; the order may exist",
	},
}

func writeGolden(t *testing.T, path string, opt Options) {
	t.Helper()
	w, err := CreateResults(path, goldenHeader, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, r := range goldenResults {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestResultsGolden compares a results file byte for byte with
// testdata/results.golden.csv; -update rewrites it.
func TestResultsGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.results.csv")
	writeGolden(t, path, Options{})
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/results.golden.csv"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("results file mismatch (-want +got):\n%s", diff)
	}
}

func TestResultsBOM(t *testing.T) {
	for _, noBOM := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "r.csv")
		writeGolden(t, path, Options{NoBOM: noBOM})
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		hasBOM := bytes.HasPrefix(got, []byte("\xEF\xBB\xBFrow,"))
		if hasBOM == noBOM || !bytes.Contains(got, []byte("row,Partner")) {
			t.Errorf("NoBOM=%v: file starts %q", noBOM, got[:10])
		}
	}
}

func TestResultsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.csv")
	writeGolden(t, path, Options{})
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o640 {
		t.Errorf("mode = %v, want 0640", got)
	}
}

// dirNames lists a directory, for checking what is left behind.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestResultsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.csv")
	w, err := CreateResults(path, goldenHeader, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(goldenResults[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("results file exists before Commit: %v", err)
	}
	names := dirNames(t, dir)
	if len(names) != 1 || !strings.HasPrefix(names[0], ".r.csv.") {
		t.Fatalf("while writing the dir holds %q, want one temp file", names)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "r.csv" {
		t.Errorf("after Commit the dir holds %q, want [r.csv]", names)
	}
	if err := w.Abort(); err != nil {
		t.Errorf("Abort after Commit = %v, want nil", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Abort after Commit removed the file: %v", err)
	}
	if err := w.Commit(); err == nil {
		t.Error("second Commit = nil, want an error")
	}
	if err := w.Write(goldenResults[0]); err == nil {
		t.Error("Write after Commit = nil, want an error")
	}
}

func TestResultsAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	w, err := CreateResults(filepath.Join(dir, "r.csv"), goldenHeader, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(goldenResults[1])
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("after Abort the dir holds %q, want nothing", names)
	}
	if err := w.Commit(); err == nil {
		t.Error("Commit after Abort = nil, want an error")
	}
}

// TestResultsFailedRunKeepsOlder checks that a run that aborts leaves
// the previous results file as it was, and one that commits replaces it.
func TestResultsFailedRunKeepsOlder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.csv")
	const older = "row,status\r\n2,ordered\r\n"
	if err := os.WriteFile(path, []byte(older), 0o640); err != nil {
		t.Fatal(err)
	}
	w, err := CreateResults(path, goldenHeader, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(goldenResults[1])
	w.Abort()
	if got, _ := os.ReadFile(path); string(got) != older {
		t.Fatalf("after Abort the file is %q, want the older %q", got, older)
	}

	writeGolden(t, path, Options{})
	if got, _ := os.ReadFile(path); string(got) == older {
		t.Error("Commit kept the older file")
	}
}

func TestCreateResultsMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope", "r.csv")
	if _, err := CreateResults(path, goldenHeader, Options{}); err == nil {
		t.Error("CreateResults in a missing dir = nil, want an error")
	}
}

func TestCreateResultsRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	writeGolden(t, "r.csv", Options{})
	if _, err := os.Stat("r.csv"); err != nil {
		t.Error(err)
	}
}
