package sandbox

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// placeOrders creates n orders PO-1..PO-n, one second apart.
func placeOrders(t *testing.T, e *testEnv, tok string, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		r := e.save(tok, orderBody("", TutorialBillingID,
			CustomDomainNameID, 1, fmt.Sprintf("PO-%d", i)))
		if r.Code != "success" {
			t.Fatalf("order %d: %s", i, r.Raw)
		}
		e.clock.Advance(time.Second)
	}
}

// listPage fetches one page and decodes it.
func listPage(t *testing.T, e *testEnv, tok, query string) orderPage {
	t.Helper()
	r := e.get(pagePath+query, tok)
	if r.Code != "success" {
		t.Fatalf("page %s: %s", query, r.Raw)
	}
	var p orderPage
	mustUnmarshal(t, r.Result, &p)
	return p
}

func TestOrderPageNewestFirst(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token()
	placeOrders(t, e, tok, 5)

	tests := []struct {
		query string
		pos   []string
	}{
		{"?pageNo=1&pageSize=2", []string{"PO-5", "PO-4"}},
		{"?pageNo=2&pageSize=2", []string{"PO-3", "PO-2"}},
		{"?pageNo=3&pageSize=2", []string{"PO-1"}},
		{"?pageNo=4&pageSize=2", nil},
		{"?pageNo=999999999&pageSize=100", nil},
		{"", []string{"PO-5", "PO-4", "PO-3", "PO-2", "PO-1"}},
	}
	for _, tt := range tests {
		p := listPage(t, e, tok, tt.query)
		var pos []string
		for _, it := range p.Results {
			pos = append(pos, *it.PONumber)
		}
		if fmt.Sprint(pos) != fmt.Sprint(tt.pos) {
			t.Errorf("page %q = %v, want %v", tt.query, pos, tt.pos)
		}
		if p.Total != 5 || p.Count != len(pos) {
			t.Errorf("page %q: total %d count %d, want 5 and %d",
				tt.query, p.Total, p.Count, len(pos))
		}
	}

	p := listPage(t, e, tok, "?pageNo=1&pageSize=2")
	if p.TotalPage != 3 || p.PageNo != 1 || p.PageSize != 2 {
		t.Errorf("paging = %+v, want totalPage 3 pageNo 1 pageSize 2", p)
	}
	first := p.Results[0]
	if first.CurrencyCode != "USD" || first.OrderStatus != "succeed" ||
		first.CreateTime != e.sb.Orders()[4].CreatedAt.UnixMilli() {
		t.Errorf("newest entry = %+v", first)
	}
}

func TestOrderPageLimits(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token()
	checkFieldError(t, e.get(pagePath+"?pageSize=101", tok),
		"pageSize", "range")
	checkFieldError(t, e.get(pagePath+"?pageNo=0", tok), "pageNo", "range")
	checkFieldError(t, e.get(pagePath+"?pageNo=x", tok), "pageNo", "number")
	if p := listPage(t, e, tok, "?pageSize=100"); p.PageSize != 100 {
		t.Errorf("pageSize = %d, want 100", p.PageSize)
	}
}

func TestOrderPageHidesPONumber(t *testing.T) {
	e := newEnv(t, Options{HidePONumber: true})
	tok := e.token()
	placeOrders(t, e, tok, 2)

	r := e.get(pagePath, tok)
	var raw struct {
		Results []map[string]json.RawMessage `json:"results"`
	}
	mustUnmarshal(t, r.Result, &raw)
	if len(raw.Results) != 2 {
		t.Fatalf("%d results, want 2", len(raw.Results))
	}
	for _, it := range raw.Results {
		if _, ok := it["poNumber"]; ok {
			t.Errorf("entry %s has a poNumber key", it["id"])
		}
		if _, ok := it["orderNo"]; !ok {
			t.Errorf("entry %s lacks orderNo", it["id"])
		}
	}
}

func TestOrderPageShowsEmptyPONumber(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token()
	e.save(tok, orderBody("", TutorialBillingID, CustomDomainNameID, 1, ""))

	var raw struct {
		Results []map[string]json.RawMessage `json:"results"`
	}
	mustUnmarshal(t, e.get(pagePath, tok).Result, &raw)
	if got := string(raw.Results[0]["poNumber"]); got != `""` {
		t.Errorf("poNumber = %s, want \"\"", got)
	}
}

func TestOrderGet(t *testing.T) {
	e := newEnv(t, Options{HidePONumber: true})
	tok := e.token()
	placeOrders(t, e, tok, 2)
	o := e.sb.Orders()[1]

	for _, key := range []string{o.ID, o.OrderNo} {
		r := e.get("/order/openapi/order/v1/get/"+key, tok)
		if r.Code != "success" {
			t.Fatalf("get %s: %s", key, r.Raw)
		}
		var d orderDetail
		mustUnmarshal(t, r.Result, &d)
		b := d.BasicInformation
		if b.OrderNo != o.OrderNo || b.PONumber != "PO-2" || b.ID != o.ID {
			t.Errorf("get %s: basicInformation = %+v", key, b)
		}
		if d.OrderSummary.Total != "10.00" {
			t.Errorf("get %s: total = %s, want 10.00", key,
				d.OrderSummary.Total)
		}
		if d.BillingInformation.BillingContactID != TutorialBillingID {
			t.Errorf("get %s: billing = %+v", key, d.BillingInformation)
		}
	}

	r := e.get("/order/openapi/order/v1/get/UG0", tok)
	if r.HTTP != 404 || r.Code == "success" {
		t.Errorf("unknown order: HTTP %d code %q, want 404", r.HTTP, r.Code)
	}
}

func TestPriceTimes(t *testing.T) {
	tests := []struct {
		price string
		q     int
		want  string
	}{
		{"10.00", 3, "30.00"}, {"150.00", 1, "150.00"}, {"0.05", 3, "0.15"},
	}
	for _, tt := range tests {
		if got := priceTimes(tt.price, tt.q); got != tt.want {
			t.Errorf("priceTimes(%q, %d) = %s, want %s",
				tt.price, tt.q, got, tt.want)
		}
	}
}
