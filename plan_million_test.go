//go:build linux

package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// excelRows is the row count of Excel's largest sheet, header included.
const excelRows = 1_048_576 - 1

// BenchmarkPlanMillion is the figure of PRODUCT.md's largest input: plan
// on a file of 1,048,575 lines (a header and 1,048,574 rows that all
// resolve against the demo data) with --sandbox, as a separate process,
// so that its peak memory is its own. Run it with
//
//	go test -run '^$' -bench PlanMillion -benchtime 1x .
//
// s/plan is the wall time of one plan and maxrss_MiB its peak resident
// memory, as /usr/bin/time -v reports them; the targets are 10 s and
// 256 MiB. It builds the binary and writes about 90 MB to a temporary
// directory first, outside the timing.
func BenchmarkPlanMillion(b *testing.B) {
	if testing.Short() {
		b.Skip("writes a 90 MB file; not in -short")
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "yeastar-bulk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	input := filepath.Join(dir, "million.csv")
	writeMillionRows(b, input, excelRows-1)

	var wall time.Duration
	var peak int64
	for b.Loop() {
		state := b.TempDir()
		cmd := exec.CommandContext(context.Background(), bin, "plan",
			"--sandbox", "--state", state, "--progress", "never", input)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall += time.Since(start)
		if err != nil {
			b.Fatalf("plan: %v\n%s", err, out)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, int64(ru.Maxrss)<<10) // KiB on Linux
		}
	}
	b.ReportMetric(wall.Seconds()/float64(b.N), "s/plan")
	b.ReportMetric(float64(peak)/(1<<20), "maxrss_MiB")
	b.ReportMetric(float64(excelRows-1)*float64(b.N)/wall.Seconds(), "rows/s")
}

// writeMillionRows writes rows that all resolve: customers, contacts and
// services named every way a sheet names them, two rows in three with a
// reference, the others identified by their content.
func writeMillionRows(tb testing.TB, path string, rows int) {
	tb.Helper()
	partners := []string{"Acme Telecom Ltd", "it@bluebirdhotels.example",
		"3107715530911457280", "", "Delta Logistics GmbH",
		"accounts@northwind-uk.example", "Nadia Okafor"}
	contacts := []string{"Alice Martin", "bob.chen@reseller.example",
		"3197218168379846218", "Carla Diaz", "ap@reseller.example"}
	services := []string{"", "PCE White Label", "YCM White Label",
		"3181927247257890000"}
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, "customer,quantity,billing contact,reference,service,cost centre\n")
	for i := range rows {
		ref := ""
		if i%3 != 0 {
			ref = fmt.Sprintf("PO-2026-%07d", i)
		}
		fmt.Fprintf(w, "%s,%d,%s,%s,%s,CC-%d\n", partners[i%len(partners)],
			1+i%5, contacts[i%len(contacts)], ref,
			services[i%len(services)], 4700+i%13)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}
