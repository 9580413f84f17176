package batch

import (
	"context"
	"errors"
	"fmt"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// decide settles a row without sending when it can, and otherwise
// returns the order to send.
func (r *Runner) decide(ctx context.Context, j job) (Outcome, yeastar.OrderRequest, bool) {
	var none yeastar.OrderRequest
	if first, dup := r.claimReference(j); dup {
		return r.invalid(j, fmt.Sprintf("reference %s is already used by "+
			"row %d of this file; give each row its own reference",
			j.row.Reference, first)), none, false
	}
	if o, ok := r.fromLedger(j); ok {
		if o.Status == StatusUnknown {
			o.awaitsEnd = r.rememberEarlier(o, j)
		}
		return o, none, false
	}
	if why := r.stopReason(ctx); why != "" {
		return r.notAttempted(j, why), none, false
	}
	req, problems := r.resolve(j, r.cat)
	if len(problems) > 0 {
		return r.invalid(j, problems...), none, false
	}
	if r.opt.DryRun {
		o := r.resolved(j, req, StatusWouldOrder)
		return o, none, false
	}
	return Outcome{}, req, true
}

// rememberEarlier keeps a row an earlier run left unknown as a pending
// send, so that when the reconciliation at the end of this run proves
// it absent it is sent then, as this run's own unanswered rows are,
// instead of being reported unknown while the ledger says not sent.
func (r *Runner) rememberEarlier(o Outcome, j job) bool {
	if r.opt.DryRun || r.cat == nil {
		return false
	}
	req, problems := r.resolve(j, r.cat)
	if len(problems) > 0 {
		return false
	}
	r.remember(o, j, req)
	return true
}

// claimReference notes the first row of this file using a reference.
func (r *Runner) claimReference(j job) (int, bool) {
	if j.row.Reference == "" {
		return 0, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if first, ok := r.refs[j.row.Reference]; ok {
		return first, true
	}
	r.refs[j.row.Reference] = j.row.Number
	return 0, false
}

// stopReason says why no new row may start, or "" when rows may.
func (r *Runner) stopReason(ctx context.Context) string {
	if err := r.fatal.get(); err != nil {
		return "the run stopped before this row: " + err.Error()
	}
	if ctx.Err() != nil {
		return "the run was interrupted before this row; the next run sends it"
	}
	return ""
}

func (r *Runner) notAttempted(j job, why string) Outcome {
	e := r.entry(j)
	e.Status = StatusNotAttempted
	return Outcome{Row: j.row, Status: StatusNotAttempted, Entry: e, Error: why}
}

// resolved is an outcome carrying the IDs the row resolved to.
func (r *Runner) resolved(j job, req yeastar.OrderRequest, s Status) Outcome {
	e := r.entry(j)
	e.Status = s
	e.PartnerID = string(req.PartnerID)
	e.BillingContactID = string(req.BillingID)
	e.ServiceID = string(req.ServiceID)
	return Outcome{Row: j.row, Status: s, Entry: e,
		ServiceName:  r.cat.ServiceName(req.ServiceID),
		BillingLabel: r.cat.BillingLabel(req.BillingID)}
}

// send places one order: write-ahead record, request, outcome record.
func (r *Runner) send(ctx context.Context, j job, req yeastar.OrderRequest) Outcome {
	// A row that waited for a worker while the run was being stopped
	// is not sent.
	if why := r.stopReason(r.stop); why != "" {
		return r.notAttempted(j, why)
	}
	o := r.resolved(j, req, StatusUnknown)
	if err := r.ledger.RecordSending(&o.Entry); err != nil {
		return r.sendRefused(j, err)
	}
	o.awaitsEnd = true
	r.clock.sent(r.opt.Now())
	res, err := r.api.CreateOrder(ctx, req)
	r.clock.answered(r.opt.Now())
	event := r.classify(&o, res, err)
	if err := r.ledger.RecordOutcomeLater(o.Entry, event, o.Error); err != nil {
		// The ledger still says unknown, so the next run reconciles it.
		r.fatal.set(fmt.Errorf("write ledger: %w", err))
	}
	if o.Status == StatusUnknown {
		r.remember(o, j, req)
	}
	r.log.Debug("row sent", "row", j.row.Number, "status", string(o.Status),
		"order_no", o.Entry.OrderNo, "request_id", o.Entry.RequestID,
		"attempt", o.Entry.Attempts)
	return o
}

func (r *Runner) sendRefused(j job, err error) Outcome {
	if errors.Is(err, ErrAlreadyOrdered) {
		o := r.notAttempted(j, "")
		o.Status = StatusUnknown
		o.Error = "the ledger shows this row as already sent; the next run " +
			"reconciles it"
		return o
	}
	r.fatal.set(fmt.Errorf("write ledger: %w", err))
	return r.notAttempted(j, "the ledger could not be written, so nothing "+
		"was sent: "+err.Error())
}

// classify turns the reply into the row's status and returns the
// ledger event name. It is the one place that decides what an error
// from the portal means for a row.
func (r *Runner) classify(o *Outcome, res yeastar.OrderResult, err error) string {
	e := &o.Entry
	var apiErr *yeastar.APIError
	switch {
	case err == nil:
		o.Status = StatusOrdered
		e.OrderNo, e.OrderID = res.OrderNo, res.OrderID
		e.OrderStatus, e.TransactionNo = res.OrderStatus, res.TransactionNo
		e.InstanceID, e.RequestID = res.InstanceID, res.RequestID
		e.OrderedAt = r.opt.Now().UTC()
		o.Error = ""
	case errors.Is(err, yeastar.ErrOutcomeUnknown):
		o.Status = StatusUnknown
		o.Error = "no answer came back (" + shortCause(err) + "); the order " +
			"may exist, so it is checked in the order list before any resend"
	case yeastar.IsAuthError(err):
		r.fatal.set(fmt.Errorf("the portal refused our credentials: %w", err))
		o.Status = StatusNotAttempted
		o.Error = "the portal refused the credentials; nothing was ordered"
	case errors.As(err, &apiErr):
		o.Status = StatusFailed
		o.Error = refusal(apiErr)
	default:
		r.fatal.set(fmt.Errorf("cannot reach the portal: %w", err))
		o.Status = StatusNotAttempted
		o.Error = "the portal could not be reached; nothing was ordered"
	}
	if apiErr != nil {
		e.RequestID = apiErr.RequestID
	}
	e.Status = o.Status
	e.LastError = o.Error
	return string(o.Status)
}

// refusal explains a refused order to a finance clerk.
func refusal(e *yeastar.APIError) string {
	if e.HTTPStatus == 429 {
		return "the portal kept answering 'too many requests'; nothing " +
			"was ordered; the next run tries again (lower --rate)"
	}
	msg := "the portal refused the order: " + e.Code
	if e.DetailMessage != "" {
		msg += " (" + e.DetailMessage + ")"
	}
	if e.Field != "" {
		msg += fmt.Sprintf("; field %s failed check %q", e.Field, e.Tag)
	}
	return msg + "; nothing was ordered"
}

// shortCause names the transport problem without a Go error chain.
func shortCause(err error) string {
	var apiErr *yeastar.APIError
	switch {
	case errors.As(err, &apiErr):
		return fmt.Sprintf("HTTP %d", apiErr.HTTPStatus)
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	default:
		return "connection lost"
	}
}
