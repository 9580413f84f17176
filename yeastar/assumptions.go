package yeastar

// This file holds every part of the client that rests on what the
// vendor's guide does not say for certain (see shared/yeastar-api.md).
// Each item says that it is assumed and what to change when the live
// API behaves otherwise. Nothing else in the package hard-codes paths,
// fixed body values or reply shapes.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Paths are documented, except that the base URL may carry a prefix.
// If the live API moves an endpoint, change it here only.
const (
	pathToken           = "/auth/openapi/v1/oauth/token"
	pathPartners        = "/user/openapi/user/v1/client/partner_list"
	pathBillingContacts = "/user/openapi/user/v1/client/billing_contact_list"
	pathServices        = "/pricing/openapi/purchase/v1/purchase_product_info"
	pathProducts        = "/pricing/openapi/purchase/v1/product_list"
	pathOrderSave       = "/order/openapi/order/v1/save"
	pathOrderPage       = "/order/openapi/order/v1/page"
)

// MaxPageSize is assumed: the guide documents pageSize with a default of
// 25 but no maximum. If the live API refuses 100, lower it here; if it
// allows more, raising it makes reconciliation page less.
const MaxPageSize = 100

// ListingDelay is assumed: how long after an order request the order
// list can be trusted to show the order, if the request created one.
// The guide says nothing of it. An order that shows up later than this
// after a lost answer could be sent a second time, so it is generous;
// run's --reconcile-after overrides it.
const ListingDelay = 30 * time.Second

// ClockSkew is assumed: how far the portal's clock (createTime) may be
// behind ours. Reconciliation searches the order list this much further
// back than the first time a row was sent.
const ClockSkew = 10 * time.Minute

// The order body's fixed values are copied from the vendor tutorial for
// Custom Domain Name and assumed to hold for every add-on service bought
// once, yearly. If another service needs other values (a one-off
// billing model, monthly cycle), OrderRequest must grow fields for them.
const (
	orderOperationType = "purchase_service"
	orderServiceType   = "service"
	orderPurchaseType  = "purchase"
	orderBillingModel  = "recurring"
	orderBillingCycle  = "annually"
	orderMultiCycle    = 0
)

// orderCustomer fills the customer of an order. The tutorial calls the
// field partnerId and the reference page assignId; both are sent with
// the same value, assumed harmless. If the live API rejects one of them,
// drop it here. An empty id omits both: the reseller buys for itself.
func orderCustomer(b *orderBody, partner ID) {
	b.PartnerID = string(partner)
	b.AssignID = string(partner)
}

// Token refresh timing. The guide says tokens live 30 minutes and should
// be refreshed "shortly before expiry"; the margin is assumed. A token is
// renewed refreshMargin before it expires, or a quarter of its lifetime
// when that is shorter (short-lived sandbox tokens). If the live API
// expires tokens early, raise the margin; a 401 still triggers a renewal.
const (
	refreshMargin   = 60 * time.Second
	defaultLifetime = 30 * time.Minute
)

// refreshAt says when a token obtained at got, living life, is renewed.
func refreshAt(got time.Time, life time.Duration) time.Time {
	margin := min(refreshMargin, life/4)
	return got.Add(life - margin)
}

// parseExpiresIn reads the token lifetime in seconds. The guide documents
// a string; a JSON number is assumed possible and accepted too. A missing
// or zero value is assumed to mean the documented 30 minutes; if the live
// API sends milliseconds, divide here.
func parseExpiresIn(raw json.RawMessage) (time.Duration, error) {
	s := strings.Trim(string(bytes.TrimSpace(raw)), `"`)
	if s == "" || s == "null" {
		return defaultLifetime, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("yeastar: expiresIn %q is not seconds", s)
	}
	if n == 0 {
		return defaultLifetime, nil
	}
	return time.Duration(n) * time.Second, nil
}

// parseCreateTime reads an order's createTime, assumed to be epoch
// milliseconds as a JSON number or string. An empty value is the zero
// time. If the live API sends seconds or a formatted date, parse it here.
func parseCreateTime(raw json.RawMessage) (time.Time, error) {
	s := strings.Trim(string(bytes.TrimSpace(raw)), `"`)
	if s == "" || s == "null" {
		return time.Time{}, nil
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("yeastar: createTime %q is not epoch ms", s)
	}
	return time.UnixMilli(ms).UTC(), nil
}

// orderPONumberKey is the order list's field for our reference. Its
// presence is assumed possible but not certain (the guide's field list
// is cut off). Order.HasPONumber reports whether the key was there; if
// the live API names it differently (customReferenceNo?), change it here.
const orderPONumberKey = "poNumber"

// collectServices finds the services in a purchase_product_info result.
// Only result.offeringId and the serviceId key are documented; the
// nesting is assumed unknown, so every object anywhere under result that
// has a serviceId counts, named by serviceName, else name. If the live
// API nests services under a known key, or names them otherwise, change
// this function only. The first occurrence of an ID wins.
func collectServices(v any, seen map[ID]bool, out []Service) []Service {
	switch v := v.(type) {
	case map[string]any:
		if s, ok := serviceFrom(v); ok && !seen[s.ID] {
			seen[s.ID] = true
			out = append(out, s)
		}
		// Keys in order, so the list is the same on every call.
		for _, k := range slices.Sorted(maps.Keys(v)) {
			out = collectServices(v[k], seen, out)
		}
	case []any:
		for _, child := range v {
			out = collectServices(child, seen, out)
		}
	}
	return out
}

// serviceFrom reads one object that carries a serviceId.
func serviceFrom(m map[string]any) (Service, bool) {
	id := idFromAny(m["serviceId"])
	if !id.Valid() {
		return Service{}, false
	}
	name, _ := m["serviceName"].(string)
	if name == "" {
		name, _ = m["name"].(string)
	}
	return Service{ID: id, Name: name}, true
}

// idFromAny turns a decoded JSON value (decoded with UseNumber) into an
// ID without passing through a float64.
func idFromAny(v any) ID {
	switch v := v.(type) {
	case json.Number:
		return ID(v.String())
	case string:
		return ID(v)
	}
	return ""
}
