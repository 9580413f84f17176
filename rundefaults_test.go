package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

// A report without the run's --billing and --batch still finds the rows
// whose identity those flags shaped.
func TestReportReusesTheRunsDefaults(t *testing.T) {
	_, url := startSandbox(t, sandbox.Options{})
	dir := t.TempDir()
	input := filepath.Join(dir, "nightly.csv")
	os.WriteFile(input, []byte("customer,quantity,billing contact\n"+
		"Acme Telecom Ltd,1,\nBluebird Hotels,2,\n"), 0o600)
	state := filepath.Join(dir, "state")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"run", "--base-url", url,
		"--state", state, "--rate", "0", "--progress", "never",
		"--billing", "Alice Martin", "--batch", "december", input}, &out, &errOut)
	if code != exitOK {
		t.Fatalf("run exit %d\n%s", code, errOut.String())
	}

	errOut.Reset()
	code = run(context.Background(), []string{"report", "--state", state,
		"--progress", "never", input}, &out, &errOut)
	if code != exitOK {
		t.Fatalf("report exit %d\n%s", code, errOut.String())
	}
	if !strings.Contains(errOut.String(), "billing=\"Alice Martin\"") {
		t.Errorf("report did not say which options it reused:\n%s", errOut.String())
	}
	for _, r := range readResults(t, filepath.Join(dir, "nightly.results.csv")) {
		if r["status"] != "ordered" || r["order_no"] == "" {
			t.Errorf("row %s: status %q order_no %q, want the run's order",
				r["row"], r["status"], r["order_no"])
		}
	}
}
