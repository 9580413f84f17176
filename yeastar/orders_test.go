package yeastar

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// tutorialOrder is the tutorial's order with 19-digit IDs, one of them
// ending in 0000 as spreadsheet-rounded IDs do.
var tutorialOrder = OrderRequest{
	ProductID: 19,
	PartnerID: "3197218168379840000",
	BillingID: "3197218168379846218",
	ServiceID: "3181927247249457152",
	Quantity:  2,
	PONumber:  "PO-2026/12 <A&B>",
}

var orderOK = reply{result: map[string]any{
	"instanceId": "3400799727332569000", "orderId": "3400799727332569088",
	"orderNo": "UG3400799727332569088", "orderStatus": "succeed",
	"productNo": "PN1", "transactionNo": "TX1",
}}

func TestCreateOrderBody(t *testing.T) {
	noPartner := tutorialOrder
	noPartner.PartnerID = ""
	tests := []struct {
		name string
		req  OrderRequest
		want string
	}{
		{"for a customer", tutorialOrder,
			`{"operationType":"purchase_service","productId":19,` +
				`"partnerId":"3197218168379840000",` +
				`"assignId":"3197218168379840000",` +
				`"billingId":3197218168379846218,` +
				`"poNumber":"PO-2026/12 <A&B>","serviceList":[{` +
				`"serviceType":"service","serviceId":3181927247249457152,` +
				`"purchaseType":"purchase","quantity":2,` +
				`"billingModel":"recurring","billingCycle":"annually",` +
				`"multiCycle":0}]}`},
		{"for the reseller", noPartner,
			`{"operationType":"purchase_service","productId":19,` +
				`"billingId":3197218168379846218,` +
				`"poNumber":"PO-2026/12 <A&B>","serviceList":[{` +
				`"serviceType":"service","serviceId":3181927247249457152,` +
				`"purchaseType":"purchase","quantity":2,` +
				`"billingModel":"recurring","billingCycle":"annually",` +
				`"multiCycle":0}]}`},
	}
	for _, tt := range tests {
		p := newPortal(t)
		p.script(pathOrderSave, orderOK)
		c, _ := newTestClient(t, p)
		if _, err := c.CreateOrder(context.Background(), tt.req); err != nil {
			t.Fatalf("%s: CreateOrder: %v", tt.name, err)
		}
		got := string(p.bodies[pathOrderSave][0])
		if got != tt.want {
			t.Errorf("%s: body\n got %s\nwant %s", tt.name, got, tt.want)
		}
		h := p.headers[1].Get("Content-Type")
		if h != "application/json" {
			t.Errorf("%s: Content-Type = %q", tt.name, h)
		}
	}
}

func TestCreateOrderResult(t *testing.T) {
	p := newPortal(t)
	p.script(pathOrderSave, reply{result: map[string]any{
		"orderId": 3400799727332569088, "orderNo": "UG3400799727332569088",
		"orderStatus": "succeed", "instanceId": "3400799727332560000",
		"productNo": "PN1", "transactionNo": "TX1",
	}})
	c, _ := newTestClient(t, p)

	got, err := c.CreateOrder(context.Background(), tutorialOrder)
	if err != nil {
		t.Fatalf("CreateOrder: %v", err)
	}
	want := OrderResult{
		InstanceID: "3400799727332560000", OrderID: "3400799727332569088",
		OrderNo: "UG3400799727332569088", OrderStatus: "succeed",
		ProductNo: "PN1", TransactionNo: "TX1", RequestID: got.RequestID,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	if len(got.RequestID) != 32 {
		t.Errorf("RequestID = %q, want the envelope's", got.RequestID)
	}
}

func TestCreateOrderServerErrorIsUnknown(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		p := newPortal(t)
		p.script(pathOrderSave,
			reply{status: status, code: "internal_error", retryAfter: "1"},
			orderOK)
		c, _ := newTestClient(t, p)

		_, err := c.CreateOrder(context.Background(), tutorialOrder)
		if !errors.Is(err, ErrOutcomeUnknown) {
			t.Errorf("after %d, CreateOrder = %v, want ErrOutcomeUnknown",
				status, err)
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.HTTPStatus != status {
			t.Errorf("after %d, CreateOrder = %v, want its *APIError",
				status, err)
		}
		if n := p.count(pathOrderSave); n != 1 {
			t.Errorf("after %d, order requests = %d, want 1", status, n)
		}
	}
}

func TestCreateOrderDroppedConnectionIsUnknown(t *testing.T) {
	p := newPortal(t)
	p.script(pathOrderSave, reply{drop: true}, orderOK)
	c, _ := newTestClient(t, p)

	_, err := c.CreateOrder(context.Background(), tutorialOrder)
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("CreateOrder = %v, want ErrOutcomeUnknown", err)
	}
	if n := p.count(pathOrderSave); n != 1 {
		t.Errorf("order requests = %d, want 1", n)
	}
}

