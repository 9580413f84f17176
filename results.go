package main

import (
	"fmt"
	"os"

	"github.com/yeastar-bulk/yeastar-bulk/batch"
	"github.com/yeastar-bulk/yeastar-bulk/report"
)

// toResult is the results-file row of an outcome.
func toResult(o batch.Outcome) report.Result {
	e := o.Entry
	return report.Result{
		Row:              o.Row.Number,
		Cells:            o.Row.Cells,
		Status:           string(o.Status),
		OrderNo:          e.OrderNo,
		OrderID:          e.OrderID,
		OrderStatus:      e.OrderStatus,
		TransactionNo:    e.TransactionNo,
		InstanceID:       e.InstanceID,
		PartnerID:        e.PartnerID,
		BillingContactID: e.BillingContactID,
		ServiceID:        e.ServiceID,
		PONumber:         e.PONumber,
		RequestID:        e.RequestID,
		Attempts:         e.Attempts,
		Error:            o.Error,
		OrderedAt:        e.OrderedAt,
	}
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// resultsOptions writes the results with the input's separator when that
// was a semicolon, so a European spreadsheet opens both files alike.
func (j *runJob) resultsOptions(in *batch.Reader) report.Options {
	return report.Options{NoBOM: j.flags.noBOM, Semicolon: in.Separator() == ';'}
}

// createResults starts the results file for the input in. The caller
// commits it, or lets its deferred Abort remove it.
func (j *runJob) createResults(in *batch.Reader) (*report.ResultsWriter, error) {
	j.results = j.resultsPath()
	if sameFile(j.results, j.input) {
		return nil, usageError("--out %s is the input file; the results "+
			"would replace the sheet", j.results)
	}
	w, err := report.CreateResults(j.results, in.Header(), j.resultsOptions(in))
	if err != nil {
		return nil, fmt.Errorf("create results file: %w", err)
	}
	return w, nil
}

// sameFile reports whether two paths name one existing file.
func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}
