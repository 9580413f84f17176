package batch

import (
	"sync"
	"time"
)

// Outcome is what became of one input row in a run: its status, the IDs
// it resolved to, the order if there is one, and a sentence when it did
// not go through.
type Outcome struct {
	Row    Row
	Status Status
	Entry  Entry  // IDs, poNumber, order fields, request ID, attempts
	Error  string // a sentence for a finance clerk; empty when fine

	// ServiceName and BillingLabel name what the row buys and who pays,
	// for the totals; they are empty for rows that did not resolve.
	ServiceName  string
	BillingLabel string

	// awaitsEnd marks an unknown row that the reconciliation at the
	// end of this run may settle: one it sent, or one an earlier run
	// left unknown that it could send if proven absent.
	awaitsEnd bool
}

// Totals counts a run's outcomes for the summary.
type Totals struct {
	Rows              int
	ByStatus          map[Status]int
	Quantity          int            // ordered (run) or to order (plan)
	QuantityByService map[string]int // same, per service name
	QuantityByBilling map[string]int // same, per billing contact
	Orders            int            // orders placed by this run
	Started, Finished time.Time
	// Ordering is from the first order sent to the last answer: the
	// time the rate limit and the portal decide, without start-up or the
	// wait before reconciling at the end.
	Ordering time.Duration
}

func newTotals(now time.Time) Totals {
	return Totals{
		ByStatus:          map[Status]int{},
		QuantityByService: map[string]int{},
		QuantityByBilling: map[string]int{},
		Started:           now,
	}
}

func (t *Totals) add(o Outcome) {
	t.Rows++
	t.ByStatus[o.Status]++
	if o.Status == StatusOrdered {
		t.Orders++
	}
	if o.Status == StatusOrdered || o.Status == StatusWouldOrder {
		t.Quantity += o.Entry.Quantity
		t.QuantityByService[o.ServiceName] += o.Entry.Quantity
		t.QuantityByBilling[o.BillingLabel] += o.Entry.Quantity
	}
}

// AllSettled reports whether every row is ordered, already ordered or,
// for plan, would be ordered: the condition for exit code 0.
func (t Totals) AllSettled() bool {
	ok := t.ByStatus[StatusOrdered] + t.ByStatus[StatusAlreadyOrdered] +
		t.ByStatus[StatusWouldOrder]
	return ok == t.Rows
}

// sequencer hands outcomes to the sink in input order, whatever order
// the workers finish in. Rows finish nearly in order, so little waits.
//
// While holding is on, an unknown row stops the flow: it and every row
// after it wait until release, because reconciliation at the end of the
// run may still settle it. That costs memory in proportion to the rows
// after the first unknown one, a few hundred bytes each.
type sequencer struct {
	mu      sync.Mutex
	next    int
	waiting map[int]Outcome
	held    []Outcome
	holding bool
	out     *asyncSink
	totals  Totals
	closed  bool
	err     error
}

func newSequencer(sink func(Outcome) error, holding bool, now time.Time) *sequencer {
	return &sequencer{waiting: map[int]Outcome{}, out: newAsyncSink(sink),
		holding: holding, totals: newTotals(now)}
}

// put accepts the outcome of the seq-th row (from 0).
func (s *sequencer) put(seq int, o Outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq == s.next && len(s.waiting) == 0 && !s.holds(o) {
		s.next++ // in order, as most rows are: skip the map
		s.emit(o)
		return
	}
	s.waiting[seq] = o
	for {
		o, ok := s.waiting[s.next]
		if !ok {
			return
		}
		delete(s.waiting, s.next)
		s.next++
		if s.holds(o) {
			s.held = append(s.held, o)
			continue
		}
		s.emit(o)
	}
}

// holds reports whether o must wait for the end of the run.
func (s *sequencer) holds(o Outcome) bool {
	return s.holding && (len(s.held) > 0 || (o.awaitsEnd && o.Status == StatusUnknown))
}

// heldUnknown returns the held rows that are still unknown.
func (s *sequencer) heldUnknown() []Outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Outcome
	for _, o := range s.held {
		if o.awaitsEnd && o.Status == StatusUnknown {
			out = append(out, o)
		}
	}
	return out
}

// release replaces held outcomes by identity and emits them all.
func (s *sequencer) release(updated map[string]Outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.held {
		if u, ok := updated[o.Entry.Identity]; ok && o.Status == StatusUnknown {
			o = u
		}
		s.emit(o)
	}
	s.held = nil
	s.holding = false
}

func (s *sequencer) emit(o Outcome) {
	s.totals.add(o)
	s.out.put(o)
}

// result waits until the sink has every outcome and returns the totals
// and the sink's first error. Nothing may be put after it.
func (s *sequencer) result() (Totals, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		s.err = s.out.close()
	}
	return s.totals, s.err
}
