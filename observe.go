package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/yeastar-bulk/yeastar-bulk/batch"
	"github.com/yeastar-bulk/yeastar-bulk/report"
)

// What the operator sees of a run: progress while it runs, the summary
// and the metrics file at the end.

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressTicker starts the ticker of progress log lines; nil means a
// real one. Tests replace it so that they never wait 10 s.
var progressTicker func(time.Duration) (<-chan time.Time, func())

// runProgress is a run's progress and the pre-pass that counts the
// input's rows for it.
type runProgress struct {
	*report.Progress
	log     *slog.Logger
	cancel  context.CancelFunc
	counter sync.WaitGroup
	known   int // rows counted before the run (run checks the file first)
}

// newProgress picks a bar or log lines for setting and the stderr of
// this process.
func newProgress(cmd, setting string, errOut io.Writer) (*runProgress, error) {
	mode, err := report.ChooseProgress(setting, isTerminal(errOut))
	if err != nil {
		return nil, err
	}
	p := &runProgress{log: slog.New(slog.DiscardHandler), cancel: func() {}}
	desc := "ordering"
	if cmd == "plan" {
		desc = "planning"
	}
	p.Progress = report.NewProgress(report.ProgressOptions{
		Mode:        mode,
		Writer:      errOut,
		Description: desc,
		Line:        p.line,
		NewTicker:   progressTicker,
	})
	return p, nil
}

// line is the log line a cron log gets every 10 s.
func (p *runProgress) line(s report.Snapshot) {
	attrs := []any{"done", s.Done}
	if s.Total > 0 {
		attrs = append(attrs, "total", s.Total)
	}
	attrs = append(attrs, "rate", float64(int(s.Rate*10))/10)
	if s.ETA > 0 {
		attrs = append(attrs, "eta", s.ETA.Round(time.Second).String())
	}
	p.log.Info("progress", attrs...)
}

// start shows the progress and counts the rows of the input in the
// background. Counting is a second streaming read with the same reader
// the run uses, so the total is exact (quoted line breaks and blank
// lines included) and memory stays flat; until it is done, which is
// usually before the first order returns, the bar is a spinner and the
// log lines carry no total.
func (p *runProgress) start(ctx context.Context, input string) {
	p.Start()
	ctx, p.cancel = context.WithCancel(ctx)
	if p.known > 0 {
		p.SetTotal(p.known)
		return
	}
	p.counter.Add(1)
	go func() {
		defer p.counter.Done()
		if n, err := countRows(ctx, input); err == nil {
			p.SetTotal(n)
		}
	}()
}

// stop ends the counting and clears the bar before the summary.
func (p *runProgress) stop() {
	p.cancel()
	p.counter.Wait()
	p.Stop()
}

// countRows counts the data rows of the input file as batch reads them.
func countRows(ctx context.Context, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	in, err := batch.OpenReader(f, filepath.Base(path))
	if err != nil {
		return 0, err
	}
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if _, err := in.Next(); err == io.EOF {
			return n, nil
		} else if err != nil {
			return 0, err
		}
	}
}

// checkOutputs checks --metrics before anything is sent, so that a typo
// in a cron line fails at once instead of after the orders.
func (f *runFlags) checkOutputs(cmd string) error {
	if f.metrics == "" {
		return nil
	}
	if cmd == "plan" {
		return usageError("--metrics is for run: a plan places no " +
			"orders, and its figures would replace the last run's")
	}
	dir := filepath.Dir(f.metrics)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return usageError("--metrics %s: directory %s does not exist",
			f.metrics, dir)
	}
	return nil
}

// statusOrder is the order statuses are printed in, per command.
var statusOrder = map[string][]batch.Status{
	"run": {batch.StatusOrdered, batch.StatusAlreadyOrdered,
		batch.StatusFailed, batch.StatusInvalid, batch.StatusUnknown,
		batch.StatusNotAttempted},
	"plan": {batch.StatusWouldOrder, batch.StatusAlreadyOrdered,
		batch.StatusInvalid, batch.StatusUnknown},
}

// statusCounts lists every status of the command, then any other that
// occurred (a plan that was interrupted has not_attempted rows).
func (j *runJob) statusCounts(by map[batch.Status]int) []report.StatusCount {
	order, ok := statusOrder[j.cmd]
	if !ok {
		order = statusOrder["run"]
	}
	var out []report.StatusCount
	seen := map[batch.Status]bool{}
	for _, s := range order {
		out = append(out, report.StatusCount{Status: string(s), Rows: by[s]})
		seen[s] = true
	}
	for _, s := range []batch.Status{batch.StatusOrdered,
		batch.StatusAlreadyOrdered, batch.StatusWouldOrder,
		batch.StatusFailed, batch.StatusInvalid, batch.StatusUnknown,
		batch.StatusNotAttempted} {
		if !seen[s] && by[s] > 0 {
			out = append(out, report.StatusCount{Status: string(s), Rows: by[s]})
		}
	}
	return out
}

func (j *runJob) summary(t batch.Totals) report.Summary {
	return report.Summary{
		Command:           j.cmd,
		Statuses:          j.statusCounts(t.ByStatus),
		Rows:              t.Rows,
		Quantity:          t.Quantity,
		QuantityByService: t.QuantityByService,
		QuantityByBilling: t.QuantityByBilling,
		Orders:            t.Orders,
		Results:           absPath(j.results),
		Started:           t.Started,
		Finished:          t.Finished,
		Ordering:          t.Ordering,
		ExitCode:          j.code,
	}
}

// printSummary prints the summary on stdout, as text or --json.
func (j *runJob) printSummary(t batch.Totals) {
	s := j.summary(t)
	var err error
	if j.flags.jsonSummary {
		err = s.WriteJSON(j.out)
	} else {
		err = s.WriteText(j.out)
	}
	if err != nil && j.log != nil {
		j.log.Warn("could not print the summary", "error", err.Error())
	}
}

// writeMetrics writes the --metrics file of a run that got as far as
// its results file, whatever its exit code.
func (j *runJob) writeMetrics(t batch.Totals) {
	if j.flags.metrics == "" || j.dryRun() {
		return
	}
	j.metered = true
	m := report.Metrics{
		Finished: t.Finished,
		ExitCode: j.code,
		Statuses: j.statusCounts(t.ByStatus),
		Orders:   t.Orders,
		Quantity: t.Quantity,
		Duration: t.Finished.Sub(t.Started),
	}
	if err := report.WriteMetrics(j.flags.metrics, m); err != nil {
		j.log.Error("could not write the metrics file", "file",
			j.flags.metrics, "error", err.Error())
	}
}

// metricsOnEarlyExit writes the metrics of a run that stopped before
// any row (credentials missing, ledger locked, unreadable input): the
// last run timestamp and exit code move, the rows are all zero, and the
// last success stays where it was, so an alert on it fires.
func (j *runJob) metricsOnEarlyExit(err error) {
	if j.metered || j.flags.metrics == "" || j.dryRun() {
		return
	}
	now := time.Now()
	j.code = exitCodeOf(err)
	j.writeMetrics(batch.Totals{Started: j.begun, Finished: now})
}

// exitCodeOf is the exit code run gives err.
func exitCodeOf(err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitFatal
}
