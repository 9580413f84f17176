package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// Options shape a run. The zero value is not useful: Batch, Workers,
// ProductID, DefaultService and MaxQuantity must be set.
type Options struct {
	Command        string // "run" or "plan", recorded in the ledger
	InputFile      string
	Batch          string
	Workers        int
	ProductID      int64
	DefaultService string
	DefaultBilling string
	MaxQuantity    int
	// DryRun resolves and reports but sends nothing and writes nothing
	// to the ledger: plan.
	DryRun bool
	// ReconcileAfter is how long after an unanswered order the portal is
	// trusted to list it; see reconciler.after.
	ReconcileAfter time.Duration
	Logger         *slog.Logger
	// Progress, when set, is told of every row finished.
	Progress func(done int)
	Now      func() time.Time
}

// Defaults are the options that shape row identities, for the ledger.
func (o Options) Defaults() RunDefaults {
	return RunDefaults{Batch: o.Batch, Service: o.DefaultService,
		Billing: o.DefaultBilling, ProductID: o.ProductID,
		MaxQuantity: o.MaxQuantity}
}

// Runner places the orders of one input file. Use it once.
type Runner struct {
	api     API
	ledger  *Ledger
	opt     Options
	log     *slog.Logger
	runID   int64
	cat     *Catalog
	seq     *sequencer
	stop    context.Context        // cancelled: take no new rows
	fatal   firstError             // the error that stops the whole run
	mu      sync.Mutex             // guards refs and pending
	refs    map[string]int         // reference → first row using it
	pending map[string]pendingSend // unanswered orders, by identity
	clock   sendClock              // when ordering began and last answered
	// inconclusive: the last search could not prove orders absent.
	inconclusive bool
	// Recon holds what each reconciliation of this run decided.
	Recon []ReconcileResult
}

// NewRunner prepares a run against api, recording in ledger.
func NewRunner(api API, ledger *Ledger, opt Options) *Runner {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	opt.Workers = max(opt.Workers, 1)
	return &Runner{api: api, ledger: ledger, opt: opt, log: opt.Logger,
		refs: map[string]int{}}
}

// chunkSize is how many rows are looked up in the ledger at once.
const chunkSize = 256

// Run reads every row of in, sends what needs sending and hands each
// row's outcome to sink in input order. Cancelling ctx stops new rows
// from being taken; requests in flight still finish and every row still
// reaches sink (not_attempted when not reached). The error is the fatal
// one that stopped the run, if any.
func (r *Runner) Run(ctx context.Context, in *Reader, sink func(Outcome) error) (Totals, error) {
	r.seq = newSequencer(sink, !r.opt.DryRun, r.opt.Now())
	r.stop = ctx
	if err := r.start(ctx); err != nil {
		r.fatal.set(err)
	}
	// Requests in flight outlive a cancelled ctx, so a signal never
	// leaves an order half-known; the client's timeouts bound them.
	sendCtx := context.WithoutCancel(ctx)
	g := new(errgroup.Group)
	g.SetLimit(r.opt.Workers)
	readErr := r.dispatch(ctx, sendCtx, in, g)
	g.Wait()
	if ctx.Err() == nil && r.fatal.get() == nil && !r.opt.DryRun {
		r.finishUnknown(sendCtx)
	}
	r.seq.release(nil)
	if !r.opt.DryRun {
		if err := r.ledger.Flush(); err != nil {
			r.fatal.set(fmt.Errorf("write ledger: %w", err))
		}
	}
	totals, sinkErr := r.seq.result()
	totals.Finished = r.opt.Now()
	if totals.Rows == 0 && readErr == nil {
		r.log.Warn("the input file has no rows: nothing to do")
	}
	totals.Ordering = r.clock.span()
	return totals, errors.Join(r.fatal.get(), readErr, sinkErr)
}

// start records the run, reconciles what earlier runs left unknown and
// fetches the lists rows are resolved against.
func (r *Runner) start(ctx context.Context) error {
	if !r.opt.DryRun {
		id, err := r.ledger.StartRun(r.opt.Command, r.opt.InputFile, r.opt.Defaults())
		if err != nil {
			return fmt.Errorf("write ledger: %w", err)
		}
		r.runID = id
		if err := r.reconcile(ctx); err != nil {
			return err
		}
	}
	cat, err := LoadCatalog(ctx, r.api, r.opt.ProductID)
	if err != nil {
		return err
	}
	r.cat = cat
	r.checkDefaults()
	return nil
}

// checkDefaults warns once when --service or --billing names nothing,
// rather than leaving a clerk to find it on every row that uses it.
func (r *Runner) checkDefaults() {
	if _, err := r.cat.Service(r.opt.DefaultService); err != nil {
		r.log.Warn("rows without a service will be invalid: --service "+
			"names no service of the product", "error", err.Error())
	}
	if r.opt.DefaultBilling == "" {
		return
	}
	if _, err := r.cat.BillingContact(r.opt.DefaultBilling); err != nil {
		r.log.Warn("rows without a billing contact will be invalid: "+
			"--billing names no billing contact", "error", err.Error())
	}
}

