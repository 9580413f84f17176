package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

// These tests run plan end to end, through run() as main calls it,
// against an in-process sandbox, on the files a finance department
// really exports, and judge each by its exit code, its message and the
// results file row by row.

// planRow is what one row of the results file must show. msg is a
// fragment of its error cell ("" means the cell is empty); cells are
// exact values of named columns.
type planRow struct {
	row    string
	status string
	msg    string
	cells  map[string]string
}

// planCase is one input file run through plan. A file-level failure
// has a code other than 0 or 3 and a stderr fragment; rows are then
// not checked unless given.
type planCase struct {
	name   string
	file   []byte
	args   []string // after the file name
	code   int
	stderr string
	rows   []planRow
}

// Demo data the cases name; see yeastar/sandbox/seed.go.
const (
	acmeID     = "3102447813542051840"
	aliceID    = sandbox.TutorialBillingID
	bobID      = "3199540021876523008"
	customDN   = sandbox.CustomDomainNameID
	ycmID      = sandbox.ZerosServiceID
	nwUK       = "3110268934872145920"
	nwAU       = "3110268934991372288"
	planHeader = "customer,quantity,billing contact,reference,service\n"
)

func planLines(s ...string) []byte { return []byte(strings.Join(s, "")) }

// oneRow is a file of the usual header and one row.
func planOneRow(row string) []byte { return planLines(planHeader, row, "\n") }

func planOK(row string) planRow { return planRow{row: row, status: "would_order"} }

func planBad(row, msg string) planRow {
	return planRow{row: row, status: "invalid", msg: msg}
}

