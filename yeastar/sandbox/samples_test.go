package sandbox

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestSampleOrdersResolve keeps samples/orders.csv in step with the seed
// data: every row names exactly one partner (or none), one billing
// contact and one service, and the order it describes succeeds.
func TestSampleOrdersResolve(t *testing.T) {
	f, err := os.Open("../../samples/orders.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "customer,quantity,billing contact,reference,service"
	if got := strings.Join(rows[0], ","); got != want {
		t.Fatalf("header = %q, want %q", got, want)
	}

	e := newEnv(t, Options{})
	tok := e.token()
	for i, row := range rows[1:] {
		line := i + 2
		partner := samplePartner(t, line, row[0])
		billing := sampleBilling(t, line, row[2])
		service := sampleService(t, line, row[4])
		qty, err := strconv.Atoi(row[1])
		if err != nil || qty < 1 || qty > 5 {
			t.Errorf("line %d: quantity %q, want 1 to 5", line, row[1])
			continue
		}
		r := e.save(tok, orderBody(partner, billing, service, qty, row[3]))
		if r.Code != "success" {
			t.Errorf("line %d: order refused: %s", line, r.Raw)
		}
	}
}

// samplePartner resolves a partner cell as the CLI would: partnerId,
// e-mail or company name, and insists on a single, ordinary match.
func samplePartner(t *testing.T, line int, cell string) string {
	t.Helper()
	if cell == "" {
		return ""
	}
	var ids []string
	for _, p := range DemoPartners {
		if cell == p.PartnerID || strings.EqualFold(cell, p.Email) ||
			strings.EqualFold(cell, p.Company) {
			ids = append(ids, p.PartnerID)
		}
	}
	if len(ids) != 1 {
		t.Errorf("line %d: partner %q matches %v, want one", line, cell,
			ids)
		return ""
	}
	if ids[0] == DemoPartners[len(DemoPartners)-1].PartnerID {
		t.Errorf("line %d: uses the low-balance demo partner", line)
	}
	return ids[0]
}

// sampleBilling resolves a billing cell: ID, e-mail or "First Last".
func sampleBilling(t *testing.T, line int, cell string) string {
	t.Helper()
	var ids []string
	for _, b := range DemoBillingContacts {
		if cell == b.BillingContactID ||
			strings.EqualFold(cell, b.EmailAddress) ||
			strings.EqualFold(cell, b.FirstName+" "+b.LastName) {
			ids = append(ids, b.BillingContactID)
		}
	}
	if len(ids) != 1 {
		t.Errorf("line %d: billing %q matches %v, want one", line, cell,
			ids)
		return TutorialBillingID
	}
	return ids[0]
}

// sampleService resolves a service name; empty is Custom Domain Name.
func sampleService(t *testing.T, line int, cell string) string {
	t.Helper()
	if cell == "" {
		return CustomDomainNameID
	}
	for _, sv := range DemoServices {
		if strings.EqualFold(cell, sv.ServiceName) {
			return sv.ServiceID
		}
	}
	t.Errorf("line %d: no service %q", line, cell)
	return CustomDomainNameID
}
