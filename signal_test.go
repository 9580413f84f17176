package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

// TestSIGINTFinishesInFlight interrupts a slow run: it exits 130 with a
// complete results file in which the rows not reached are
// not_attempted and no row has an order the sandbox lacks, or the
// reverse; a rerun then orders the rest exactly once.
func TestSIGINTFinishesInFlight(t *testing.T) {
	for _, signals := range []int{1, 2} {
		t.Run(fmt.Sprintf("signals=%d", signals), func(t *testing.T) {
			testInterrupt(t, signals)
		})
	}
}

func testInterrupt(t *testing.T, signals int) {
	const rows = 50
	bin := buildBinary(t)
	srv, url := e2ePortal(t, sandbox.Options{Latency: 200 * time.Millisecond, Seed: 5})
	dir := t.TempDir()
	input := e2eInput(t, dir, rows, rand.New(rand.NewPCG(5, 5)))
	results := strings.TrimSuffix(input, ".csv") + ".results.csv"
	state := filepath.Join(dir, "state")

	cmd, _, stderr := ybCommand(bin, runArgs(url, state, "--workers", "2", input)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForOrders(t, srv, 3, 10*time.Second)
	start := time.Now()
	for range signals {
		cmd.Process.Signal(syscall.SIGINT)
		time.Sleep(20 * time.Millisecond)
	}
	code := waitExit(t, cmd, 10*time.Second)
	t.Logf("%d signal(s): exit %d after %s; sandbox orders %d", signals, code,
		time.Since(start).Round(time.Millisecond), len(srv.Orders()))
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", code, exitInterrupted, stderr)
	}

	if signals == 1 {
		out := readResults(t, results)
		byStatus := countByStatus(out)
		t.Logf("results after SIGINT: %v", byStatus)
		if len(out) != rows {
			t.Fatalf("results file has %d rows, want %d", len(out), rows)
		}
		if byStatus["ordered"]+byStatus["not_attempted"] != rows ||
			byStatus["not_attempted"] == 0 {
			t.Errorf("statuses %v, want only ordered and not_attempted", byStatus)
		}
		if n := len(srv.Orders()); n != byStatus["ordered"] {
			t.Errorf("sandbox holds %d orders, results say %d ordered",
				n, byStatus["ordered"])
		}
	}

	// The ledger is sound: a rerun orders the rest, each exactly once.
	again, stdout, stderr := ybCommand(bin, runArgs(url, state, "--workers", "8", input)...)
	if err := again.Start(); err != nil {
		t.Fatal(err)
	}
	if code := waitExit(t, again, 30*time.Second); code != exitOK {
		t.Fatalf("rerun exit %d\n%s\n%s", code, stdout, stderr)
	}
	out := readResults(t, results)
	t.Logf("rerun: %v", countByStatus(out))
	checkOrders(t, srv, out, rows)
}

// waitForOrders waits until the sandbox holds at least n orders.
func waitForOrders(t *testing.T, srv *sandbox.Server, n int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for len(srv.Orders()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the run placed %d orders in %s, want %d", len(srv.Orders()), limit, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSecondRunWhileLocked: a run started while another holds the
// ledger exits 1 at once and names the holder's pid.
func TestSecondRunWhileLocked(t *testing.T) {
	bin := buildBinary(t)
	srv, url := e2ePortal(t, sandbox.Options{Latency: 200 * time.Millisecond, Seed: 6})
	dir := t.TempDir()
	input := e2eInput(t, dir, 50, rand.New(rand.NewPCG(6, 6)))
	state := filepath.Join(dir, "state")
	args := runArgs(url, state, "--workers", "2", input)

	first, _, _ := ybCommand(bin, args...)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		first.Process.Signal(syscall.SIGINT)
		if code := waitExit(t, first, 10*time.Second); code != exitInterrupted {
			t.Errorf("first run exit %d after SIGINT, want %d", code, exitInterrupted)
		}
	}()
	waitForOrders(t, srv, 1, 10*time.Second)
	lock, err := os.ReadFile(filepath.Join(state, "ledger.db.lock"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("lock file: %q", lock)

	second, stdout, stderr := ybCommand(bin, args...)
	start := time.Now()
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	code := waitExit(t, second, 10*time.Second)
	took := time.Since(start)
	t.Logf("second run: exit %d in %s: %s", code, took.Round(time.Millisecond),
		strings.TrimSpace(stderr.String()))
	if code != exitFatal {
		t.Errorf("second run exit %d, want %d\n%s", code, exitFatal, stdout)
	}
	if want := fmt.Sprintf("pid %d", first.Process.Pid); !strings.Contains(stderr.String(), want) {
		t.Errorf("second run says %q, want it to name %q", stderr, want)
	}
	if took > 2*time.Second {
		t.Errorf("second run took %s to give up, want at once", took)
	}
}