func planCases() []planCase {
	return []planCase{
		// Quantities.
		{name: "quantity 2.00", file: planOneRow("Acme Telecom Ltd,2.00,Alice Martin,Q1,"),
			rows: []planRow{{row: "2", status: "would_order",
				cells: map[string]string{"partner_id": acmeID,
					"billing_contact_id": aliceID, "service_id": customDN,
					"po_number": "Q1", "quantity": "2.00"}}}},
		{name: "quantity 2.5", code: 3, file: planOneRow("Acme Telecom Ltd,2.5,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", `Quantity "2.5" is not a whole number`)}},
		{name: "quantity 0", code: 3, file: planOneRow("Acme Telecom Ltd,0,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", `Quantity "0" must be at least 1`)}},
		{name: "quantity -1", code: 3, file: planOneRow("Acme Telecom Ltd,-1,Alice Martin,Q1,"),
			rows: []planRow{{row: "2", status: "invalid",
				msg:   `Quantity "-1" must be at least 1`,
				cells: map[string]string{"quantity": "'-1"}}}},
		{name: "quantity two", code: 3, file: planOneRow("Acme Telecom Ltd,two,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", `Quantity "two" is not a number`)}},
		{name: "quantity empty", code: 3, file: planOneRow("Acme Telecom Ltd,,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", "Quantity is empty")}},
		{name: "quantity over max", code: 3, args: []string{"--max-quantity", "10"},
			file: planLines(planHeader, "Acme Telecom Ltd,10,Alice Martin,Q1,\n",
				"Acme Telecom Ltd,11,Alice Martin,Q2,\n"),
			rows: []planRow{planOK("2"),
				planBad("3", "Quantity 11 is more than 10, the most one row may order (--max-quantity)")}},
		{name: "quantity 1.000 ambiguous", code: 3, file: planOneRow("Acme Telecom Ltd,1.000,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", `Quantity "1.000" is ambiguous`)}},

		// Spreadsheet-damaged IDs.
		{name: "scientific partner ID", code: 3, file: planOneRow("3.10245E+18,1,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", "Customer ID 3.10245E+18 is in scientific notation")}},
		{name: "scientific billing ID european", code: 3,
			file: planOneRow(`Acme Telecom Ltd,1,"3,19722E+18",Q1,`),
			rows: []planRow{planBad("2", "Billing contact ID 3,19722E+18 is in scientific "+
				"notation: a spreadsheet turned the ID into a number and lost its "+
				"digits; format the column as text and enter the full ID (perhaps "+
				"Alice Martin <alice.martin@reseller.example> ID "+aliceID+")")}},
		{name: "rounded partner ID", code: 3, file: planOneRow("3102447813542050000,1,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", "Customer ID 3102447813542050000 was rounded by a "+
				"spreadsheet, which keeps only 15 significant digits; it probably is "+
				"Acme Telecom Ltd <nadia.okafor@acmetelecom.example> ID "+acmeID)}},
		{name: "rounded up billing ID", code: 3,
			file: planOneRow("Acme Telecom Ltd,1,3197218168379850000,Q1,"),
			rows: []planRow{planBad("2", "Billing contact ID 3197218168379850000 was rounded "+
				"by a spreadsheet, which keeps only 15 significant digits; it probably "+
				"is Alice Martin <alice.martin@reseller.example> ID "+aliceID)}},
		{name: "truncated billing ID", code: 3,
			file: planOneRow("Acme Telecom Ltd,1,3199540021876520000,Q1,"),
			rows: []planRow{planBad("2", "it probably is Bob Chen <bob.chen@reseller.example> ID "+bobID)}},
		{name: "real ID ending in zeros", file: planOneRow("Acme Telecom Ltd,1,Alice Martin,Q1," + ycmID),
			rows: []planRow{{row: "2", status: "would_order",
				cells: map[string]string{"service_id": ycmID, "error": ""}}}},
		{name: "unknown full-length ID", code: 3, file: planOneRow("3102447813542151840,1,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", "No customer with ID 3102447813542151840")}},

		// Names, e-mails, services, billing.
		{name: "ambiguous company", code: 3, file: planOneRow("northwind traders,1,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", `"northwind traders" matches 2 customers (`+
				"Northwind Traders <accounts@northwind-uk.example> ID "+nwUK+"; "+
				"Northwind Traders <accounts@northwind-au.example> ID "+nwAU+
				"); use the e-mail or the ID instead")}},
		{name: "ambiguous company resolved by e-mail", file: planOneRow("ACCOUNTS@northwind-au.example,1,Alice Martin,Q1,"),
			rows: []planRow{{row: "2", status: "would_order",
				cells: map[string]string{"partner_id": nwAU}}}},
		{name: "unknown name with suggestion", code: 3, file: planOneRow("Cedar Dental,1,Alice Martin,Q1,"),
			rows: []planRow{planBad("2", `No customer named "Cedar Dental"; did you mean "Cedar Dental Group"?`)}},
		{name: "unknown service", code: 3, file: planOneRow("Acme Telecom Ltd,1,Alice Martin,Q1,Custom Domain"),
			rows: []planRow{planBad("2", `No service named "Custom Domain"; did you mean "Custom Domain Name"?; `+
				"product 19 offers: Custom Domain Name ("+customDN+"), PCE White Label "+
				"(3181927247253364736), YCM White Label ("+ycmID+")")}},
		{name: "empty billing without --billing", code: 3, file: planOneRow("Acme Telecom Ltd,1,,Q1,"),
			rows: []planRow{planBad("2", "The billing contact is empty and no --billing default was given")}},
		{name: "empty billing with --billing", args: []string{"--billing", "bob.chen@reseller.example"},
			file: planLines(planHeader, "Acme Telecom Ltd,1,,Q1,\n", "Acme Telecom Ltd,1,Alice Martin,Q2,\n"),
			rows: []planRow{
				{row: "2", status: "would_order", cells: map[string]string{
					"billing_contact_id": bobID, "billing contact": ""}},
				{row: "3", status: "would_order", cells: map[string]string{
					"billing_contact_id": aliceID}}}},
		{name: "unknown --billing default", code: 3, args: []string{"--billing", "Alice Martins"},
			file: planLines(planHeader, "Acme Telecom Ltd,1,,Q1,\n", "Acme Telecom Ltd,1,Bob Chen,Q2,\n"),
			rows: []planRow{planBad("2", `The --billing value: no billing contact named "Alice Martins"; `+
				`did you mean "Alice Martin"?`), planOK("3")}},
		{name: "unknown --service default", code: 3, args: []string{"--service", "White Label"},
			file: planLines(planHeader, "Acme Telecom Ltd,1,Bob Chen,Q1,\n",
				"Acme Telecom Ltd,1,Bob Chen,Q2,pce white label\n"),
			rows: []planRow{planBad("2", `The --service value: no service named "White Label"`),
				{row: "3", status: "would_order", cells: map[string]string{
					"service_id": "3181927247253364736"}}}},
		{name: "no billing column and no --billing", code: 1,
			file:   planLines("customer,quantity\n", "Acme Telecom Ltd,1\n"),
			stderr: "has no billing column and no --billing default was given"},
		{name: "unknown e-mail", code: 3, file: planOneRow("Acme Telecom Ltd,1,alice@reseller.example,Q1,"),
			rows: []planRow{planBad("2", `No billing contact with e-mail "alice@reseller.example"`)}},
		{name: "every problem of a row in one message", code: 3,
			file: planOneRow("Acme Telecom,0,Alice Martinez,Q1,Fancy"),
			rows: []planRow{planBad("2", `Quantity "0" must be at least 1; no customer named `+
				`"Acme Telecom"; did you mean "Acme Telecom Ltd"?; no billing contact named "Alice Martinez"`)}},

		// Encodings and shapes.
		{name: "UTF-8 BOM", file: planLines("\uFEFFCustomer,Quantity,Billing\n", "Acme Telecom Ltd,1,Alice Martin\n"),
			rows: []planRow{{row: "2", status: "would_order",
				cells: map[string]string{"Customer": "Acme Telecom Ltd"}}}},
		{name: "UTF-16 LE", file: utf16File(binary.LittleEndian,
			"customer\tquantity\tbilling\r\nBluebird Hotels\t1\tCarla Díaz\r\nAcme Telecom Ltd\t2\tAlice Martin\r\n"),
			code: 3,
			rows: []planRow{planBad("2", `No billing contact named "Carla Díaz"; did you mean "Carla Diaz"?`),
				{row: "3", status: "would_order", cells: map[string]string{"quantity": "2"}}}},
		{name: "UTF-16 BE", file: utf16File(binary.BigEndian,
			"customer,quantity,billing\r\nAcme Telecom Ltd,1,Alice Martin\r\n"),
			rows: []planRow{planOK("2")}},
		{name: "semicolon, CRLF, decimal comma", file: planLines(
			"Customer;Qty;Billing contact;PO number\r\n",
			"Acme Telecom Ltd;2,00;Alice Martin;EU-1\r\n",
			"\"Delta Logistics GmbH\";\"1,0\";Bob Chen;EU-2\r\n"),
			rows: []planRow{{row: "2", status: "would_order", cells: map[string]string{"Qty": "2,00"}},
				planOK("3")}},
		{name: "tab separator", file: planLines("customer\tquantity\tbilling\n",
			"Acme Telecom Ltd, London\t1\tAlice Martin\n"), code: 3,
			rows: []planRow{planBad("2", `No customer named "Acme Telecom Ltd, London"`)}},
		{name: "quoted separators, quotes and line breaks", code: 3, file: planLines(planHeader,
			`"Acme Telecom Ltd",1,"Martin, Alice",Q1,`, "\n",
			`"Bluebird ""Hotels""",1,Alice Martin,Q2,`, "\n",
			"\"Cedar\nDental Group\",1,Alice Martin,Q3,\n",
			"Cedar Dental Group,1,Alice Martin,Q4,\n"),
			rows: []planRow{
				planBad("2", `No billing contact named "Martin, Alice"`),
				{row: "3", status: "invalid", msg: `No customer named`,
					cells: map[string]string{"customer": `Bluebird "Hotels"`}},
				{row: "4", status: "would_order", // a line break is a space
					cells: map[string]string{"customer": "Cedar\nDental Group"}},
				planOK("5")}},
		{name: "blank lines keep spreadsheet row numbers", file: planLines("\n",
			planHeader, "Acme Telecom Ltd,1,Alice Martin,Q1,\n", "\n", ",,,,\n",
			"  \n", "Cedar Dental Group,1,Bob Chen,Q2,\n", "\n"),
			rows: []planRow{planOK("3"), planOK("7")}},
		{name: "trailing empty columns", file: planLines("customer,quantity,billing,,,\n",
			"Acme Telecom Ltd,1,Alice Martin,,,\n", "Cedar Dental Group,1,Bob Chen,,\n"),
			rows: []planRow{planOK("2"), planOK("3")}},
		{name: "more cells than the header", code: 3, file: planLines("customer,quantity,billing\n",
			"Acme Telecom Ltd,1,Alice Martin,Bristol\n"),
			rows: []planRow{planBad("2", `the first extra cell is "Bristol"`)}},
		{name: "stray quote in a cell", code: 3, file: planLines(planHeader,
			"Acme 12\" Ltd,1,Alice Martin,Q1,\n", "Cedar Dental Group,1,Bob Chen,Q2,\n"),
			rows: []planRow{planBad("2", `A cell holds a quote (") but does not start with one`), planOK("3")}},
		{name: "invalid UTF-8 in a cell", code: 3, file: planLines(planHeader,
			"Acme Telecom Ltd,1,Alice Martin,Q1,\n", "M\xfcller GmbH,1,Alice Martin,Q2,\n",
			"Cedar Dental Group,1,Bob Chen,Q3,\n"),
			rows: []planRow{planOK("2"),
				{row: "3", status: "invalid",
					msg:   `The cell in column A ("customer") is not UTF-8 text`,
					cells: map[string]string{"customer": "M\uFFFDller GmbH"}},
				planOK("4")}},

		// Whole-file failures.
		{name: "duplicate known column", code: 1,
			file:   planLines("customer,quantity,billing,qty\n", "Acme Telecom Ltd,1,Alice Martin,1\n"),
			stderr: `line 1: columns B "quantity" and D "qty" both hold the quantity`},
		{name: "missing quantity column", code: 1,
			file: planLines("customer,amount,billing\n", "Acme Telecom Ltd,1,Alice Martin\n"),
			stderr: `the header has no quantity column; found "customer", "amount", "billing"; ` +
				"expected a column named quantity, qty, count or domains"},
		{name: "empty file", code: 1, file: nil, stderr: "the file is empty"},
		{name: "only blank lines", code: 1, file: planLines("\r\n\r\n;;\r\n"),
			stderr: "the file has no header row"},
		{name: "binary file", code: 1,
			file:   planLines("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"),
			stderr: "line 1: the file is not a CSV text file (it holds binary data)"},
		{name: "header only", code: 0, file: planLines(planHeader), rows: []planRow{}},
		{name: "line over 1 MiB", code: 1, file: planLines(planHeader,
			"Acme Telecom Ltd,1,Alice Martin,Q1,\n", "\"", strings.Repeat("x", 1<<20+10), "\",1,x,,\n"),
			stderr: "line 3: a row starting here is longer than 1 MiB"},
		{name: "unclosed quote", code: 1, file: planLines(planHeader,
			"Acme Telecom Ltd,1,Alice Martin,Q1,\n", "\"Cedar Dental Group,1,Bob Chen,Q2,\n",
			"Acme Telecom Ltd,1,Alice Martin,Q3,\n"),
			stderr: "line 3: a quoted cell starting on this line is not closed"},
		{name: "old Mac line ends", code: 1, file: planLines("customer,quantity,billing\rA,1,B\r"),
			stderr: "lines end in a carriage return alone"},

		// Results file.
		{name: "formula injection defused", code: 3, file: planLines(
			"customer,quantity,billing contact,reference,notes,cost centre\n",
			`"=HYPERLINK(""http://x.example"",""click"")",1,Alice Martin,Q1,@SUM(A1),+44 20`, "\n",
			"Acme Telecom Ltd,1,Alice Martin,-Q2,\"\tindented\",=1+1\n"),
			rows: []planRow{
				{row: "2", status: "invalid", msg: `No customer named "=HYPERLINK(`,
					cells: map[string]string{
						"customer":    `'=HYPERLINK("http://x.example","click")`,
						"notes":       "'@SUM(A1)",
						"cost centre": "'+44 20"}},
				{row: "3", status: "would_order", cells: map[string]string{
					"reference": "'-Q2", "po_number": "'-Q2",
					"notes": "'\tindented", "cost centre": "'=1+1"}}}},
		{name: "unknown columns echoed", file: planLines(
			"Cost centre,customer,quantity,Invoice,billing,Ticket #\n",
			"4711,Acme Telecom Ltd,1,INV-9,Alice Martin,T-1\n"),
			rows: []planRow{{row: "2", status: "would_order", cells: map[string]string{
				"Cost centre": "4711", "Invoice": "INV-9", "Ticket #": "T-1"}}}},
		{name: "reference repeated in the file", code: 3, file: planLines(planHeader,
			"Acme Telecom Ltd,1,Alice Martin,PO-7,\n", "Cedar Dental Group,2,Bob Chen,PO-8,\n",
			"Cedar Dental Group,3,Bob Chen,PO-7,\n"),
			rows: []planRow{planOK("2"), planOK("3"),
				planBad("4", "Reference PO-7 is already used by row 2 of this file")}},
		{name: "same content twice without reference", file: planLines(planHeader,
			"Acme Telecom Ltd,1,Alice Martin,,\n", "Acme Telecom Ltd,1,Alice Martin,,\n"),
			rows: []planRow{planOK("2"), planOK("3")}},
	}
}

