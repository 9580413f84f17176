package batch

import (
	"context"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// pendingSend is an order of this run that got no answer, kept so that
// reconciliation at the end of the run can send it again when the order
// list proves it absent.
type pendingSend struct {
	job job
	req yeastar.OrderRequest
}

// resendRounds bounds how often one run sends a row proven absent.
const resendRounds = 3

// maxReconcileWait caps how long the end of a run waits for the portal
// to list the orders it sent last.
const maxReconcileWait = 5 * time.Minute

func (r *Runner) remember(o Outcome, j job, req yeastar.OrderRequest) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending == nil {
		r.pending = map[string]pendingSend{}
	}
	r.pending[o.Entry.Identity] = pendingSend{job: j, req: req}
}

// finishUnknown reconciles the rows this run left unknown, resends those
// proven absent, and hands the sequencer their final outcomes. A stop
// (r.stop) ends the wait and the search at once and sends nothing more;
// the rows stay unknown for the next run. ctx outlives a stop, for the
// resends already decided.
func (r *Runner) finishUnknown(ctx context.Context) {
	updated := map[string]Outcome{}
	for round := 0; round < resendRounds; round++ {
		held := r.seq.heldUnknown()
		open := unsettled(held, updated)
		if len(open) == 0 || r.listCannotProve() ||
			!r.waitForListing(r.stop, open) {
			break
		}
		if err := r.reconcile(r.stop); err != nil {
			if r.stop.Err() == nil {
				r.log.Warn("reconcile at end of run", "error", err.Error())
			}
			break
		}
		if !r.applyReconciled(ctx, open, updated) {
			break
		}
	}
	r.seq.release(updated)
}

func unsettled(held []Outcome, updated map[string]Outcome) []Outcome {
	var open []Outcome
	for _, o := range held {
		if u, ok := updated[o.Entry.Identity]; ok && u.Status != StatusUnknown {
			continue
		}
		open = append(open, o)
	}
	return open
}

// listCannotProve reports whether a search of this run found that the
// order list shows no poNumbers: then searching again can neither find
// a row nor prove it absent, so waiting would only delay the run. Only
// the goroutine finishing the run calls it.
func (r *Runner) listCannotProve() bool {
	return r.inconclusive
}

// waitForListing sleeps until the newest unanswered order is old enough
// to be listed; false when the run was interrupted meanwhile.
func (r *Runner) waitForListing(ctx context.Context, open []Outcome) bool {
	var newest time.Time
	for _, o := range open {
		if o.Entry.LastSentAt.After(newest) {
			newest = o.Entry.LastSentAt
		}
	}
	wait := min(newest.Add(r.opt.ReconcileAfter).Sub(r.opt.Now()), maxReconcileWait)
	if wait <= 0 {
		return true
	}
	r.log.Info("waiting before checking the order list", "delay", wait.String())
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// applyReconciled reads back what reconciliation decided; rows proven
// absent are sent again. It reports whether any row was resent.
func (r *Runner) applyReconciled(ctx context.Context, open []Outcome,
	updated map[string]Outcome) bool {
	// reconcile has just flushed the ledger and written synchronously,
	// so the lookup below sees every decision.
	keys := make([]string, len(open))
	for i, o := range open {
		keys[i] = o.Entry.Identity
	}
	now, err := r.ledger.Lookup(keys)
	if err != nil {
		r.fatal.set(err)
		return false
	}
	resent := false
	for _, o := range open {
		e, ok := now[o.Entry.Identity]
		if !ok {
			continue
		}
		switch e.Status {
		case StatusOrdered:
			o.Status, o.Entry, o.Error = StatusOrdered, e, e.LastError
		case StatusNotAttempted:
			if p, ok := r.pendingFor(e.Identity); ok && r.stop.Err() == nil {
				p.job.prior = &e
				o = r.send(ctx, p.job, p.req)
				resent = true
			} else {
				// Not sent now: say what the ledger says, so the
				// next run is expected to send it.
				o.Status, o.Entry, o.Error = StatusNotAttempted, e, e.LastError
			}
		default:
			o.Entry, o.Error = e, e.LastError
		}
		updated[o.Entry.Identity] = o
	}
	return resent
}

func (r *Runner) pendingFor(identity string) (pendingSend, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.pending[identity]
	return p, ok
}
