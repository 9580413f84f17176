package batch

import (
	"strings"
	"testing"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

func testCatalog() *Catalog {
	partners := []yeastar.Partner{
		{ID: "3102447813542051840", Company: "Acme Telecom Ltd",
			Email: "nadia@acme.example", FirstName: "Nadia", LastName: "Okafor"},
		{ID: "3110268934872145920", Company: "Northwind Traders",
			Email: "uk@northwind.example"},
		{ID: "3110268934991372288", Company: "Northwind Traders",
			Email: "au@northwind.example"},
	}
	contacts := []yeastar.BillingContact{
		{ID: "3197218168379846218", Email: "alice@reseller.example",
			FirstName: "Alice", LastName: "Martin"},
		{ID: "3199540021876523008", Email: "bob@reseller.example",
			FirstName: "Bob", LastName: "Chen"},
	}
	services := []yeastar.Service{
		{ID: "3181927247249457152", Name: "Custom Domain Name"},
		{ID: "3181927247249450000", Name: "PCE White Label"},
	}
	return NewCatalog(19, partners, contacts, services)
}

func TestResolve(t *testing.T) {
	cat := testCatalog()
	tests := []struct {
		kind, value string
		want        yeastar.ID
		errHas      string
	}{
		{"partner", "", "", ""},
		{"partner", "3102447813542051840", "3102447813542051840", ""},
		{"partner", "acme telecom ltd", "3102447813542051840", ""},
		{"partner", "  Acme   Telecom Ltd ", "3102447813542051840", ""},
		{"partner", "NADIA@ACME.EXAMPLE", "3102447813542051840", ""},
		{"partner", "Nadia Okafor", "3102447813542051840", ""},
		{"partner", "Northwind Traders", "", "matches 2 customers"},
		{"partner", "Northwind Traders", "", "au@northwind.example"},
		{"partner", "Acme Telcom Ltd", "", `did you mean "Acme Telecom Ltd"`},
		{"partner", "Zebra Inc", "", `no customer named "Zebra Inc"`},
		{"partner", "nobody@x.example", "", "no customer with e-mail"},
		{"partner", "3102447813542050000", "", "rounded by a spreadsheet"},
		{"partner", "3102447813542050000", "", "3102447813542051840"},
		{"partner", "3.10245E+18", "", "scientific notation"},
		{"partner", "3.10245E+18", "", "perhaps Acme Telecom Ltd"},
		{"partner", "42", "", "no customer with ID 42"},
		{"billing", "Alice Martin", "3197218168379846218", ""},
		{"billing", "alice@reseller.example", "3197218168379846218", ""},
		{"billing", "3197218168379846218", "3197218168379846218", ""},
		{"billing", "3197218168379850000", "", "probably is Alice Martin"},
		{"billing", "3197218168379840000", "", "probably is Alice Martin"},
		{"billing", "3,19722E+18", "", "scientific notation"},
		{"service", "custom domain name", "3181927247249457152", ""},
		// A real ID ending in zeros resolves exactly.
		{"service", "3181927247249450000", "3181927247249450000", ""},
		{"service", "YCM White Label", "", "offers: Custom Domain Name"},
	}
	for _, tt := range tests {
		var got yeastar.ID
		var err error
		switch tt.kind {
		case "partner":
			got, err = cat.Partner(tt.value)
		case "billing":
			got, err = cat.BillingContact(tt.value)
		case "service":
			got, err = cat.Service(tt.value)
		}
		if tt.errHas == "" {
			if err != nil || got != tt.want {
				t.Errorf("%s(%q) = %q, %v, want %q", tt.kind, tt.value, got, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.errHas) {
			t.Errorf("%s(%q) error = %v, want it to contain %q", tt.kind, tt.value, err, tt.errHas)
		}
	}
}

func TestRoundDigits(t *testing.T) {
	tests := []struct {
		id   string
		n    int
		want string
	}{
		{"3197218168379846218", 15, "319721816837985"},
		{"3197218168379841218", 15, "319721816837984"},
		{"1999", 3, "200"},
		{"9999", 3, "1000"},
		{"12", 5, "12"},
	}
	for _, tt := range tests {
		if got := roundDigits(tt.id, tt.n); got != tt.want {
			t.Errorf("roundDigits(%q, %d) = %q, want %q", tt.id, tt.n, got, tt.want)
		}
	}
}

func TestIdentity(t *testing.T) {
	row := Row{Partner: "Acme", Quantity: "2.00", Billing: "Alice Martin"}
	a := NormalizeContent(row, "Custom Domain Name", "", 2)
	row2 := Row{Partner: " ACME ", Quantity: "2", Billing: "alice  martin",
		Service: "custom domain name"}
	b := NormalizeContent(row2, "Custom Domain Name", "", 2)
	if a.Key() != b.Key() {
		t.Fatalf("same request spelled twice: %q != %q", a.Key(), b.Key())
	}
	first := identityFor("b1", "", a, 1)
	second := identityFor("b1", "", a, 2)
	other := identityFor("b2", "", a, 1)
	if first.Key == second.Key || first.Key == other.Key {
		t.Errorf("identities collide: %v %v %v", first, second, other)
	}
	if first != identityFor("b1", "", b, 1) {
		t.Errorf("identity not deterministic")
	}
	if n := len(first.PONumber); n >= 40 || !strings.HasPrefix(first.PONumber, "YB-") {
		t.Errorf("derived poNumber %q: want YB- prefix and under 40 chars", first.PONumber)
	}
	ref := identityFor("b1", "PO-7", a, 0)
	if ref.Key != "ref:PO-7" || ref.PONumber != "PO-7" {
		t.Errorf("reference identity = %+v", ref)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"acme telecom", "acme telecom"},
		{"  Acme \t Telecom  Ltd ", "acme telecom ltd"},
		{"ÉCOLE  Süd", "école süd"},
		{"", ""},
		{" ", ""},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
