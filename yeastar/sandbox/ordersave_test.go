package sandbox

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSaveHappyPath(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token()
	partner := DemoPartners[0].PartnerID

	r := e.save(tok, orderBody(partner, TutorialBillingID, ZerosServiceID,
		2, "PO-2026-1001"))
	if r.HTTP != 200 || r.Code != "success" || r.Status != 200 {
		t.Fatalf("save: HTTP %d %s", r.HTTP, r.Raw)
	}
	var res map[string]any
	mustUnmarshal(t, r.Result, &res)
	for _, k := range []string{"instanceId", "orderId", "orderNo",
		"orderStatus", "productNo", "transactionNo"} {
		if _, ok := res[k].(string); !ok {
			t.Errorf("result.%s = %#v, want a string", k, res[k])
		}
	}

	got := e.sb.Orders()
	want := []CreatedOrder{{
		ID: res["orderId"].(string), OrderNo: res["orderNo"].(string),
		TransactionNo: res["transactionNo"].(string),
		InstanceID:    res["instanceId"].(string),
		PartnerID:     partner, BillingID: TutorialBillingID,
		ServiceID: ZerosServiceID, ProductID: 19, Quantity: 2,
		PONumber: "PO-2026-1001", CreatedAt: e.clock.Now(),
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Orders() mismatch (-want +got):\n%s", diff)
	}
	for _, no := range []string{got[0].OrderNo, got[0].TransactionNo} {
		if len(no) != 21 || !isInteger(no[2:]) {
			t.Errorf("number %q, want 2 letters and 19 digits", no)
		}
	}
}

func TestSaveOwnAccountAndAssignIDOnly(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token()
	own := orderBody("", DemoBillingContacts[1].BillingContactID,
		CustomDomainNameID, 1, "")
	if r := e.save(tok, own); r.Code != "success" {
		t.Fatalf("own account: %s", r.Raw)
	}
	partner := DemoPartners[2].PartnerID
	onlyAssign := strings.Replace(orderBody(partner, TutorialBillingID,
		CustomDomainNameID, 1, ""), `"partnerId":"`+partner+`",`, "", 1)
	if r := e.save(tok, onlyAssign); r.Code != "success" {
		t.Fatalf("assignId only: %s", r.Raw)
	}

	orders := e.sb.Orders()
	if orders[0].PartnerID != "" || orders[1].PartnerID != partner {
		t.Errorf("partner IDs = %q, %q; want \"\", %q",
			orders[0].PartnerID, orders[1].PartnerID, partner)
	}
	if orders[0].OrderNo >= orders[1].OrderNo {
		t.Errorf("order numbers not increasing: %s, %s",
			orders[0].OrderNo, orders[1].OrderNo)
	}
}

func TestSaveValidation(t *testing.T) {
	partner := DemoPartners[0].PartnerID
	good := orderBody(partner, TutorialBillingID, CustomDomainNameID, 2,
		"PO-1")
	swap := func(old, new string) string {
		if !strings.Contains(good, old) {
			panic("test body lacks " + old)
		}
		return strings.Replace(good, old, new, 1)
	}
	tests := []struct {
		name, body, field, tag string
	}{
		{"not json", `{"operationType":`, "body", "json"},
		{"operation", swap(`"purchase_service"`, `"renew_service"`),
			"operationType", "oneof"},
		{"product", swap(`"productId":19`, `"productId":20`),
			"productId", "oneof"},
		{"product as string", swap(`"productId":19`, `"productId":"19"`),
			"productId", "number"},
		{"billing as string", swap(`"billingId":`+TutorialBillingID,
			`"billingId":"`+TutorialBillingID+`"`), "billingId", "number"},
		{"billing rounded by excel", swap(TutorialBillingID,
			"3.19722E+18"), "billingId", "integer"},
		{"billing last digits zeroed", swap(TutorialBillingID,
			"3197218168379850000"), "billingId", "exists"},
		{"billing missing", swap(`"billingId":`+TutorialBillingID+`,`,
			""), "billingId", "required"},
		{"partner unknown", strings.ReplaceAll(good, partner,
			"3102447813542050000"), "partnerId", "exists"},
		{"partner differs from assign", swap(`"assignId":"`+partner,
			`"assignId":"`+DemoPartners[1].PartnerID), "assignId",
			"eqfield"},
		{"partner as number", strings.ReplaceAll(good, `"`+partner+`"`,
			partner), "partnerId", "string"},
		{"service unknown", swap(CustomDomainNameID,
			"3181927247249460000"), "serviceList[0].serviceId", "exists"},
		{"service as string", swap(CustomDomainNameID,
			`"`+CustomDomainNameID+`"`), "serviceList[0].serviceId",
			"number"},
		{"quantity zero", swap(`"quantity":2`, `"quantity":0`),
			"serviceList[0].quantity", "min"},
		{"quantity negative", swap(`"quantity":2`, `"quantity":-1`),
			"serviceList[0].quantity", "min"},
		{"quantity fraction", swap(`"quantity":2`, `"quantity":2.5`),
			"serviceList[0].quantity", "integer"},
		{"billing cycle", swap(`"annually"`, `"monthly"`),
			"serviceList[0].billingCycle", "oneof"},
		{"multi cycle", swap(`"multiCycle":0`, `"multiCycle":1`),
			"serviceList[0].multiCycle", "oneof"},
		{"service type missing", swap(`"serviceType":"service",`, ""),
			"serviceList[0].serviceType", "required"},
		{"no services", swap(`"serviceList":[{`, `"serviceList":[],"x":[{`),
			"serviceList", "len"},
		{"po too long", swap(`"PO-1"`, `"`+strings.Repeat("P", 65)+`"`),
			"poNumber", "max"},
	}

	e := newEnv(t, Options{})
	tok := e.token()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFieldError(t, e.save(tok, tt.body), tt.field, tt.tag)
		})
	}
	if n := len(e.sb.Orders()); n != 0 {
		t.Errorf("%d orders created by invalid requests, want 0", n)
	}
	if r := e.save(tok, good); r.Code != "success" {
		t.Errorf("the unmodified body failed: %s", r.Raw)
	}
}

func TestSaveWrongContentType(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", savePath, e.token(), "text/plain",
		orderBody("", TutorialBillingID, CustomDomainNameID, 1, ""))
	checkFieldError(t, r, "Content-Type", "json")
}

func TestSaveInsufficientBalance(t *testing.T) {
	poor := DemoPartners[len(DemoPartners)-1].PartnerID
	e := newEnv(t, Options{InsufficientBalancePartner: poor})
	tok := e.token()

	r := e.save(tok, orderBody(poor, TutorialBillingID,
		CustomDomainNameID, 1, "PO-9"))
	if r.HTTP != 400 || r.Code != "insufficient_balance" {
		t.Errorf("HTTP %d code %q, want 400 insufficient_balance",
			r.HTTP, r.Code)
	}
	if n := len(e.sb.Orders()); n != 0 {
		t.Errorf("%d orders created, want 0", n)
	}
}

func TestSnowflakeStays19Digits(t *testing.T) {
	b := newOrderBook()
	for _, at := range []time.Time{
		{}, time.Unix(0, 0), time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC),
		time.Date(2070, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if s := b.snowflake(at); len(s) != 19 {
			t.Errorf("snowflake(%v) = %s, want 19 digits", at, s)
		}
	}
}
