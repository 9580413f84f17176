package yeastar

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestListOrders(t *testing.T) {
	p := newPortal(t)
	p.script(pathOrderPage, reply{raw: `{"code":"success",
	"detailMessage":"","requestId":"0123456789abcdef0123456789abcdef",
	"status":200,"result":{"count":3,"total":"53","pageNo":2,
	"pageSize":25,"totalPage":3,"results":[
	  {"id":3400799727332569088,"orderNo":"UG3400799727332569088",
	   "orderStatus":"succeed","createTime":1796263200000,
	   "poNumber":"PO-1"},
	  {"id":"3400799727332560000","orderNo":"UG2","orderStatus":"pending",
	   "createTime":"1796263200123","poNumber":null},
	  {"id":"7","orderNo":"UG3","orderStatus":"failed"}]}}`})
	c, _ := newTestClient(t, p)

	got, err := c.ListOrders(context.Background(), 2, 25)
	if err != nil {
		t.Fatalf("ListOrders: %v", err)
	}
	at := time.UnixMilli(1796263200000).UTC()
	want := OrderPage{
		PageNo: 2, TotalPage: 3, Total: 53,
		RequestID: "0123456789abcdef0123456789abcdef",
		Orders: []Order{
			{ID: "3400799727332569088", OrderNo: "UG3400799727332569088",
				OrderStatus: "succeed", CreateTime: at,
				PONumber: "PO-1", HasPONumber: true},
			{ID: "3400799727332560000", OrderNo: "UG2",
				OrderStatus: "pending",
				CreateTime:  at.Add(123 * time.Millisecond),
				HasPONumber: true},
			{ID: "7", OrderNo: "UG3", OrderStatus: "failed"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("page (-want +got):\n%s", diff)
	}
}

func TestListOrdersQuery(t *testing.T) {
	tests := []struct {
		pageNo, pageSize int
		want             string
	}{
		{1, 25, "pageNo=1&pageSize=25"},
		{3, 100, "pageNo=3&pageSize=100"},
		{1, 500, "pageNo=1&pageSize=100"},
		{0, 0, "pageNo=1&pageSize=100"},
		{-2, -1, "pageNo=1&pageSize=100"},
	}
	for _, tt := range tests {
		p := newPortal(t)
		var query url.Values
		p.route(pathOrderPage, func(w http.ResponseWriter, r *http.Request) {
			query = r.URL.Query()
			writeEnvelope(w, 200, codeSuccess, map[string]any{
				"results": []any{},
			})
		})
		c, _ := newTestClient(t, p)
		if _, err := c.ListOrders(context.Background(), tt.pageNo,
			tt.pageSize); err != nil {
			t.Fatal(err)
		}
		if got := query.Encode(); got != tt.want {
			t.Errorf("ListOrders(%d, %d) query = %q, want %q",
				tt.pageNo, tt.pageSize, got, tt.want)
		}
	}
}

func TestParseCreateTime(t *testing.T) {
	tests := []struct {
		raw     string
		want    time.Time
		wantErr bool
	}{
		{`1796263200000`, time.UnixMilli(1796263200000).UTC(), false},
		{`"1796263200000"`, time.UnixMilli(1796263200000).UTC(), false},
		{``, time.Time{}, false},
		{`null`, time.Time{}, false},
		{`"2026-12-03 02:00:00"`, time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := parseCreateTime([]byte(tt.raw))
		if !got.Equal(tt.want) || (err != nil) != tt.wantErr {
			t.Errorf("parseCreateTime(%q) = %v, %v; want %v, error %t",
				tt.raw, got, err, tt.want, tt.wantErr)
		}
	}
}
