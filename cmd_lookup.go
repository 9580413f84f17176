package main

import (
	"context"
	"fmt"
	"io"

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
	if err := f.check(); err != nil {
		return err
	}
	sess, err := f.connect(f.logger(errOut), errOut)
	if err != nil {
		return err
	}
	defer sess.closer()
	rows, err := fetchLookup(ctx, sess.client, positional[0], product)
	if err != nil {
		return err
	}
	if asCSV {
		return gocsv.Marshal(rows, out)
	}
	return report.WriteTable(out, rows)
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

func fetchLookup(ctx context.Context, api batch.API, what string, product int64) (any, error) {
	switch what {
	case "partners":
		list, err := api.Partners(ctx)
		return partnerRows(list), err
	case "billing-contacts":
		list, err := api.BillingContacts(ctx)
		return contactRows(list), err
	case "services":
		list, err := api.Services(ctx, product)
		return serviceRows(list), err
	}
	return nil, usageError("lookup %q: choose partners, billing-contacts or services", what)
}

func partnerRows(list []yeastar.Partner) []partnerRow {
	rows := make([]partnerRow, len(list))
	for i, p := range list {
		rows[i] = partnerRow{p.Company, p.Email,
			fmt.Sprint(p.FirstName, " ", p.LastName), string(p.ID)}
	}
	return rows
}

func contactRows(list []yeastar.BillingContact) []contactRow {
	rows := make([]contactRow, len(list))
	for i, c := range list {
		rows[i] = contactRow{fmt.Sprint(c.FirstName, " ", c.LastName),
			c.Email, c.Company, string(c.ID)}
	}
	return rows
}

func serviceRows(list []yeastar.Service) []serviceRow {
	rows := make([]serviceRow, len(list))
	for i, s := range list {
		rows[i] = serviceRow{s.Name, string(s.ID)}
	}
	return rows
}
