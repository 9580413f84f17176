package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestPlanGolden runs plan on each testdata/plan/NAME.csv, a file as a
// spreadsheet program exports it, and compares the results file with
// NAME.plan.golden.csv. Run with -update to rewrite the golden files
// after a deliberate change, then read the diff.
func TestPlanGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "plan", "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(sandbox.New(sandbox.Options{}))
	defer ts.Close()
	t.Setenv("YEASTAR_CLIENT_ID", sandbox.DemoClientID)
	t.Setenv("YEASTAR_CLIENT_SECRET", sandbox.DemoClientSecret)

	n := 0
	for _, input := range inputs {
		if strings.HasSuffix(input, ".golden.csv") {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(input), ".csv")
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), name+".plan.csv")
			code, stdout, stderr := runPlan(t, []string{"plan",
				"--base-url", ts.URL, "--state", t.TempDir(),
				"--progress", "never", "--rate", "0", "--out", out, input})
			if code != exitOK && code != exitRowsFailed {
				t.Fatalf("plan = exit %d\n%s\n%s", code, stdout, stderr)
			}
			got := normalizeResults(t, out)
			golden := filepath.Join("testdata", "plan", name+".plan.golden.csv")
			if *update {
				writePlanFile(t, golden, got)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestPlanGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("results of %s differ from %s:\n%s", input, golden,
					lineDiff(string(want), string(got)))
			}
		})
	}
	if n < 2 {
		t.Fatalf("found %d input files in testdata/plan, want several", n)
	}
}

// volatile are the results columns that differ from run to run.
var volatile = []string{"request_id", "ordered_at"}

// normalizeResults reads a results file and writes it back with the
// volatile columns replaced by their names in angle brackets, BOM kept.
func normalizeResults(t *testing.T, path string) []byte {
	t.Helper()
	header, rows := readPlanFile(t, path)
	for i, h := range header {
		for _, v := range volatile {
			if h != v {
				continue
			}
			for _, r := range rows {
				if r[i] != "" {
					r[i] = "<" + v + ">"
				}
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	data, _ := os.ReadFile(path)
	w.Comma = resultsSeparator(bytes.TrimPrefix(data, []byte("\uFEFF")))
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// lineDiff lists the lines of got that differ from want, by number.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n- " + w + "\n+ " + g + "\n")
		}
	}
	return b.String()
}
