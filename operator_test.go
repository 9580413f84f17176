package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

// opEnv is a sandbox behind httptest, credentials in the environment
// and a directory for files: what a test of the command line needs.
type opEnv struct {
	t     *testing.T
	srv   *sandbox.Server
	ts    *httptest.Server
	dir   string
	state string
}

// newOpEnv starts a sandbox; wrap, when set, wraps its handler.
func newOpEnv(t *testing.T, opts sandbox.Options, wrap func(http.Handler) http.Handler) *opEnv {
	t.Helper()
	srv := sandbox.New(opts)
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	dir := t.TempDir()
	e := &opEnv{t: t, srv: srv, ts: ts, dir: dir,
		state: filepath.Join(dir, "state")}
	id, secret := opts.ClientID, opts.ClientSecret
	if id == "" {
		id, secret = sandbox.DemoClientID, sandbox.DemoClientSecret
	}
	t.Setenv("YEASTAR_CLIENT_ID", id)
	t.Setenv("YEASTAR_CLIENT_SECRET", secret)
	t.Setenv("YEASTAR_CLIENT_SECRET_FILE", "")
	t.Setenv("YEASTAR_BASE_URL", "")
	t.Setenv("YEASTAR_BULK_STATE", "")
	return e
}

// opOrders writes an orders file of n rows that all resolve against
// the sandbox's demo data, each with its own reference.
func (e *opEnv) opOrders(name string, n int) string {
	e.t.Helper()
	partners := []string{"Acme Telecom Ltd", "it@bluebirdhotels.example",
		"3107715530911457280", ""}
	contacts := []string{"Alice Martin", "bob.chen@reseller.example",
		"3197218168379846218"}
	var b strings.Builder
	b.WriteString("customer,quantity,billing contact,reference\n")
	for i := range n {
		fmt.Fprintf(&b, "%s,%d,%s,%s-%04d\n", partners[i%len(partners)],
			1+i%3, contacts[i%len(contacts)], strings.ToUpper(name), i)
	}
	return e.opFile(name+".csv", b.String())
}

func (e *opEnv) opFile(name, content string) string {
	e.t.Helper()
	path := filepath.Join(e.dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		e.t.Fatal(err)
	}
	return path
}

// opRun runs one command line against the sandbox and the test's state
// directory, returning the exit code, stdout and stderr.
func (e *opEnv) opRun(args ...string) (int, string, string) {
	e.t.Helper()
	full := append([]string{args[0], "--base-url", e.ts.URL,
		"--state", e.state}, args[1:]...)
	return opCLI(full...)
}

// opCLI runs a command line as main would.
func opCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// withTerminal makes stderr look like a terminal, or not, for one test.
func withTerminal(t *testing.T, terminal bool) {
	old := isTerminal
	isTerminal = func(io.Writer) bool { return terminal }
	t.Cleanup(func() { isTerminal = old })
}

func TestProgressBarOnTerminal(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	withTerminal(t, true)
	in := e.opOrders("bar", 12)
	code, out, errOut := e.opRun("run", "--rate", "0", in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "ordering") || !strings.Contains(errOut, "\r") {
		t.Errorf("stderr on a terminal has no bar:\n%q", errOut)
	}
	if strings.Contains(out, "\r") || strings.Contains(out, "█") {
		t.Errorf("stdout holds bar frames:\n%q", out)
	}
}

func TestProgressNeverOnTerminal(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	withTerminal(t, true)
	in := e.opOrders("never", 5)
	code, out, errOut := e.opRun("run", "--rate", "0", "--progress", "never", in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if strings.ContainsAny(errOut, "\r█") {
		t.Errorf("--progress never drew a bar:\n%q", errOut)
	}
}

func TestProgressAlwaysWithoutTerminal(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	withTerminal(t, false)
	in := e.opOrders("always", 5)
	code, out, errOut := e.opRun("run", "--rate", "0", "--progress", "always", in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "\r") {
		t.Errorf("--progress always drew no bar:\n%q", errOut)
	}
}

// A cron log (stderr not a terminal) gets progress lines with the
// total, and never a bar frame.
func TestProgressLinesInCronLog(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{Latency: 2 * time.Millisecond}, nil)
	withTerminal(t, false)
	ticks := make(chan time.Time)
	oldTicker := progressTicker
	progressTicker = func(time.Duration) (<-chan time.Time, func()) {
		return ticks, func() {}
	}
	t.Cleanup(func() { progressTicker = oldTicker })

	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			case ticks <- time.Now():
				time.Sleep(2 * time.Millisecond)
			}
		}
	})
	in := e.opOrders("cron", 40)
	code, out, errOut := e.opRun("run", "--workers", "2", "--rate", "0", in)
	close(done)
	wg.Wait()
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if strings.ContainsAny(errOut, "\r█") {
		t.Errorf("cron log holds bar frames:\n%q", errOut)
	}
	line := regexp.MustCompile(`level=INFO msg=progress done=\d+ total=40 rate=[0-9.]+`)
	if !line.MatchString(errOut) {
		t.Errorf("cron log has no progress line with the total:\n%s", errOut)
	}
}

