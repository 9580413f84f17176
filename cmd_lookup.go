package main

import (
	"context"
	"io"
	"strings"

	"github.com/gocarina/gocsv"

	"github.com/yeastar-bulk/yeastar-bulk/batch"
	"github.com/yeastar-bulk/yeastar-bulk/report"
	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// cmdLookup prints the names a spreadsheet may use: partners, billing
// contacts or the services of a product.
func cmdLookup(ctx context.Context, args []string, out, errOut io.Writer) error {
	var f apiFlags
	var asCSV bool
	var product int64
	fs := newFlagSet("lookup", errOut, "[flags] partners | billing-contacts | services")
	f.register(fs)
	fs.BoolVar(&asCSV, "csv", false, "print CSV instead of an aligned table")
	fs.Int64Var(&product, "product", 19, "product whose services to list")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return usageError("lookup needs one of: partners, billing-contacts, services")
	}
	what := positional[0]
	if !lookupKinds[what] {
		return usageError("lookup %q: choose partners, billing-contacts or services", what)
	}
	if err := f.check(); err != nil {
		return err
	}
	sess, err := f.connect(f.logger(errOut), errOut)
	if err != nil {
		return err
	}
	defer sess.closer()
	// A CSV is opened in a spreadsheet, so its cells are defused like
	// the results file's; the table shows names exactly as the API has
	// them, minus control characters, which could move the cursor.
	cell := report.Printable
	if asCSV {
		cell = func(s string) string { return report.Defuse(report.Printable(s)) }
	}
	rows, err := fetchLookup(ctx, sess.client, what, product, cell)
	if err != nil {
		return err
	}
	if asCSV {
		return gocsv.Marshal(rows, out)
	}
	return report.WriteTable(out, rows)
}

var lookupKinds = map[string]bool{
	"partners": true, "billing-contacts": true, "services": true,
}

// fullName is "First Last", or whichever half there is.
func fullName(first, last string) string {
	return strings.TrimSpace(strings.TrimSpace(first) + " " +
		strings.TrimSpace(last))
}

// The lookup tables, with the column names an operator sees.
type partnerRow struct {
	Company   string `csv:"company"`
	Email     string `csv:"email"`
	Name      string `csv:"name"`
	PartnerID string `csv:"partner_id"`
}

type contactRow struct {
	Name      string `csv:"name"`
	Email     string `csv:"email"`
	Company   string `csv:"company"`
	BillingID string `csv:"billing_contact_id"`
}

type serviceRow struct {
	Service   string `csv:"service"`
	ServiceID string `csv:"service_id"`
}

func fetchLookup(ctx context.Context, api batch.API, what string,
	product int64, cell func(string) string) (any, error) {
	switch what {
	case "partners":
		list, err := api.Partners(ctx)
		return partnerRows(list, cell), err
	case "billing-contacts":
		list, err := api.BillingContacts(ctx)
		return contactRows(list, cell), err
	case "services":
		list, err := api.Services(ctx, product)
		return serviceRows(list, cell), err
	}
	return nil, usageError("lookup %q: choose partners, billing-contacts or services", what)
}

func partnerRows(list []yeastar.Partner, cell func(string) string) []partnerRow {
	rows := make([]partnerRow, len(list))
	for i, p := range list {
		rows[i] = partnerRow{cell(p.Company), cell(p.Email),
			cell(fullName(p.FirstName, p.LastName)), string(p.ID)}
	}
	return rows
}

func contactRows(list []yeastar.BillingContact, cell func(string) string) []contactRow {
	rows := make([]contactRow, len(list))
	for i, c := range list {
		rows[i] = contactRow{cell(fullName(c.FirstName, c.LastName)),
			cell(c.Email), cell(c.Company), string(c.ID)}
	}
	return rows
}

func serviceRows(list []yeastar.Service, cell func(string) string) []serviceRow {
	rows := make([]serviceRow, len(list))
	for i, s := range list {
		rows[i] = serviceRow{cell(s.Name), string(s.ID)}
	}
	return rows
}