func TestPlanCases(t *testing.T) {
	ts := httptest.NewServer(sandbox.New(sandbox.Options{}))
	defer ts.Close()
	t.Setenv("YEASTAR_CLIENT_ID", sandbox.DemoClientID)
	t.Setenv("YEASTAR_CLIENT_SECRET", sandbox.DemoClientSecret)

	cases := planCases()
	if len(cases) < 30 {
		t.Fatalf("%d cases, want at least 30", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			input := filepath.Join(dir, "orders.csv")
			writePlanFile(t, input, tc.file)
			args := append([]string{"plan", "--base-url", ts.URL,
				"--state", filepath.Join(dir, "state"), "--progress", "never",
				"--rate", "0", input}, tc.args...)
			code, stdout, stderr := runPlan(t, args)
			if code != tc.code {
				t.Fatalf("plan = exit %d, want %d\nstdout:\n%s\nstderr:\n%s",
					code, tc.code, stdout, stderr)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tc.stderr)
			}
			if code == 1 && !strings.Contains(stderr, "orders.csv") {
				t.Errorf("stderr = %q, want it to name the file", stderr)
			}
			if tc.rows != nil {
				checkPlanRows(t, filepath.Join(dir, "orders.plan.csv"), tc.rows)
			}
		})
	}
}