func TestCreateOrderTimeoutIsUnknown(t *testing.T) {
	p := newPortal(t)
	release := make(chan struct{})
	defer close(release)
	p.route(pathOrderSave, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c, _ := newTestClient(t, p, func(cfg *Config) {
		cfg.HTTPClient = &http.Client{Timeout: 50 * time.Millisecond}
	})
	if err := c.Authenticate(context.Background()); err != nil {
		t.Fatal(err)
	}

	_, err := c.CreateOrder(context.Background(), tutorialOrder)
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("CreateOrder = %v, want ErrOutcomeUnknown", err)
	}
	if n := p.count(pathOrderSave); n != 1 {
		t.Errorf("order requests = %d, want 1", n)
	}
}

func TestCreateOrderCancelledAfterSendIsUnknown(t *testing.T) {
	p := newPortal(t)
	ctx, cancel := context.WithCancel(context.Background())
	p.route(pathOrderSave, func(w http.ResponseWriter, r *http.Request) {
		cancel()
		<-r.Context().Done()
	})
	c, _ := newTestClient(t, p)

	_, err := c.CreateOrder(ctx, tutorialOrder)
	if !errors.Is(err, ErrOutcomeUnknown) ||
		!errors.Is(err, context.Canceled) {
		t.Fatalf("CreateOrder = %v, want ErrOutcomeUnknown and Canceled",
			err)
	}
}

