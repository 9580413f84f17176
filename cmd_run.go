package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/batch"
	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// runFlags are the flags of run and plan.
type runFlags struct {
	apiFlags
	out            string
	batch          string
	workers        int
	maxQuantity    int
	product        int64
	service        string
	billing        string
	progress       string
	metrics        string
	noBOM          bool
	jsonSummary    bool
	reconcileAfter time.Duration
}

func (f *runFlags) register(fs *flag.FlagSet) {
	f.apiFlags.register(fs)
	fs.StringVar(&f.out, "out", "", "results file (default: the input name with .results.csv, or .plan.csv for plan)")
	fs.StringVar(&f.batch, "batch", "", "batch name rows belong to (default: the input file name without extension)")
	fs.IntVar(&f.workers, "workers", 4, "orders in flight at once")
	fs.IntVar(&f.maxQuantity, "max-quantity", 100, "a row asking for more is invalid (a typo guard)")
	fs.Int64Var(&f.product, "product", 19, "product to buy under (19: Add-on Service)")
	fs.StringVar(&f.service, "service", "Custom Domain Name", "service for rows without a service column or cell")
	fs.StringVar(&f.billing, "billing", "", "billing contact for rows whose billing cell is empty")
	fs.StringVar(&f.progress, "progress", "auto", "auto (bar on a terminal, log lines otherwise), always or never")
	fs.StringVar(&f.metrics, "metrics", "", "write Prometheus text-format metrics to this file")
	fs.BoolVar(&f.noBOM, "no-bom", false, "results file without the UTF-8 byte order mark Excel needs")
	fs.BoolVar(&f.jsonSummary, "json", false, "print the summary as JSON")
	fs.DurationVar(&f.reconcileAfter, "reconcile-after", yeastar.ListingDelay,
		"how long after an unanswered order the portal is trusted to list it")
}

func (f *runFlags) check() error {
	if err := f.apiFlags.check(); err != nil {
		return err
	}
	switch {
	case f.workers < 1:
		return usageError("--workers must be at least 1, not %d", f.workers)
	case f.maxQuantity < 1:
		return usageError("--max-quantity must be at least 1, not %d", f.maxQuantity)
	case f.progress != "auto" && f.progress != "always" && f.progress != "never":
		return usageError("--progress must be auto, always or never, not %q", f.progress)
	case strings.TrimSpace(f.service) == "":
		return usageError("--service must name a service")
	}
	return nil
}

func cmdRun(ctx context.Context, args []string, out, errOut io.Writer) error {
	return runOrPlan(ctx, "run", args, out, errOut)
}

func cmdPlan(ctx context.Context, args []string, out, errOut io.Writer) error {
	return runOrPlan(ctx, "plan", args, out, errOut)
}

// runOrPlan is run and plan: plan is a run that sends nothing.
func runOrPlan(ctx context.Context, cmd string, args []string, out, errOut io.Writer) error {
	var f runFlags
	fs := newFlagSet(cmd, errOut, "[flags] FILE.csv")
	f.register(fs)
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	input, err := oneFile(cmd, positional)
	if err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	if err := f.checkOutputs(cmd); err != nil {
		return err
	}
	job := &runJob{cmd: cmd, flags: f, input: input, out: out,
		errOut: errOut, begun: time.Now()}
	job.progress, err = newProgress(cmd, f.progress, errOut)
	if err != nil {
		return usageError("%v", err)
	}
	job.log = f.logger(job.progress.Writer(errOut))
	job.progress.log = job.log
	err = job.execute(ctx)
	job.metricsOnEarlyExit(err)
	return err
}

// runJob is one run or plan from start to summary.
type runJob struct {
	cmd     string
	flags   runFlags
	input   string
	out     io.Writer
	errOut  io.Writer
	log     *slog.Logger
	results string

	begun    time.Time    // when the command started, for early exits
	progress *runProgress // nil for report and settle
	metered  bool         // the metrics file has been written
	code     int          // the exit code the run ended with
}

func (j *runJob) dryRun() bool { return j.cmd == "plan" }

func (j *runJob) execute(ctx context.Context) error {
	file, in, err := openInput(j.input)
	if err != nil {
		return err
	}
	defer file.Close()
	if !in.Has(batch.FieldBilling) && j.flags.billing == "" {
		return fmt.Errorf("%s has no billing column and no --billing "+
			"default was given; add a 'billing contact' column or pass "+
			"--billing 'First Last'", j.input)
	}
	if !j.dryRun() {
		if err := j.readThrough(ctx); err != nil {
			return err
		}
	}
	sess, err := j.flags.connect(j.log, j.errOut)
	if err != nil {
		return err
	}
	defer sess.closer()
	ledger, err := j.openLedger()
	if err != nil {
		return err
	}
	defer ledger.Close()
	return j.process(ctx, sess, ledger, in)
}

