package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/batch"
	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

func cmdVersion(ctx context.Context, args []string, out, errOut io.Writer) error {
	fmt.Fprintln(out, "yeastar-bulk", version)
	return nil
}

// cmdReport rewrites the results file from the ledger, calling no API.
func cmdReport(ctx context.Context, args []string, out, errOut io.Writer) error {
	var f runFlags
	fs := newFlagSet("report", errOut, "[flags] FILE.csv")
	f.register(fs)
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	input, err := oneFile("report", positional)
	if err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	job := &runJob{cmd: "report", flags: f, input: input, out: out,
		errOut: errOut, log: f.logger(errOut)}
	return job.replay(flagsSet(fs))
}

func (j *runJob) replay(set map[string]bool) error {
	file, in, err := openInput(j.input)
	if err != nil {
		return err
	}
	defer file.Close()
	ledger, err := batch.OpenLedgerReadOnly(j.flags.state, j.flags.ledgerName())
	if err != nil {
		return err
	}
	defer ledger.Close()
	if err := j.adoptRunDefaults(ledger, set); err != nil {
		return err
	}
	w, err := j.createResults(in)
	if err != nil {
		return err
	}
	defer w.Abort()
	totals, err := batch.Replay(ledger, in, j.options(), func(o batch.Outcome) error {
		return w.Write(toResult(o))
	})
	if err != nil {
		return err
	}
	if err := w.Commit(); err != nil {
		return fmt.Errorf("write results file: %w", err)
	}
	j.printSummary(totals)
	return nil
}

// cmdSettle records what a person found in the portal for an unknown row.
func cmdSettle(ctx context.Context, args []string, out, errOut io.Writer) error {
	var f runFlags
	var s batch.Settlement
	fs := newFlagSet("settle", errOut, "[flags] FILE.csv --row N (--order-no NO | --not-ordered)")
	f.register(fs)
	fs.IntVar(&s.Row, "row", 0, "spreadsheet row number of the unknown row (the header is row 1)")
	fs.StringVar(&s.OrderNo, "order-no", "", "the order number found in the portal for this row")
	fs.BoolVar(&s.NotOrdered, "not-ordered", false, "no order exists for this row: the next run sends it")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	input, err := oneFile("settle", positional)
	if err != nil {
		return err
	}
	if err := checkSettlement(s); err != nil {
		return err
	}
	file, in, err := openInput(input)
	if err != nil {
		return err
	}
	defer file.Close()
	ledger, err := batch.OpenLedger(f.state, f.ledgerName())
	if err != nil {
		return err
	}
	defer ledger.Close()
	job := &runJob{cmd: "settle", flags: f, input: input, log: f.logger(errOut)}
	if err := job.adoptRunDefaults(ledger, flagsSet(fs)); err != nil {
		return err
	}
	e, err := batch.Settle(ledger, in, job.options(), s)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "row %d (po_number %s) is now %s\n", s.Row, e.PONumber, e.Status)
	return nil
}

func checkSettlement(s batch.Settlement) error {
	switch {
	case s.Row < 2:
		return usageError("settle needs --row N, the spreadsheet row number (2 or more)")
	case s.OrderNo == "" && !s.NotOrdered:
		return usageError("settle needs --order-no NO or --not-ordered")
	case s.OrderNo != "" && s.NotOrdered:
		return usageError("give either --order-no or --not-ordered, not both")
	}
	return nil
}

// cmdSandbox serves the simulated Partner Portal until interrupted.
func cmdSandbox(ctx context.Context, args []string, out, errOut io.Writer) error {
	var opts sandbox.Options
	var addr string
	fs := newFlagSet("sandbox", errOut, "[flags]")
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.DurationVar(&opts.Latency, "latency", 0, "delay before every reply")
	fs.Float64Var(&opts.RateLimit, "rate-limit", 0, "requests per second before answering 429; 0 means none")
	fs.Float64Var(&opts.ErrorRate, "error-rate", 0, "probability of a 5xx reply (nothing done)")
	fs.Float64Var(&opts.DropRate, "drop-rate", 0, "probability an order is created and then the connection dropped")
	fs.DurationVar(&opts.TokenLifetime, "token-lifetime", 30*time.Minute, "how long an access token works")
	fs.BoolVar(&opts.HidePONumber, "hide-po-number", false, "leave poNumber out of the order list")
	fs.Int64Var(&opts.Seed, "seed", 0, "random seed for the fault knobs; 0 means from the clock")
	fs.StringVar(&opts.InsufficientBalancePartner, "insufficient-balance", "",
		"a partnerId whose orders are refused for insufficient balance")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usageError("sandbox takes no arguments")
	}
	srv := sandbox.New(opts)
	url, stop, err := srv.Start(addr)
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	fmt.Fprintf(out, "sandbox listening on %s\nclient id %s, secret %s\n",
		url, sandbox.DemoClientID, sandbox.DemoClientSecret)
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := stop(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
