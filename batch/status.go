package batch

// Status is where a row ended a run. The values are the ones the results
// file and the ledger show.
type Status string

// The statuses of PRODUCT.md, plus the two that plan uses.
const (
	StatusOrdered        Status = "ordered"
	StatusAlreadyOrdered Status = "already_ordered"
	StatusFailed         Status = "failed"
	StatusInvalid        Status = "invalid"
	StatusUnknown        Status = "unknown"
	StatusNotAttempted   Status = "not_attempted"
	StatusWouldOrder     Status = "would_order"
)

// Settled reports whether a row in this status needs nothing more: it
// was ordered, now or before.
func (s Status) Settled() bool {
	return s == StatusOrdered || s == StatusAlreadyOrdered
}