// TestPlanFlagsAfterFile puts every flag after the file name, as people
// do when they add one to the end of a command from their history.
func TestPlanFlagsAfterFile(t *testing.T) {
	ts := httptest.NewServer(sandbox.New(sandbox.Options{}))
	defer ts.Close()
	t.Setenv("YEASTAR_CLIENT_ID", sandbox.DemoClientID)
	t.Setenv("YEASTAR_CLIENT_SECRET", sandbox.DemoClientSecret)

	dir := t.TempDir()
	input := filepath.Join(dir, "orders.csv")
	out := filepath.Join(dir, "elsewhere.csv")
	writePlanFile(t, input, planLines("customer,quantity\n", "Acme Telecom Ltd,7\n"))
	code, stdout, stderr := runPlan(t, []string{"plan", input,
		"--base-url", ts.URL, "--state", filepath.Join(dir, "state"),
		"--progress", "never", "--rate", "0", "--billing", "Bob Chen",
		"--max-quantity", "5", "--service", "YCM White Label", "--out", out})
	if code != 3 {
		t.Fatalf("plan = exit %d, want 3\n%s\n%s", code, stdout, stderr)
	}
	checkPlanRows(t, out, []planRow{planBad("2", "Quantity 7 is more than 5")})
	if _, err := os.Stat(filepath.Join(dir, "orders.plan.csv")); err == nil {
		t.Error("plan wrote orders.plan.csv despite --out")
	}
}

