package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

// These tests run the yeastar-bulk binary as cron would, against a
// sandbox served by the test, and judge every run by the sandbox's own
// record of the orders it created.

// buildBinary builds yeastar-bulk into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "yeastar-bulk")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// e2ePortal serves a sandbox on a loopback port for the test's life.
func e2ePortal(t *testing.T, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	srv := sandbox.New(opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// e2eInput writes n rows resolving against the demo data; every other
// row has a reference.
func e2eInput(t *testing.T, dir string, n int, rng *rand.Rand) string {
	t.Helper()
	partners := []string{"", "Acme Telecom Ltd", "it@bluebirdhotels.example",
		"Cedar Dental Group", "Delta Logistics GmbH"}
	contacts := []string{"Alice Martin", "bob.chen@reseller.example", "Carla Diaz"}
	services := []string{"", "PCE White Label", "YCM White Label"}
	var b strings.Builder
	b.WriteString("customer,quantity,billing contact,reference,service\n")
	for i := range n {
		ref := ""
		if i%2 == 0 {
			ref = fmt.Sprintf("CR-%04d", i)
		}
		fmt.Fprintf(&b, "%s,%d,%s,%s,%s\n", partners[rng.IntN(len(partners))],
			1+rng.IntN(4), contacts[rng.IntN(len(contacts))], ref,
			services[rng.IntN(len(services))])
	}
	path := filepath.Join(dir, "orders.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// ybCommand is the binary run with the demo credentials in its
// environment and its output captured.
func ybCommand(bin string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(),
		"YEASTAR_CLIENT_ID="+sandbox.DemoClientID,
		"YEASTAR_CLIENT_SECRET="+sandbox.DemoClientSecret)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

// runArgs are the flags of every run in these tests.
func runArgs(url, state string, extra ...string) []string {
	args := []string{"run", "--base-url", url, "--state", state,
		"--rate", "0", "--reconcile-after", "0s", "--progress", "never"}
	return append(args, extra...)
}

// waitExit waits for cmd and returns its exit code; it kills cmd and
// fails after limit.
func waitExit(t *testing.T, cmd *exec.Cmd, limit time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(limit):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s did not exit within %s", cmd.Path, limit)
	}
	return cmd.ProcessState.ExitCode()
}

// resultRow is a row of a results file, by column name.
type resultRow map[string]string

func readResults(t *testing.T, path string) []resultRow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read results: %v", err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("parse results %s: %v", path, err)
	}
	if len(records) == 0 {
		t.Fatalf("results %s is empty", path)
	}
	var rows []resultRow
	for _, rec := range records[1:] {
		r := resultRow{}
		for i, name := range records[0] {
			r[name] = rec[i]
		}
		rows = append(rows, r)
	}
	return rows
}

func countByStatus(rows []resultRow) map[string]int {
	n := map[string]int{}
	for _, r := range rows {
		n[r["status"]]++
	}
	return n
}

// checkOrders compares a results file in which every row must be
// ordered with the sandbox: one order per poNumber, the order number
// the file reports, no order the file does not account for. It returns
// the number of duplicates.
func checkOrders(t *testing.T, srv *sandbox.Server, rows []resultRow, want int) int {
	t.Helper()
	byPO := map[string][]sandbox.CreatedOrder{}
	for _, o := range srv.Orders() {
		byPO[o.PONumber] = append(byPO[o.PONumber], o)
	}
	dups := 0
	for po, list := range byPO {
		if len(list) > 1 {
			dups += len(list) - 1
			t.Errorf("poNumber %s: %d orders in the sandbox, want 1", po, len(list))
		}
	}
	if len(rows) != want {
		t.Errorf("results file has %d rows, want %d", len(rows), want)
	}
	seen := map[string]bool{}
	for _, r := range rows {
		po := r["po_number"]
		seen[po] = true
		if r["status"] != "ordered" && r["status"] != "already_ordered" {
			t.Errorf("row %s is %s: %s", r["row"], r["status"], r["error"])
			continue
		}
		if list := byPO[po]; len(list) == 0 || list[0].OrderNo != r["order_no"] {
			t.Errorf("row %s reports order %q for %s; sandbox holds %v",
				r["row"], r["order_no"], po, list)
		}
	}
	for po, list := range byPO {
		if !seen[po] {
			t.Errorf("sandbox order %s (poNumber %s) is in no row", list[0].OrderNo, po)
		}
	}
	return dups
}

// TestCrashSafety kills runs with SIGKILL at random moments, then
// reruns to completion: the sandbox must hold exactly one order per row.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it a dozen times")
	}
	const rows, kills = 200, 6
	seed := uint64(20261203)
	if s := os.Getenv("CRASH_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d (rerun with CRASH_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 3))

	bin := buildBinary(t)
	srv, url := e2ePortal(t, sandbox.Options{Latency: 30 * time.Millisecond,
		Seed: int64(seed)})
	dir := t.TempDir()
	input := e2eInput(t, dir, rows, rng)
	state := filepath.Join(dir, "state")
	args := runArgs(url, state, "--workers", "8", input)

	// Kill until kills runs have died mid-run; a run that finished
	// before its kill does not count.
	killed := 0
	for i := 0; killed < kills && i < 3*kills; i++ {
		cmd, _, stderr := ybCommand(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		after := time.Duration(20+rng.IntN(281)) * time.Millisecond
		time.Sleep(after)
		cmd.Process.Kill()
		code := waitExit(t, cmd, 30*time.Second)
		t.Logf("kill %d after %s: exit %d, sandbox orders %d", i+1, after,
			code, len(srv.Orders()))
		switch code {
		case -1:
			killed++
		case exitOK:
		default:
			t.Fatalf("run ended with %d before the kill:\n%s", code, stderr)
		}
	}
	if killed < kills {
		t.Fatalf("only %d runs were killed mid-run, want %d", killed, kills)
	}

	var out []resultRow
	for n := 1; ; n++ {
		cmd, stdout, stderr := ybCommand(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		code := waitExit(t, cmd, 60*time.Second)
		out = readResults(t, strings.TrimSuffix(input, ".csv")+".results.csv")
		t.Logf("rerun %d: exit %d, %v", n, code, countByStatus(out))
		if code == exitOK {
			break
		}
		if n == 3 {
			t.Fatalf("no clean run after %d reruns: exit %d\n%s\n%s", n, code,
				stdout, stderr)
		}
	}
	dups := checkOrders(t, srv, out, rows)
	t.Logf("rows %d, kills %d, sandbox orders %d, duplicates %d, order saves %d",
		rows, killed, len(srv.Orders()), dups, srv.Calls()["order_save"])
}