func (r *Runner) reconcile(ctx context.Context) error {
	// Outcomes are written behind the orders; the search must see them.
	if err := r.ledger.Flush(); err != nil {
		return fmt.Errorf("write ledger: %w", err)
	}
	rec := reconciler{api: r.api, ledger: r.ledger, runID: r.runID,
		now: r.opt.Now, after: r.opt.ReconcileAfter}
	res, err := rec.run(ctx)
	if err != nil {
		return fmt.Errorf("reconcile unknown orders: %w", err)
	}
	if res.Checked > 0 {
		r.inconclusive = !res.Conclusive
		r.Recon = append(r.Recon, res)
		r.log.Info("reconciled unknown orders", "checked", res.Checked,
			"found", res.Found, "resend", res.Resend,
			"still_unknown", res.StillOpen, "duplicates", res.Duplicates)
	}
	return nil
}

// dispatch reads the input chunk by chunk and starts each row.
func (r *Runner) dispatch(ctx, sendCtx context.Context, in *Reader, g *errgroup.Group) error {
	return r.eachChunk(in, func(jobs []job, lookupErr error) error {
		if lookupErr != nil {
			r.fatal.set(lookupErr)
		}
		invalid := r.startChunk(ctx, sendCtx, jobs, g)
		if err := r.recordInvalid(invalid); err != nil {
			r.fatal.set(err)
		}
		return nil
	})
}

// eachChunk reads the input a chunk at a time and hands fn the chunk's
// jobs, identities and ledger records attached, in input order. A
// failed ledger lookup is passed on; fn decides whether it ends the
// reading.
func (r *Runner) eachChunk(in *Reader, fn func(jobs []job, lookupErr error) error) error {
	occ := occurrences{}
	seq := 0
	// The chunk's rows and jobs are reused: fn copies what it keeps.
	rows := make([]Row, 0, chunkSize)
	jobs := make([]job, 0, chunkSize)
	for {
		var readErr error
		rows, readErr = readChunk(in, rows, chunkSize)
		jobs = jobs[:0]
		for _, row := range rows {
			jobs = append(jobs, r.newJob(seq, row, occ))
			seq++
		}
		if err := fn(jobs, r.attachPrior(jobs)); err != nil {
			return err
		}
		if readErr == io.EOF {
			return nil
		}
		if readErr != nil {
			return readErr
		}
	}
}

// readChunk reads up to n rows into rows[:0], reusing its memory.
func readChunk(in *Reader, rows []Row, n int) ([]Row, error) {
	rows = rows[:0]
	for len(rows) < n {
		row, err := in.Next()
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// attachPrior looks the chunk's identities up in the ledger at once.
func (r *Runner) attachPrior(jobs []job) error {
	if r.ledger == nil || r.fatal.get() != nil {
		return nil
	}
	keys := make([]string, len(jobs))
	for i, j := range jobs {
		keys[i] = j.identity.Key
	}
	found, err := r.ledger.Lookup(keys)
	if err != nil {
		return err
	}
	for i := range jobs {
		if _, ok := found[jobs[i].identity.Key]; ok {
			// Copied only when found: taking the address of the map
			// lookup's variable would put an Entry on the heap per row.
			e := found[jobs[i].identity.Key]
			jobs[i].prior = &e
		}
	}
	return nil
}

// startChunk decides each row of a chunk; rows that need an order go to
// the pool. It returns the invalid rows, for the ledger.
func (r *Runner) startChunk(ctx, sendCtx context.Context, jobs []job, g *errgroup.Group) []Entry {
	var invalid []Entry
	for i := range jobs {
		o, req, send := r.decide(ctx, jobs[i])
		if !send {
			if o.Status == StatusInvalid {
				invalid = append(invalid, o.Entry)
			}
			r.finish(jobs[i].seq, o)
			continue
		}
		r.goSend(sendCtx, g, jobs[i], req)
	}
	return invalid
}

// goSend sends one row on the pool. It is a function of its own so that
// only rows that are sent have their job copied to the heap.
func (r *Runner) goSend(ctx context.Context, g *errgroup.Group, j job, req yeastar.OrderRequest) {
	g.Go(func() error {
		r.finish(j.seq, r.send(ctx, j, req))
		return nil
	})
}

func (r *Runner) finish(seq int, o Outcome) {
	r.seq.put(seq, o)
	if r.opt.Progress != nil {
		r.opt.Progress(1)
	}
}

// recordInvalid keeps a chunk's invalid rows in one transaction.
func (r *Runner) recordInvalid(entries []Entry) error {
	if r.opt.DryRun || len(entries) == 0 || r.fatal.get() != nil {
		return nil
	}
	return r.ledger.RecordInvalidAll(entries)
}

// RunID is the ledger's ID of this run; 0 for plan.
func (r *Runner) RunID() int64 { return r.runID }

// sendClock notes when the first order left and the last answer came,
// for the achieved order rate. It is safe for concurrent use.
type sendClock struct {
	mu          sync.Mutex
	first, last time.Time
}

func (c *sendClock) sent(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.first.IsZero() {
		c.first = t
	}
}

func (c *sendClock) answered(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.last) {
		c.last = t
	}
}

func (c *sendClock) span() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last.Sub(c.first)
}
