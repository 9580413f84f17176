package batch_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
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

// BenchmarkLedgerPerOrder is the ledger's share of an order: the
// durable write-ahead record and the outcome, from 8 writers at once,
// with no API at all. us/order is wall time per order.
func BenchmarkLedgerPerOrder(b *testing.B) {
	const orders, writers = 1000, 8
	var total time.Duration
	n := 0
	for b.Loop() {
		l, err := batch.OpenLedger(b.TempDir(), "ledger.db")
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := w; i < orders; i += writers {
					e := batch.Entry{Identity: fmt.Sprintf("ref:B-%d", i),
						Batch: "b", PONumber: fmt.Sprintf("B-%d", i),
						Cells: []string{"x"}, Quantity: 1}
					if err := l.RecordSending(&e); err != nil {
						b.Error(err)
						return
					}
					e.Status, e.OrderNo = batch.StatusOrdered, "UG1"
					if err := l.RecordOutcome(e, "ordered", ""); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		total += time.Since(start)
		n++
		l.Close()
	}
	b.ReportMetric(float64(n*orders)/total.Seconds(), "orders/s")
	b.ReportMetric(float64((total / time.Duration(n*orders)).Microseconds()), "us/order")
}
