package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// seedIndex holds copies of the demo data, indexed by ID, taken when the
// Server is made so that later changes to the Demo variables do not
// reach a running server. It is read-only after newSeedIndex.
type seedIndex struct {
	partners []Partner
	billing  []BillingContact
	services []Service
	products []Product

	partnerByID map[string]Partner
	billingByID map[string]BillingContact
	serviceByID map[string]Service
	productByID map[int64]Product
}

// newSeedIndex copies and indexes the Demo variables.
func newSeedIndex() seedIndex {
	x := seedIndex{
		partners:    slices.Clone(DemoPartners),
		billing:     slices.Clone(DemoBillingContacts),
		services:    slices.Clone(DemoServices),
		products:    slices.Clone(DemoProducts),
		partnerByID: make(map[string]Partner),
		billingByID: make(map[string]BillingContact),
		serviceByID: make(map[string]Service),
		productByID: make(map[int64]Product),
	}
	for _, p := range x.partners {
		x.partnerByID[p.PartnerID] = p
	}
	for _, b := range x.billing {
		x.billingByID[b.BillingContactID] = b
	}
	for _, sv := range x.services {
		x.serviceByID[sv.ServiceID] = sv
	}
	for _, p := range x.products {
		x.productByID[p.ProductID] = p
	}
	return x
}

// plan is a subscription plan item of purchase_product_info.
type plan struct {
	PlanID       string `json:"planId"`
	PlanName     string `json:"planName"`
	PurchaseType string `json:"purchaseType"`
}

// productInfo is the result of purchase_product_info. The nesting is
// assumed (the guide documents only offeringId, planId and serviceId).
type productInfo struct {
	OfferingID  string    `json:"offeringId"`
	ProductID   int64     `json:"productId"`
	ProductName string    `json:"productName"`
	PlanList    []plan    `json:"planList"`
	ServiceList []Service `json:"serviceList"`
}

// handlePartners serves the subordinate user list.
func (s *Server) handlePartners(w http.ResponseWriter, r *http.Request) {
	writeOK(w, s.seed.partners)
}

// handleBillingContacts serves the billing contact list.
func (s *Server) handleBillingContacts(w http.ResponseWriter,
	r *http.Request) {
	writeOK(w, s.seed.billing)
}

// handleProducts serves the product list.
func (s *Server) handleProducts(w http.ResponseWriter, r *http.Request) {
	writeOK(w, s.seed.products)
}

// handleProductInfo serves what may be bought under ?productId=N. Only
// product 19 has services; the other listed products show one plan.
func (s *Server) handleProductInfo(w http.ResponseWriter,
	r *http.Request) {
	raw := r.URL.Query().Get("productId")
	if raw == "" {
		writeInvalid(w, newFieldError("productId", "required",
			"productId is required"))
		return
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		writeInvalid(w, newFieldError("productId", "number",
			"productId must be a whole number"))
		return
	}
	p, ok := s.seed.productByID[id]
	if !ok {
		writeInvalid(w, newFieldError("productId", "exists",
			fmt.Sprintf("no product %d", id)))
		return
	}
	writeOK(w, s.productInfo(p))
}

// productInfo builds the purchase_product_info result for p.
// TODO: serviceId is always a JSON string here; the real API may send a
// number, which a client must also read, and this sandbox never tests.
// TODO: every product but 19 gets one made-up plan and no services;
// buying plans is not simulated, so a client cannot test it here.
func (s *Server) productInfo(p Product) productInfo {
	info := productInfo{
		OfferingID:  strconv.FormatInt(3181927247236870000+p.ProductID, 10),
		ProductID:   p.ProductID,
		ProductName: p.Name,
		PlanList: []plan{{
			PlanID:       strconv.FormatInt(3181927247241068500+p.ProductID, 10),
			PlanName:     p.Name + " Annual",
			PurchaseType: "purchase",
		}},
		ServiceList: []Service{},
	}
	if p.ProductID == addOnProductID {
		info.ServiceList = s.seed.services
	}
	return info
}