func TestSummaryJSONFromRun(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	in := e.opOrders("json", 6)
	code, out, errOut := e.opRun("run", "--rate", "0", "--json", in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var s struct {
		Command  string         `json:"command"`
		ExitCode int            `json:"exit_code"`
		Rows     int            `json:"rows"`
		ByStatus map[string]int `json:"by_status"`
		Quantity int            `json:"quantity"`
		Orders   int            `json:"orders_placed"`
		Rate     float64        `json:"orders_per_second"`
		Duration float64        `json:"duration_seconds"`
		Results  string         `json:"results_file"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, out)
	}
	wantResults := strings.TrimSuffix(in, ".csv") + ".results.csv"
	if s.Command != "run" || s.ExitCode != 0 || s.Rows != 6 ||
		s.ByStatus["ordered"] != 6 || s.Orders != 6 ||
		s.Quantity != 1+2+3+1+2+3 || s.Results != wantResults ||
		s.Duration <= 0 || s.Rate <= 0 {
		t.Errorf("summary = %+v", s)
	}
	if _, ok := s.ByStatus["unknown"]; !ok {
		t.Errorf("by_status lacks the zero statuses: %v", s.ByStatus)
	}
}

func TestPlanPrintsQuantityPerServiceAndBilling(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	in := e.opOrders("plan", 6)
	code, out, errOut := e.opRun("plan", "--rate", "0", in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"would_order      6", "quantity to order  12",
		"quantity per service:\n  Custom Domain Name  12",
		"quantity per billing contact:\n  Alice Martin"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan summary lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := e.opRun("plan", "--metrics",
		filepath.Join(e.dir, "m.prom"), in); code != exitUsage {
		t.Errorf("plan --metrics: exit %d, want %d\n%s", code, exitUsage, errOut)
	}
}

// metricValue reads one sample of a metrics file.
func metricValue(t *testing.T, path, name string) float64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("%s has no %s:\n%s", path, name, data)
	return 0
}

func TestMetricsAcrossRuns(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	prom := filepath.Join(e.dir, "yeastar_bulk.prom")
	good := e.opOrders("good", 3)
	code, out, errOut := e.opRun("run", "--rate", "0", "--metrics", prom, good)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	success := metricValue(t, prom, "yeastar_bulk_last_success_timestamp_seconds")
	if last := metricValue(t, prom, "yeastar_bulk_last_run_timestamp_seconds"); last != success || success == 0 {
		t.Errorf("after exit 0: last run %v, last success %v; want equal", last, success)
	}
	if got := metricValue(t, prom, `yeastar_bulk_rows{status="ordered"}`); got != 3 {
		t.Errorf("ordered rows = %v, want 3", got)
	}
	info, _ := os.Stat(prom)
	if info.Mode().Perm() != 0o644 {
		t.Errorf("metrics mode %04o, want 0644", info.Mode().Perm())
	}

	// Exit 3: rows invalid. The last success stays.
	time.Sleep(5 * time.Millisecond)
	bad := e.opFile("bad.csv", "customer,quantity,billing contact,reference\n"+
		"Nobody Inc,1,Alice Martin,BAD-1\nAcme Telecom Ltd,1,Alice Martin,BAD-2\n")
	code, out, errOut = e.opRun("run", "--rate", "0", "--metrics", prom, bad)
	if code != exitRowsFailed {
		t.Fatalf("exit %d, want 3\n%s\n%s", code, out, errOut)
	}
	if got := metricValue(t, prom, "yeastar_bulk_last_success_timestamp_seconds"); got != success {
		t.Errorf("after exit 3: last success %v, want %v kept", got, success)
	}
	if got := metricValue(t, prom, "yeastar_bulk_last_run_timestamp_seconds"); got <= success {
		t.Errorf("after exit 3: last run %v did not move past %v", got, success)
	}
	if got := metricValue(t, prom, `yeastar_bulk_rows{status="invalid"}`); got != 1 {
		t.Errorf("invalid rows = %v, want 1", got)
	}
	if got := metricValue(t, prom, "yeastar_bulk_last_exit_code"); got != 3 {
		t.Errorf("exit code metric = %v, want 3", got)
	}

	// Exit 1 before any row: credentials missing.
	t.Setenv("YEASTAR_CLIENT_ID", "")
	code, _, errOut = e.opRun("run", "--metrics", prom, good)
	if code != exitFatal {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	if got := metricValue(t, prom, "yeastar_bulk_last_exit_code"); got != 1 {
		t.Errorf("exit code metric = %v, want 1", got)
	}
	if got := metricValue(t, prom, "yeastar_bulk_last_success_timestamp_seconds"); got != success {
		t.Errorf("after exit 1: last success %v, want %v kept", got, success)
	}
}

func TestMetricsDirectoryMissingIsUsageError(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	in := e.opOrders("m", 1)
	code, _, errOut := e.opRun("run", "--metrics",
		filepath.Join(e.dir, "nope", "m.prom"), in)
	if code != exitUsage || !strings.Contains(errOut, "does not exist") {
		t.Errorf("exit %d, want %d with a message\n%s", code, exitUsage, errOut)
	}
	if len(e.srv.Orders()) != 0 {
		t.Errorf("a usage error placed %d orders", len(e.srv.Orders()))
	}
}
