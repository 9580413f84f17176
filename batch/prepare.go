package batch

import (
	"fmt"
	"strings"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// job is a row on its way through a run, with everything known about it
// before it is sent.
type job struct {
	seq      int
	row      Row
	content  Content
	identity Identity
	quantity int
	qtyErr   error
	prior    *Entry // what the ledger held before this run, if anything
}

// newJob computes what can be known of a row without the ledger or the
// API: its quantity, normalised content and identity.
func (r *Runner) newJob(seq int, row Row, occ occurrences) job {
	j := job{seq: seq, row: row}
	j.quantity, j.qtyErr = ParseQuantity(row.Quantity, r.opt.MaxQuantity)
	j.content = NormalizeContent(row, r.opt.DefaultService,
		r.opt.DefaultBilling, j.quantity)
	n := 0
	if row.Reference == "" {
		n = occ.next(j.content)
	}
	j.identity = identityFor(r.opt.Batch, row.Reference, j.content, n)
	return j
}

// entry is the ledger record this job would write.
func (r *Runner) entry(j job) Entry {
	e := Entry{
		Identity:    j.identity.Key,
		Batch:       r.opt.Batch,
		InputFile:   r.opt.InputFile,
		RowNumber:   j.row.Number,
		Cells:       j.row.Cells,
		Content:     j.content.Key(),
		Fingerprint: j.content.Fingerprint(),
		PONumber:    j.identity.PONumber,
		ProductID:   r.opt.ProductID,
		Quantity:    j.quantity,
		RunID:       r.runID,
	}
	if j.prior != nil {
		e.Attempts = j.prior.Attempts
		e.FirstSentAt = j.prior.FirstSentAt
	}
	return e
}

// fromLedger decides a row the ledger already settles: ordered before,
// awaiting reconciliation, or a reference reused for other content.
func (r *Runner) fromLedger(j job) (Outcome, bool) {
	p := j.prior
	if p == nil {
		return Outcome{}, false
	}
	switch p.Status {
	case StatusOrdered:
		if p.Fingerprint != j.content.Fingerprint() {
			return r.invalid(j, reusedReference(j, *p)), true
		}
		o := Outcome{Row: j.row, Status: StatusAlreadyOrdered, Entry: *p}
		o.Entry.RowNumber = j.row.Number
		o.Error = p.LastError
		return o, true
	case StatusUnknown:
		return Outcome{Row: j.row, Status: StatusUnknown, Entry: *p,
			Error: p.LastError}, true
	}
	return Outcome{}, false
}

func reusedReference(j job, p Entry) string {
	return fmt.Sprintf("reference %s was already ordered as order %s "+
		"(row %d of %s, asking for %s); this row asks for %s; give this "+
		"row a new reference", j.row.Reference, p.OrderNo, p.RowNumber,
		p.InputFile, describeContent(p.Content), describeContent(j.content.Key()))
}

// describeContent renders a content key for a person.
func describeContent(key string) string {
	parts := strings.Split(key, "|")
	if len(parts) != 4 {
		return key
	}
	partner := parts[0]
	if partner == "" {
		partner = "own account"
	}
	return fmt.Sprintf("quantity %s of %q for %q billed to %q",
		parts[2], parts[1], partner, parts[3])
}

// resolve checks and resolves a row that needs an order; every problem
// found is named in one sentence, so a clerk fixes the row at once.
func (r *Runner) resolve(j job, cat *Catalog) (yeastar.OrderRequest, []string) {
	var problems []string
	if j.row.Problem != "" {
		return yeastar.OrderRequest{}, []string{j.row.Problem}
	}
	if j.qtyErr != nil {
		problems = append(problems, j.qtyErr.Error())
	}
	req := yeastar.OrderRequest{ProductID: cat.ProductID,
		Quantity: j.quantity, PONumber: j.identity.PONumber}
	var err error
	if req.PartnerID, err = cat.Partner(j.row.Partner); err != nil {
		problems = append(problems, err.Error())
	}
	billing := firstNonEmpty(j.row.Billing, r.opt.DefaultBilling)
	if billing == "" {
		problems = append(problems, "the billing contact is empty and no "+
			"--billing default was given")
	} else if req.BillingID, err = cat.BillingContact(billing); err != nil {
		problems = append(problems, byFlag(err, j.row.Billing, "--billing"))
	}
	service := firstNonEmpty(j.row.Service, r.opt.DefaultService)
	if req.ServiceID, err = cat.Service(service); err != nil {
		problems = append(problems, byFlag(err, j.row.Service, "--service"))
	}
	return req, problems
}

// byFlag names the flag a value came from when the row's cell was
// empty; otherwise a clerk looks in vain for the value in the row.
func byFlag(err error, cell, flag string) string {
	if cell != "" {
		return err.Error()
	}
	return "the " + flag + " value: " + err.Error()
}

func (r *Runner) invalid(j job, problems ...string) Outcome {
	e := r.entry(j)
	e.Status = StatusInvalid
	e.LastError = joinProblems(problems)
	return Outcome{Row: j.row, Status: StatusInvalid, Entry: e, Error: e.LastError}
}

// joinProblems makes one sentence of several, capitalised.
func joinProblems(problems []string) string {
	s := strings.Join(problems, "; ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