// readThrough reads the whole input once before anything is ordered, so
// that a file broken halfway (a cut-off export, a stray binary block)
// orders nothing rather than its first half. It costs well under a
// second per million rows, and gives the progress bar its total.
func (j *runJob) readThrough(ctx context.Context) error {
	n, err := countRows(ctx, j.input)
	switch {
	case ctx.Err() != nil:
		return &exitError{code: exitInterrupted, err: ctx.Err()}
	case err != nil:
		return fmt.Errorf("%w; nothing was ordered", err)
	}
	j.progress.known = n
	return nil
}

func (j *runJob) openLedger() (*batch.Ledger, error) {
	if j.dryRun() {
		return batch.OpenLedgerReadOnly(j.flags.state, j.flags.ledgerName())
	}
	return batch.OpenLedger(j.flags.state, j.flags.ledgerName())
}

// process runs the rows into the results file and reports.
func (j *runJob) process(ctx context.Context, sess *session, ledger *batch.Ledger, in *batch.Reader) error {
	w, err := j.createResults(in)
	if err != nil {
		return err
	}
	defer w.Abort()
	opts := j.options()
	opts.Progress = j.progress.Add
	runner := batch.NewRunner(sess.client, ledger, opts)
	j.progress.start(ctx, j.input)
	var writeErr error // set by the sink; read once Run has returned
	totals, runErr := runner.Run(ctx, in, func(o batch.Outcome) error {
		writeErr = w.Write(toResult(o))
		return writeErr
	})
	j.progress.stop()
	if writeErr == nil {
		writeErr = w.Commit()
	}
	if writeErr != nil {
		// Never leave a results file that lacks rows; the ledger has
		// every outcome, so report can write it later.
		j.finishLedger(ledger, runner, totals, exitFatal)
		return fmt.Errorf("write results file: %w; every outcome is in "+
			"the ledger: run 'yeastar-bulk report %s' once it can be written",
			writeErr, j.input)
	}
	code := j.exitCode(ctx, totals, runErr)
	j.finishLedger(ledger, runner, totals, code)
	j.code = code
	j.writeMetrics(totals)
	j.printSummary(totals)
	if code == exitOK {
		return nil
	}
	return &exitError{code: code, err: runErr}
}

func (j *runJob) options() batch.Options {
	return batch.Options{
		Command:        j.cmd,
		InputFile:      absPath(j.input),
		Batch:          j.batchName(),
		Workers:        j.flags.workers,
		ProductID:      j.flags.product,
		DefaultService: j.flags.service,
		DefaultBilling: j.flags.billing,
		MaxQuantity:    j.flags.maxQuantity,
		DryRun:         j.dryRun(),
		ReconcileAfter: j.reconcileAfter(),
		Logger:         j.log,
	}
}

// reconcileAfter is zero against the in-process sandbox, which creates
// an order before it answers or drops the connection.
func (j *runJob) reconcileAfter() time.Duration {
	if j.flags.sandbox {
		return 0
	}
	return j.flags.reconcileAfter
}

func (j *runJob) batchName() string {
	if j.flags.batch != "" {
		return j.flags.batch
	}
	base := filepath.Base(j.input)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func (j *runJob) resultsPath() string {
	if j.flags.out != "" {
		return j.flags.out
	}
	suffix := ".results.csv"
	if j.dryRun() {
		suffix = ".plan.csv"
	}
	trimmed := strings.TrimSuffix(j.input, filepath.Ext(j.input))
	return trimmed + suffix
}

// exitCode maps how the run ended to PRODUCT.md's exit codes.
func (j *runJob) exitCode(ctx context.Context, t batch.Totals, runErr error) int {
	switch {
	case ctx.Err() != nil:
		return exitInterrupted
	case runErr != nil:
		return exitFatal
	case t.AllSettled():
		return exitOK
	default:
		return exitRowsFailed
	}
}

func (j *runJob) finishLedger(l *batch.Ledger, r *batch.Runner, t batch.Totals, code int) {
	if j.dryRun() {
		return
	}
	summary, _ := json.Marshal(t.ByStatus)
	if err := l.FinishRun(r.RunID(), code, string(summary)); err != nil {
		j.log.Warn("could not record the end of the run", "error", err.Error())
	}
}

// openInput opens the input file and reads its header.
func openInput(path string) (*os.File, *batch.Reader, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open input: %w", err)
	}
	in, err := batch.OpenReader(file, filepath.Base(path))
	if err != nil {
		file.Close()
		var ie *batch.InputError
		if errors.As(err, &ie) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	return file, in, nil
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