func TestCreateOrderTooManyRequestsRetried(t *testing.T) {
	p := newPortal(t)
	p.script(pathOrderSave,
		reply{status: 429, code: "too_many_requests", retryAfter: "2"},
		reply{status: 429, code: "too_many_requests"},
		orderOK)
	c, clk := newTestClient(t, p)

	got, err := c.CreateOrder(context.Background(), tutorialOrder)
	if err != nil || got.OrderNo != "UG3400799727332569088" {
		t.Fatalf("CreateOrder = %+v, %v; want the order", got, err)
	}
	if n := p.count(pathOrderSave); n != 3 {
		t.Errorf("order requests = %d, want 3", n)
	}
	want := []time.Duration{2 * time.Second, time.Second}
	if diff := cmp.Diff(want, clk.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func TestCreateOrderUnauthorizedRenewsToken(t *testing.T) {
	p := newPortal(t)
	p.script(pathOrderSave, orderOK)
	c, _ := newTestClient(t, p)
	if err := c.Authenticate(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.revoke(false)

	if _, err := c.CreateOrder(context.Background(), tutorialOrder); err != nil {
		t.Fatalf("CreateOrder: %v", err)
	}
	if n := p.count(pathOrderSave); n != 2 {
		t.Errorf("order requests = %d, want 2 (401, then ok)", n)
	}
}

// closedAddr is an address that refuses connections.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestCreateOrderDialFailureRetried(t *testing.T) {
	p := newPortal(t)
	p.script(pathOrderSave, orderOK)
	dead := closedAddr(t)

	// Once the token is held, every new connection goes to the closed
	// port; keep-alives are off so every attempt dials.
	var broken atomic.Bool
	var dials atomic.Int64
	tr := &http.Transport{DisableKeepAlives: true}
	d := &net.Dialer{}
	tr.DialContext = func(ctx context.Context, nw, addr string) (net.Conn, error) {
		if broken.Load() {
			dials.Add(1)
			addr = dead
		}
		return d.DialContext(ctx, nw, addr)
	}
	c, clk := newTestClient(t, p, func(cfg *Config) {
		cfg.HTTPClient = &http.Client{Transport: tr}
		cfg.MaxAttempts = 3
	})
	if err := c.Authenticate(context.Background()); err != nil {
		t.Fatal(err)
	}
	broken.Store(true)

	_, err := c.CreateOrder(context.Background(), tutorialOrder)
	if err == nil || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("CreateOrder = %v, want a dial error, not unknown", err)
	}
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "dial" {
		t.Errorf("CreateOrder = %v, want a *net.OpError dial", err)
	}
	if n := dials.Load(); n != 3 {
		t.Errorf("dials = %d, want 3", n)
	}
	if n := len(clk.Sleeps()); n != 2 {
		t.Errorf("sleeps = %d, want 2", n)
	}
}

func TestCreateOrderRefused(t *testing.T) {
	tests := []reply{
		{status: 400, code: "insufficient_balance"},
		{status: 400, code: "parameter_validation_failed",
			result: map[string]string{"field": "serviceId", "tag": "x"}},
		{status: 200, code: "insufficient_balance"},
		{status: 403, code: "forbidden"},
	}
	for _, rp := range tests {
		p := newPortal(t)
		p.script(pathOrderSave, rp, orderOK)
		c, _ := newTestClient(t, p)

		_, err := c.CreateOrder(context.Background(), tutorialOrder)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Code != rp.code {
			t.Errorf("after %d %s, CreateOrder = %v, want its *APIError",
				rp.status, rp.code, err)
		}
		if errors.Is(err, ErrOutcomeUnknown) {
			t.Errorf("after %d %s, CreateOrder = %v, want a certain "+
				"refusal", rp.status, rp.code, err)
		}
		if n := p.count(pathOrderSave); n != 1 {
			t.Errorf("after %d %s, order requests = %d, want 1",
				rp.status, rp.code, n)
		}
	}
}

func TestCreateOrderUnreadableSuccessIsUnknown(t *testing.T) {
	tests := []reply{
		{status: 200, raw: "<html>ok</html>"},
		{result: map[string]any{"orderNo": []int{1}}},
	}
	for _, rp := range tests {
		p := newPortal(t)
		p.script(pathOrderSave, rp)
		c, _ := newTestClient(t, p)

		_, err := c.CreateOrder(context.Background(), tutorialOrder)
		if !errors.Is(err, ErrOutcomeUnknown) {
			t.Errorf("reply %+v: CreateOrder = %v, want ErrOutcomeUnknown",
				rp, err)
		}
	}
}

func TestCreateOrderValidation(t *testing.T) {
	mutate := []func(*OrderRequest){
		func(r *OrderRequest) { r.ProductID = 0 },
		func(r *OrderRequest) { r.BillingID = "" },
		func(r *OrderRequest) { r.BillingID = "3.19722E+18" },
		func(r *OrderRequest) { r.ServiceID = "abc" },
		func(r *OrderRequest) { r.PartnerID = "acme@example.com" },
		func(r *OrderRequest) { r.Quantity = 0 },
	}
	p := newPortal(t)
	c, _ := newTestClient(t, p)
	for i, m := range mutate {
		req := tutorialOrder
		m(&req)
		_, err := c.CreateOrder(context.Background(), req)
		if err == nil || errors.Is(err, ErrOutcomeUnknown) {
			t.Errorf("case %d: CreateOrder(%+v) = %v, want a plain error",
				i, req, err)
		}
	}
	if n := len(p.log()); n != 0 {
		t.Errorf("requests = %d, want 0", n)
	}
}
