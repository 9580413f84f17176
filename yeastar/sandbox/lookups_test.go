package sandbox

import (
	"encoding/json"
	"slices"
	"testing"
)

// allStrings fails unless every value of every object in raw is a
// JSON string.
func allStrings(t *testing.T, what string, raw json.RawMessage) int {
	t.Helper()
	var list []map[string]any
	mustUnmarshal(t, raw, &list)
	for _, obj := range list {
		for k, v := range obj {
			if _, ok := v.(string); !ok {
				t.Errorf("%s: %s = %#v, want a string", what, k, v)
			}
		}
	}
	return len(list)
}

func TestPartnerList(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.get(partnerPath, e.token())
	if n := allStrings(t, "partner", r.Result); n != len(DemoPartners) {
		t.Errorf("%d partners, want %d", n, len(DemoPartners))
	}

	var ps []Partner
	mustUnmarshal(t, r.Result, &ps)
	northwind := 0
	for _, p := range ps {
		if p.Company == "Northwind Traders" {
			northwind++
		}
		if len(p.PartnerID) != 19 {
			t.Errorf("partnerId %q, want 19 digits", p.PartnerID)
		}
	}
	if northwind != 2 {
		t.Errorf("%d Northwind Traders, want 2", northwind)
	}
}

func TestBillingContactList(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.get("/user/openapi/user/v1/client/billing_contact_list",
		e.token())
	allStrings(t, "billing contact", r.Result)

	var bs []map[string]string
	mustUnmarshal(t, r.Result, &bs)
	if len(bs) == 0 || bs[0]["billingContactId"] != TutorialBillingID {
		t.Fatalf("first contact = %v, want the tutorial's", bs)
	}
	if _, ok := bs[0]["emailAddress"]; !ok {
		t.Error("contact lacks emailAddress")
	}
	if _, ok := bs[0]["email"]; ok {
		t.Error("contact has email, which the API calls emailAddress")
	}
}

func TestProductInfo(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token()
	path := "/pricing/openapi/purchase/v1/purchase_product_info"

	var info struct {
		OfferingID  string           `json:"offeringId"`
		PlanList    []map[string]any `json:"planList"`
		ServiceList []map[string]any `json:"serviceList"`
	}
	mustUnmarshal(t, e.get(path+"?productId=19", tok).Result, &info)
	names := map[string]string{}
	for _, sv := range info.ServiceList {
		names[sv["serviceName"].(string)] = sv["serviceId"].(string)
		if sv["purchaseType"] != "purchase" {
			t.Errorf("service %v: purchaseType not purchase", sv)
		}
	}
	want := map[string]string{
		"Custom Domain Name": CustomDomainNameID,
		"PCE White Label":    "3181927247253364736",
		"YCM White Label":    ZerosServiceID,
	}
	for name, id := range want {
		if names[name] != id {
			t.Errorf("service %q = %q, want %q", name, names[name], id)
		}
	}
	if info.OfferingID == "" || len(info.PlanList) == 0 {
		t.Errorf("offeringId %q, %d plans", info.OfferingID,
			len(info.PlanList))
	}

	checkFieldError(t, e.get(path+"?productId=999", tok), "productId",
		"exists")
	checkFieldError(t, e.get(path, tok), "productId", "required")
}

func TestProductList(t *testing.T) {
	e := newEnv(t, Options{})
	var ps []Product
	mustUnmarshal(t, e.get("/pricing/openapi/purchase/v1/product_list",
		e.token()).Result, &ps)
	var ids []int64
	for _, p := range ps {
		ids = append(ids, p.ProductID)
	}
	if want := []int64{9, 11, 12, 13, 14, 15, 19, 20}; !slices.Equal(
		ids, want) {
		t.Errorf("product IDs = %v, want %v", ids, want)
	}
}

func TestUnknownPath(t *testing.T) {
	e := newEnv(t, Options{})
	if r := e.get("/nope", ""); r.HTTP != 404 || r.Code == "success" {
		t.Errorf("HTTP %d code %q, want a 404 envelope", r.HTTP, r.Code)
	}
}

func TestSeedIsCopied(t *testing.T) {
	s := New(Options{})
	saved := DemoPartners[0].Company
	DemoPartners[0].Company = "Changed"
	defer func() { DemoPartners[0].Company = saved }()
	if s.seed.partners[0].Company != saved {
		t.Error("a running server saw a change to DemoPartners")
	}
}
