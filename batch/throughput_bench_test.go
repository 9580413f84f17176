package batch_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/batch"
	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

// BenchmarkRunThroughput is one run of 1000 rows, 8 workers, against a
// zero-latency sandbox with no rate limit, into a fresh SQLite ledger:
// what the ledger and the pool cost per order. Run it with
//
//	go test -run '^$' -bench RunThroughput -benchtime 3x ./batch/
//
// orders/s is the achieved rate; us/order is wall time per order.
func BenchmarkRunThroughput(b *testing.B) {
	const rows = 1000
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(1, 1))
	lines := demoRows(rows, "BT", rng)
	var total time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		p := newPortal(b, sandbox.Options{Seed: 1})
		api := p.client(b)
		spec := runSpec{state: b.TempDir(), workers: 8,
			file: writeCSV(b, dir, "bench.csv", lines)}
		b.StartTimer()

		start := time.Now()
		res := runOnce(b, api, spec)
		elapsed := time.Since(start)

		b.StopTimer()
		if got := res.count(batch.StatusOrdered); got != rows || res.err != nil {
			b.Fatalf("run: %v, %v; want %d ordered", res.totals.ByStatus, res.err, rows)
		}
		if got := len(p.srv.Orders()); got != rows {
			b.Fatalf("sandbox holds %d orders, want %d", got, rows)
		}
		total += elapsed
		n++
		b.StartTimer()
	}
	per := total / time.Duration(n*rows)
	b.ReportMetric(float64(n*rows)/total.Seconds(), "orders/s")
	b.ReportMetric(float64(per.Microseconds()), "us/order")
}
