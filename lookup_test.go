package main

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/yeastar-bulk/yeastar-bulk/report"
	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

func TestLookupTable(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	code, out, errOut := e.opRun("lookup", "--rate", "0", "services")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	want := "SERVICE             SERVICE_ID\n" +
		"Custom Domain Name  3181927247249457152\n" +
		"PCE White Label     3181927247253364736\n" +
		"YCM White Label     3181927247257890000\n"
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("lookup services (-want +got):\n%s", diff)
	}

	code, out, _ = e.opRun("lookup", "--rate", "0", "billing-contacts")
	if code != exitOK || !strings.Contains(out,
		"Alice Martin  alice.martin@reseller.example  Harbor Comms Ltd  3197218168379846218\n") {
		t.Errorf("lookup billing-contacts: exit %d\n%s", code, out)
	}
}

func TestLookupCSV(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	code, out, errOut := e.opRun("lookup", "--rate", "0", "--csv", "partners")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"company", "email", "name", "partner_id"}, recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if len(recs) != 8 || recs[1][3] != "3102447813542051840" {
		t.Errorf("got %d records, first %v", len(recs), recs[1])
	}
}

func TestLookupBadKindIsUsageError(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	code, _, errOut := e.opRun("lookup", "customers")
	if code != exitUsage || e.srv.Calls()["token"] != 0 {
		t.Errorf("exit %d, calls %v; want 2 before any call\n%s", code,
			e.srv.Calls(), errOut)
	}
}

func TestLookupRows(t *testing.T) {
	defused := func(s string) string { return report.Printable(s) }
	partners := partnerRows([]yeastar.Partner{
		{ID: "1", Company: "Solo Ltd"},
		{ID: "2", FirstName: "Ann"},
		{ID: "3", LastName: "Lee", Company: "=HYPERLINK(\"x\")"},
	}, defused)
	names := []string{partners[0].Name, partners[1].Name, partners[2].Name}
	if diff := cmp.Diff([]string{"", "Ann", "Lee"}, names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	contacts := contactRows([]yeastar.BillingContact{
		{ID: "9", Company: "Tab\there", FirstName: " Bo ", LastName: ""},
	}, defused)
	if contacts[0].Name != "Bo" || contacts[0].Company != "Tab here" {
		t.Errorf("contact row = %+v", contacts[0])
	}
}
