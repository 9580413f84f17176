package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

// sampleWant is what each row of samples/orders.csv must buy, written
// out by hand from the sandbox's seed data rather than computed by the
// resolver under test.
var sampleWant = []sandbox.CreatedOrder{
	{PartnerID: "3102447813542051840", BillingID: "3197218168379846218", ServiceID: "3181927247249457152", Quantity: 2, PONumber: "PO-2026-1001"},
	{PartnerID: "3104981276653387776", BillingID: "3197218168379846218", ServiceID: "3181927247249457152", Quantity: 1, PONumber: "PO-2026-1002"},
	{PartnerID: "3107715530911457280", BillingID: "3199540021876523008", ServiceID: "3181927247249457152", Quantity: 3},
	{PartnerID: "", BillingID: "3197218168379846218", ServiceID: "3181927247249457152", Quantity: 1, PONumber: "PO-2026-1003"},
	{PartnerID: "3113556109026582528", BillingID: "3201876543210987520", ServiceID: "3181927247253364736", Quantity: 5},
	{PartnerID: "3110268934872145920", BillingID: "3197218168379846218", ServiceID: "3181927247249457152", Quantity: 2, PONumber: "PO-2026-1004"},
	{PartnerID: "3104981276653387776", BillingID: "3203312789456123904", ServiceID: "3181927247249457152", Quantity: 4},
	{PartnerID: "3102447813542051840", BillingID: "3199540021876523008", ServiceID: "3181927247249457152", Quantity: 1, PONumber: "PO-2026-1005"},
	{PartnerID: "3110268934991372288", BillingID: "3199540021876523008", ServiceID: "3181927247249457152", Quantity: 2, PONumber: "PO-2026-1006"},
	{PartnerID: "", BillingID: "3201876543210987520", ServiceID: "3181927247249457152", Quantity: 3},
}

// startSandbox serves a sandbox on loopback and sets the demo
// credentials in the environment, as a user's shell would.
func startSandbox(t testing.TB, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	srv := sandbox.New(opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Setenv("YEASTAR_CLIENT_ID", sandbox.DemoClientID)
	t.Setenv("YEASTAR_CLIENT_SECRET", sandbox.DemoClientSecret)
	return srv, ts.URL
}

func TestRunSamplesEndToEnd(t *testing.T) {
	srv, url := startSandbox(t, sandbox.Options{})
	dir := t.TempDir()
	input := filepath.Join(dir, "orders.csv")
	data, err := os.ReadFile("samples/orders.csv")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(input, data, 0o600)
	args := []string{"run", "--base-url", url, "--state", filepath.Join(dir, "state"),
		"--rate", "0", "--progress", "never", input}

	var out, errOut bytes.Buffer
	if code := run(context.Background(), args, &out, &errOut); code != exitOK {
		t.Fatalf("run exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}

	orders := srv.Orders()
	if len(orders) != len(sampleWant) {
		t.Fatalf("sandbox holds %d orders, want %d", len(orders), len(sampleWant))
	}
	results := readResults(t, filepath.Join(dir, "orders.results.csv"))
	if len(results) != len(sampleWant) {
		t.Fatalf("results file has %d rows, want %d", len(results), len(sampleWant))
	}
	byPO := map[string]sandbox.CreatedOrder{}
	for _, o := range orders {
		byPO[o.PONumber] = o
	}
	for i, want := range sampleWant {
		res := results[i]
		if res["status"] != "ordered" {
			t.Errorf("row %s: status %q (%s)", res["row"], res["status"], res["error"])
			continue
		}
		got, ok := byPO[res["po_number"]]
		if !ok {
			t.Errorf("row %s: sandbox has no order with po_number %s", res["row"], res["po_number"])
			continue
		}
		if want.PONumber != "" && got.PONumber != want.PONumber {
			t.Errorf("row %s: poNumber %q, want the reference %q", res["row"], got.PONumber, want.PONumber)
		}
		if got.PartnerID != want.PartnerID || got.BillingID != want.BillingID ||
			got.ServiceID != want.ServiceID || got.Quantity != want.Quantity || got.ProductID != 19 {
			t.Errorf("row %s: sandbox order = %+v, want %+v", res["row"], got, want)
		}
		if res["order_no"] != got.OrderNo {
			t.Errorf("row %s: results order_no %q, sandbox %q", res["row"], res["order_no"], got.OrderNo)
		}
	}

	// A second run orders nothing and reports every row as already ordered.
	out.Reset()
	if code := run(context.Background(), args, &out, &errOut); code != exitOK {
		t.Fatalf("second run exit %d\n%s", code, errOut.String())
	}
	if n := len(srv.Orders()); n != len(sampleWant) {
		t.Errorf("second run placed %d more orders", n-len(sampleWant))
	}
	for _, res := range readResults(t, filepath.Join(dir, "orders.results.csv")) {
		if res["status"] != "already_ordered" || res["order_no"] == "" {
			t.Errorf("second run row %s: status %q order_no %q", res["row"], res["status"], res["order_no"])
		}
	}
	calls := srv.Calls()
	if calls["token"] != 2 || calls["partner_list"] != 2 || calls["billing_contact_list"] != 2 ||
		calls["purchase_product_info"] != 2 {
		t.Errorf("calls over two runs = %v, want one token and one call per list each run", calls)
	}
}

func TestOutCannotBeTheInput(t *testing.T) {
	srv, url := startSandbox(t, sandbox.Options{})
	dir := t.TempDir()
	input := filepath.Join(dir, "orders.csv")
	sheet := []byte("customer,quantity,billing contact\nAcme Telecom Ltd,1,Alice Martin\n")
	os.WriteFile(input, sheet, 0o600)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"run", "--base-url", url,
		"--state", dir, "--progress", "never", "--out", input, input}, &out, &errOut)
	if code != exitUsage {
		t.Errorf("exit %d, want %d\n%s", code, exitUsage, errOut.String())
	}
	if got, _ := os.ReadFile(input); !bytes.Equal(got, sheet) {
		t.Errorf("the input file was changed:\n%s", got)
	}
	if n := len(srv.Orders()); n != 0 {
		t.Errorf("%d orders placed", n)
	}
}

// A file broken halfway orders nothing, not its first half.
func TestRunOrdersNothingFromAFileBrokenHalfway(t *testing.T) {
	srv, url := startSandbox(t, sandbox.Options{})
	dir := t.TempDir()
	input := filepath.Join(dir, "cut.csv")
	os.WriteFile(input, []byte("customer,quantity,billing contact\n"+
		"Acme Telecom Ltd,1,Alice Martin\nBluebird Hotels,1,Alice Martin\n"+
		"\"Cedar Dental Group,1,Alice Martin\nstray\n"), 0o600)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"run", "--base-url", url,
		"--state", dir, "--rate", "0", "--progress", "never", input}, &out, &errOut)
	if code != exitFatal || !bytes.Contains(errOut.Bytes(), []byte("line 4")) ||
		!bytes.Contains(errOut.Bytes(), []byte("nothing was ordered")) {
		t.Errorf("exit %d, stderr %q; want 1 naming line 4", code, errOut.String())
	}
	if n := len(srv.Orders()); n != 0 {
		t.Errorf("%d orders placed from a broken file", n)
	}
}
