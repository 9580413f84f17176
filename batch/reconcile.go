package batch

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// Reconciliation settles rows whose order was sent but never answered.
// The API has no idempotency key, so the only proof of an order is the
// account's order list, which we page newest first looking for the
// row's poNumber. What is assumed of that list (page size, clock skew,
// how soon an order shows) lives in yeastar/assumptions.go.

// maxOrderPages bounds one search (100,000 orders at 100 a page); a
// search cut short proves nothing absent.
const maxOrderPages = 1000

// ReconcileResult counts what a reconciliation decided.
type ReconcileResult struct {
	Checked    int // unknown rows looked for
	Found      int // found in the order list: now ordered
	Resend     int // proven absent: will be sent again
	StillOpen  int // could not be proven either way: stay unknown
	Duplicates int // poNumbers that the list shows more than once
	// Conclusive is false when the order list could not prove an order
	// absent (it shows no poNumbers); waiting and searching again then
	// changes nothing.
	Conclusive bool
}

// reconciler looks for unknown rows in the order list.
type reconciler struct {
	api    API
	ledger *Ledger
	runID  int64
	now    func() time.Time
	// after is how long after a send the portal is trusted to show the
	// order; a row sent more recently is never declared absent.
	after time.Duration
}

// orderSearch is what one pass over the order list learned.
type orderSearch struct {
	found     map[string]yeastar.Order // by poNumber
	seen      map[string]int           // orders per poNumber, for duplicates
	carriesPO bool                     // some order had a poNumber field
	complete  bool                     // reached the cutoff or the end
	inWindow  int                      // orders no older than the cutoff
}

// provesAbsence reports whether the search can show an order missing:
// the whole window was read and either the list shows poNumbers or no
// order at all was created in it.
func (s orderSearch) provesAbsence() bool {
	return s.complete && (s.carriesPO || s.inWindow == 0)
}

func (r *reconciler) run(ctx context.Context) (ReconcileResult, error) {
	unknown, err := r.ledger.Unknown()
	if err != nil || len(unknown) == 0 {
		return ReconcileResult{}, err
	}
	wanted := make(map[string]bool, len(unknown))
	for _, e := range unknown {
		wanted[e.PONumber] = true
	}
	cutoff := unknown[0].FirstSentAt.Add(-yeastar.ClockSkew)
	search, err := r.search(ctx, wanted, cutoff)
	if err != nil {
		return ReconcileResult{}, fmt.Errorf("search order list: %w", err)
	}
	return r.settle(unknown, search)
}

// search pages the order list newest first until every wanted poNumber
// is found, the list ends, or orders older than cutoff begin.
func (r *reconciler) search(ctx context.Context, wanted map[string]bool,
	cutoff time.Time) (orderSearch, error) {
	s := orderSearch{found: map[string]yeastar.Order{}, seen: map[string]int{}}
	for pageNo := 1; pageNo <= maxOrderPages; pageNo++ {
		page, err := r.api.ListOrders(ctx, pageNo, yeastar.MaxPageSize)
		if err != nil {
			return s, err
		}
		older := s.take(page.Orders, wanted, cutoff)
		if older || len(page.Orders) == 0 || pageNo >= page.TotalPage {
			s.complete = true
			break
		}
		if len(s.found) == len(wanted) {
			break
		}
	}
	return s, nil
}

// take records one page and reports whether it reached the cutoff.
func (s *orderSearch) take(orders []yeastar.Order, wanted map[string]bool,
	cutoff time.Time) bool {
	older := false
	for _, o := range orders {
		if o.HasPONumber {
			s.carriesPO = true
		}
		if o.PONumber != "" && wanted[o.PONumber] {
			s.seen[o.PONumber]++
			if _, dup := s.found[o.PONumber]; !dup {
				s.found[o.PONumber] = o
			}
		}
		if !o.CreateTime.IsZero() && o.CreateTime.Before(cutoff) {
			older = true
		} else {
			s.inWindow++
		}
	}
	return older
}

func (r *reconciler) settle(unknown []Entry, s orderSearch) (ReconcileResult, error) {
	res := ReconcileResult{Checked: len(unknown), Conclusive: s.provesAbsence()}
	now := r.now()
	for _, e := range unknown {
		e.RunID = r.runID
		event, detail := r.decide(&e, s, now)
		switch e.Status {
		case StatusOrdered:
			res.Found++
			if s.seen[e.PONumber] > 1 {
				res.Duplicates++
			}
		case StatusNotAttempted:
			res.Resend++
		default:
			res.StillOpen++
		}
		if err := r.ledger.RecordOutcome(e, event, detail); err != nil {
			return res, err
		}
	}
	return res, nil
}

// decide sets the row's new status and says why.
func (r *reconciler) decide(e *Entry, s orderSearch, now time.Time) (string, string) {
	if o, ok := s.found[e.PONumber]; ok {
		e.Status = StatusOrdered
		e.OrderNo, e.OrderID, e.OrderStatus = o.OrderNo, o.ID, o.OrderStatus
		e.OrderedAt = firstNonZero(o.CreateTime, e.LastSentAt)
		e.LastError = ""
		detail := "found in the order list as " + o.OrderNo
		if n := s.seen[e.PONumber]; n > 1 {
			detail += fmt.Sprintf("; WARNING: %d orders carry this poNumber", n)
			e.LastError = fmt.Sprintf("the portal shows %d orders with "+
				"po_number %s; check for a duplicate order", n, e.PONumber)
		}
		return "reconciled", detail
	}
	recent := now.Sub(e.LastSentAt) < r.after
	if s.provesAbsence() && !recent {
		e.Status = StatusNotAttempted
		e.LastError = "no order with po_number " + e.PONumber +
			" appears in the portal; it will be sent again"
		return "reconciled", "absent from the order list back to before it was sent"
	}
	e.Status = StatusUnknown
	e.LastError = unknownAdvice(*e, s, recent)
	return "still_unknown", e.LastError
}

// unknownAdvice tells a person what to look for in the portal.
func unknownAdvice(e Entry, s orderSearch, recent bool) string {
	why := "the order list does not show poNumbers, so the tool cannot " +
		"tell whether this order exists"
	switch {
	case recent:
		why = "the order was sent moments ago and may not be listed yet; " +
			"the next run checks again"
	case !s.complete:
		why = "the order list could not be searched back far enough"
	}
	customer := "the reseller's own account"
	if e.PartnerID != "" {
		customer = "partner ID " + e.PartnerID
	}
	return fmt.Sprintf("sent at %s (%s) but no answer came back; %s; "+
		"look in the Partner Portal for an order created then for %s, "+
		"quantity %d of service ID %s, then record what you find with "+
		"'yeastar-bulk settle %s --row %d --order-no NO' or '--not-ordered'",
		e.LastSentAt.UTC().Format(time.RFC3339), plural(e.Attempts, "attempt"),
		why, customer, e.Quantity, e.ServiceID, e.InputFile, e.RowNumber)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func firstNonZero(times ...time.Time) time.Time {
	for _, t := range times {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func sortBySent(list []Entry) {
	sort.Slice(list, func(i, j int) bool {
		return list[i].FirstSentAt.Before(list[j].FirstSentAt)
	})
}
