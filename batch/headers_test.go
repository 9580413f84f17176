package batch

import (
	"strings"
	"testing"
)

func TestFieldOf(t *testing.T) {
	tests := []struct {
		cell string
		want Field
		ok   bool
	}{
		{"Partner", FieldPartner, true},
		{" partner_ID ", FieldPartner, true},
		{"PARTNER-EMAIL", FieldPartner, true},
		{"\uFEFFCompany", FieldPartner, true},
		{"Qty.", FieldQuantity, true},
		{"domains", FieldQuantity, true},
		{"Billing Contact ID", FieldBilling, true},
		{"billing.email", FieldBilling, true},
		{"P.O. Number", FieldReference, true},
		{"Purchase-Order", FieldReference, true},
		{"service_name", FieldService, true},
		{"Notes", 0, false},
		{"", 0, false},
		{"PO #", 0, false},
	}
	for _, tt := range tests {
		got, ok := fieldOf(tt.cell)
		if got != tt.want || ok != tt.ok {
			t.Errorf("fieldOf(%q) = %v, %v, want %v, %v",
				tt.cell, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSniffSeparator(t *testing.T) {
	tests := []struct {
		line string
		want rune
	}{
		{"partner,qty,billing", ','},
		{"partner;qty;billing", ';'},
		{"partner\tqty\tbilling", '\t'},
		{"qty", ','},
		{"Kunde, Firma;Qty;Notes", ';'},      // more known with ;
		{`"a;b",qty,"c;d"`, ','},             // quotes hide the ;
		{"Notes;Comments;More", ';'},         // no known column: most frequent
		{"a,b;c,d;e", ','},                   // tie on count: comma first
		{"qty;partner,billing,ref", ','},     // 3 known beat 2
		{"Qty\tPartner, Inc\tBilling", '\t'}, // tab finds 3
	}
	for _, tt := range tests {
		if got := sniffSeparator(tt.line); got != tt.want {
			t.Errorf("sniffSeparator(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestMatchHeader(t *testing.T) {
	tests := []struct {
		header []string
		msg    string
	}{
		{[]string{"qty"}, ""},
		{[]string{"", "qty", ""}, ""},
		{[]string{"partner"}, "no quantity column"},
		{[]string{"qty", "count"}, `columns A "qty" and B "count" both hold the quantity`},
		{[]string{"ref", "x", "PO"}, `columns A "ref" and C "PO" both hold the reference`},
		{strings.Split("a,b,c,d,e,f,g,h,i,j,k,l", ","), `"j" and 2 more`},
	}
	for _, tt := range tests {
		_, msg := matchHeader(tt.header)
		if tt.msg == "" && msg != "" || !strings.Contains(msg, tt.msg) {
			t.Errorf("matchHeader(%q) = %q, want %q", tt.header, msg, tt.msg)
		}
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := columnLetter(i); got != want {
			t.Errorf("columnLetter(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestHeaderLine(t *testing.T) {
	tests := []struct {
		head   string
		line   string
		number int
		bareCR bool
	}{
		{"a,b\nc", "a,b", 1, false},
		{"\n\r\n;;\na;b\r\n", "a;b\r", 4, false},
		{"\"x\ny\",qty\n1", "\"x\ny\",qty", 1, false},
		{"a,b\rc,d\r", "a,b\rc,d\r", 1, true},
		{"", "", 1, false},
	}
	for _, tt := range tests {
		line, n, cr := headerLine([]byte(tt.head))
		if line != tt.line || n != tt.number || cr != tt.bareCR {
			t.Errorf("headerLine(%q) = %q, %d, %v, want %q, %d, %v",
				tt.head, line, n, cr, tt.line, tt.number, tt.bareCR)
		}
	}
}
