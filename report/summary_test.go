package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func testSummary(cmd string) Summary {
	start := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	return Summary{
		Command:           cmd,
		Statuses:          testStatuses,
		Rows:              60,
		Quantity:          117,
		QuantityByService: map[string]int{"Custom Domain Name": 100, "PCE White Label": 17},
		QuantityByBilling: map[string]int{"Alice Martin": 117},
		Orders:            58,
		Results:           "/srv/orders/o.results.csv",
		Started:           start,
		Finished:          start.Add(20 * time.Second),
		ExitCode:          3,
	}
}

func TestSummaryJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := testSummary("run").WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, buf.String())
	}
	want := map[string]any{
		"command":   "run",
		"exit_code": 3.0,
		"rows":      60.0,
		"by_status": map[string]any{"ordered": 58.0, "already_ordered": 0.0,
			"failed": 1.0, "invalid": 1.0, "unknown": 0.0, "not_attempted": 0.0},
		"quantity": 117.0,
		"quantity_by_service": map[string]any{"Custom Domain Name": 100.0,
			"PCE White Label": 17.0},
		"quantity_by_billing_contact": map[string]any{"Alice Martin": 117.0},
		"orders_placed":               58.0,
		"orders_per_second":           2.9,
		"duration_seconds":            20.0,
		"started_at":                  "2026-12-03T02:00:00Z",
		"finished_at":                 "2026-12-03T02:00:20Z",
		"results_file":                "/srv/orders/o.results.csv",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary JSON (-want +got):\n%s", diff)
	}
}

func TestSummaryJSONEmptyMaps(t *testing.T) {
	s := Summary{Command: "run"}
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"quantity_by_service": {}`) {
		t.Errorf("empty breakdown should be {}, not null:\n%s", buf.String())
	}
}

func TestSummaryTextRun(t *testing.T) {
	var buf bytes.Buffer
	if err := testSummary("run").WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	want := `run: 60 rows in 20s
  ordered          58
  already_ordered  0
  failed           1
  invalid          1
  unknown          0
  not_attempted    0
quantity ordered   117
orders placed      58 (2.9 orders/s)
results            /srv/orders/o.results.csv
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("run summary (-want +got):\n%s", diff)
	}
}

func TestSummaryTextPlanBreakdown(t *testing.T) {
	s := testSummary("plan")
	s.QuantityByBilling["Bob\x1b[2JChen"] = 5
	var buf bytes.Buffer
	if err := s.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"quantity to order  117\n",
		"quantity per service:\n  Custom Domain Name  100\n  PCE White Label     17\n",
		"quantity per billing contact:\n  Alice Martin  117\n",
		"Bob [2JChen",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "orders placed") {
		t.Errorf("plan summary shows orders placed:\n%s", out)
	}
}
