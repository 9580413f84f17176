package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

// These benchmarks measure whole runs through the command line against
// the in-process sandbox, so that the figures issue 2 asks for come from
// the code a user runs. Each iteration is one run of a fresh file into a
// fresh ledger; the figures are reported as custom metrics:
//
//	go test -run '^$' -bench 'Run' -benchtime 1x .
//
// orders/s is the achieved rate; pct_of_ideal compares it with
// workers / latency (or with --rate); token_calls and lookup_calls
// count what the run asked of the portal besides the orders.

func BenchmarkRunLatency50msWorkers8(b *testing.B) {
	benchmarkRun(b, sandbox.Options{Latency: 50 * time.Millisecond},
		1000, []string{"--workers", "8", "--rate", "0"}, 8/0.050)
}

func BenchmarkRunRate25(b *testing.B) {
	benchmarkRun(b, sandbox.Options{Latency: 5 * time.Millisecond},
		250, []string{"--workers", "8", "--rate", "25"}, 25)
}

func benchmarkRun(b *testing.B, opts sandbox.Options, rows int, flags []string, ideal float64) {
	for b.Loop() {
		b.StopTimer()
		srv := sandbox.New(opts)
		ts := httptest.NewServer(srv)
		dir := b.TempDir()
		input := writeDemoCSV(b, dir, rows)
		b.Setenv("YEASTAR_CLIENT_ID", sandbox.DemoClientID)
		b.Setenv("YEASTAR_CLIENT_SECRET", sandbox.DemoClientSecret)
		args := append([]string{"run", "--base-url", ts.URL,
			"--state", filepath.Join(dir, "state"), "--progress", "never"}, flags...)
		args = append(args, input)
		var out, errOut bytes.Buffer
		b.StartTimer()

		start := time.Now()
		code := run(context.Background(), args, &out, &errOut)
		elapsed := time.Since(start)

		b.StopTimer()
		ts.Close()
		if code != exitOK {
			b.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
		}
		orders := len(srv.Orders())
		if orders != rows {
			b.Fatalf("sandbox holds %d orders, want %d", orders, rows)
		}
		calls := srv.Calls()
		rate := float64(orders) / elapsed.Seconds()
		b.ReportMetric(rate, "orders/s")
		b.ReportMetric(100*rate/ideal, "pct_of_ideal")
		b.ReportMetric(float64(calls["token"]), "token_calls")
		b.ReportMetric(float64(calls["partner_list"]+calls["billing_contact_list"]+
			calls["purchase_product_info"]), "lookup_calls")
		b.StartTimer()
	}
}

// writeDemoCSV writes rows that all resolve against the sandbox's demo
// data, cycling through its customers, contacts and services and
// through the ways a sheet may name them.
func writeDemoCSV(tb testing.TB, dir string, rows int) string {
	tb.Helper()
	var buf strings.Builder
	buf.WriteString("customer,quantity,billing contact,reference,service\n")
	partners := []string{"Acme Telecom Ltd", "it@bluebirdhotels.example",
		"3107715530911457280", ""}
	contacts := []string{"Alice Martin", "bob.chen@reseller.example",
		"3197218168379846218"}
	services := []string{"", "PCE White Label", "YCM White Label"}
	for i := range rows {
		ref := ""
		if i%2 == 0 {
			ref = fmt.Sprintf("PO-%05d", i)
		}
		fmt.Fprintf(&buf, "%s,%d,%s,%s,%s\n", partners[i%len(partners)],
			1+i%5, contacts[i%len(contacts)], ref, services[i%len(services)])
	}
	path := filepath.Join(dir, "orders.csv")
	if err := os.WriteFile(path, []byte(buf.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}
