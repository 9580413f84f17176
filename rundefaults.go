package main

import (
	"flag"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/batch"
)

// flagsSet names the flags the command line gave explicitly.
func flagsSet(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// adoptRunDefaults takes, for each flag that shapes row identities and
// that the command line left out, the value the last run of this input
// used. report and settle must compute the identities that run did: a
// run with --billing "Alice Martin" followed by a plain report would
// otherwise find none of the rows whose billing cell was empty.
func (j *runJob) adoptRunDefaults(l *batch.Ledger, set map[string]bool) error {
	d, at, ok, err := l.LastRunDefaults(absPath(j.input))
	if err != nil || !ok {
		return err
	}
	f := &j.flags
	if !set["batch"] {
		f.batch = d.Batch
	}
	if !set["service"] {
		f.service = d.Service
	}
	if !set["billing"] {
		f.billing = d.Billing
	}
	if !set["product"] {
		f.product = d.ProductID
	}
	if !set["max-quantity"] {
		f.maxQuantity = d.MaxQuantity
	}
	j.log.Info("using the options of the last run of this file",
		"run_started", at.UTC().Format(time.RFC3339), "batch", f.batch,
		"service", f.service, "billing", f.billing, "product", f.product,
		"max_quantity", f.maxQuantity)
	return nil
}