// runPlan runs a command line as main would and returns its exit code
// and output.
func runPlan(t *testing.T, args []string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// checkPlanRows compares a results file with the rows it must hold, in
// order, one for one.
func checkPlanRows(t *testing.T, path string, want []planRow) {
	t.Helper()
	header, rows := readPlanFile(t, path)
	if len(rows) != len(want) {
		t.Fatalf("%s has %d rows, want %d:\n%s", filepath.Base(path),
			len(rows), len(want), dumpPlanRows(header, rows))
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for i, w := range want {
		got := func(name string) string {
			j, ok := col[name]
			if !ok {
				t.Fatalf("results file has no column %q: %q", name, header)
			}
			return rows[i][j]
		}
		if got("row") != w.row || got("status") != w.status {
			t.Errorf("results row %d: row %s status %s, want row %s status %s (error %q)",
				i+1, got("row"), got("status"), w.row, w.status, got("error"))
		}
		msg := got("error")
		if (w.msg == "") != (msg == "") || !strings.Contains(msg, w.msg) {
			t.Errorf("row %s: error = %q, want it to contain %q", w.row, msg, w.msg)
		}
		for name, v := range w.cells {
			if g := got(name); g != v {
				t.Errorf("row %s: %s = %q, want %q", w.row, name, g, v)
			}
		}
	}
}

// resultsSeparator is the separator after the header's first cell,
// "row": a semicolon for a sheet that came with semicolons.
func resultsSeparator(text []byte) rune {
	if len(text) > 3 && text[3] == ';' {
		return ';'
	}
	return ','
}

// readPlanFile reads a results file, which must start with a BOM.
func readPlanFile(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
	if !ok {
		t.Errorf("%s does not start with a UTF-8 BOM", filepath.Base(path))
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = resultsSeparator(text)
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", filepath.Base(path), err)
	}
	if len(records) == 0 {
		t.Fatalf("%s has no header", filepath.Base(path))
	}
	return records[0], records[1:]
}

func dumpPlanRows(header []string, rows [][]string) string {
	var b strings.Builder
	fmt.Fprintln(&b, strings.Join(header, ","))
	for _, r := range rows {
		fmt.Fprintf(&b, "%q\n", r)
	}
	return b.String()
}

func writePlanFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// utf16File encodes s as Excel's "Unicode text" does: UTF-16 with a
// byte order mark.
func utf16File(order binary.AppendByteOrder, s string) []byte {
	units := utf16.Encode([]rune("\uFEFF" + s))
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		out = order.AppendUint16(out, u)
	}
	return out
}

// TestPlanMessySample keeps samples/messy-excel-eu.csv telling the story
// samples/README.md tells of it.
func TestPlanMessySample(t *testing.T) {
	ts := httptest.NewServer(sandbox.New(sandbox.Options{}))
	defer ts.Close()
	t.Setenv("YEASTAR_CLIENT_ID", sandbox.DemoClientID)
	t.Setenv("YEASTAR_CLIENT_SECRET", sandbox.DemoClientSecret)

	out := filepath.Join(t.TempDir(), "messy.plan.csv")
	code, stdout, stderr := runPlan(t, []string{"plan", "--base-url", ts.URL,
		"--state", t.TempDir(), "--progress", "never", "--rate", "0",
		"--out", out, filepath.Join("samples", "messy-excel-eu.csv")})
	if code != exitRowsFailed {
		t.Fatalf("plan = exit %d, want 3\n%s\n%s", code, stdout, stderr)
	}
	checkPlanRows(t, out, []planRow{
		{row: "2", status: "would_order", cells: map[string]string{"Quantity": "2,00"}},
		planOK("3"),
		planBad("4", "scientific notation"),
		planBad("5", `"Northwind Traders" matches 2 customers`),
		planBad("7", `Quantity "1,5" is not a whole number`),
		planBad("8", "was rounded by a spreadsheet"),
		{row: "9", status: "would_order", cells: map[string]string{"Comment": "'=Summe: 1"}},
		planOK("10"),
	})
}
