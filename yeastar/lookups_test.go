package yeastar

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPartners(t *testing.T) {
	p := newPortal(t)
	p.script(pathPartners, reply{raw: `{"code":"success","requestId":"r",
	"result":[{"partnerId":"3197218168379840000","company":"Acme",
	"email":"a@acme.test","firstName":"Ann","lastName":"Lee",
	"userType":"customer","city":"Xiamen"},
	{"partnerId":3197218168379846218,"company":"Beta"}]}`})
	c, _ := newTestClient(t, p)

	got, err := c.Partners(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Partner{
		{ID: "3197218168379840000", Company: "Acme", Email: "a@acme.test",
			FirstName: "Ann", LastName: "Lee", UserType: "customer"},
		{ID: "3197218168379846218", Company: "Beta"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("partners (-want +got):\n%s", diff)
	}
}

func TestBillingContacts(t *testing.T) {
	p := newPortal(t)
	p.script(pathBillingContacts, reply{raw: `{"code":"success",
	"result":[{"billingContactId":"3197218168379846218",
	"emailAddress":"ap@acme.test","firstName":"Bo","lastName":"Ng",
	"company":"Acme"}]}`})
	c, _ := newTestClient(t, p)

	got, err := c.BillingContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []BillingContact{{ID: "3197218168379846218",
		Email: "ap@acme.test", FirstName: "Bo", LastName: "Ng",
		Company: "Acme"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("contacts (-want +got):\n%s", diff)
	}
}

func TestProducts(t *testing.T) {
	p := newPortal(t)
	p.script(pathProducts, reply{raw: `{"code":"success","result":[
	{"name":"Add-on Service","productId":19},
	{"name":"Linkus Cloud Service","productId":"9"}]}`})
	c, _ := newTestClient(t, p)

	got, err := c.Products(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Product{{ID: "19", Name: "Add-on Service"},
		{ID: "9", Name: "Linkus Cloud Service"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("products (-want +got):\n%s", diff)
	}
}

func TestServices(t *testing.T) {
	p := newPortal(t)
	var productID string
	p.route(pathServices, func(w http.ResponseWriter, r *http.Request) {
		productID = r.URL.Query().Get("productId")
		w.Write([]byte(`{"code":"success","result":{
		"offeringId":"55",
		"planList":[{"planId":1,"name":"A plan"}],
		"serviceGroups":[{"services":[
		  {"serviceId":3181927247249457152,"serviceName":"Custom Domain Name",
		   "name":"ignored","purchaseType":"purchase"},
		  {"serviceId":"3181927247249450000","name":"PCE White Label"}]}],
		"zz":{"serviceId":3181927247249457152,"serviceName":"dup"},
		"yc":[{"serviceId":"12","serviceName":"YCM White Label"}]}}`))
	})
	c, _ := newTestClient(t, p)

	got, err := c.Services(context.Background(), 19)
	if err != nil {
		t.Fatal(err)
	}
	if productID != "19" {
		t.Errorf("productId query = %q, want 19", productID)
	}
	want := []Service{
		{ID: "3181927247249457152", Name: "Custom Domain Name"},
		{ID: "3181927247249450000", Name: "PCE White Label"},
		{ID: "12", Name: "YCM White Label"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
}
