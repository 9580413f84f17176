package yeastar

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// orderBody is the JSON of an order, fields in the tutorial's order.
// The customer IDs go as strings, the billing and service IDs as bare
// numbers, both as the tutorial's sample sends them.
type orderBody struct {
	OperationType string         `json:"operationType"`
	ProductID     int64          `json:"productId"`
	PartnerID     string         `json:"partnerId,omitempty"`
	AssignID      string         `json:"assignId,omitempty"`
	BillingID     ID             `json:"billingId"`
	PONumber      string         `json:"poNumber,omitempty"`
	ServiceList   []orderService `json:"serviceList"`
}

// orderService is one line of an order.
type orderService struct {
	ServiceType  string `json:"serviceType"`
	ServiceID    ID     `json:"serviceId"`
	PurchaseType string `json:"purchaseType"`
	Quantity     int    `json:"quantity"`
	BillingModel string `json:"billingModel"`
	BillingCycle string `json:"billingCycle"`
	MultiCycle   int    `json:"multiCycle"`
}

// CreateOrder places one order. It is sent again only when the server
// certainly did not act on it: the connection could not be made, the
// server answered 429, or it refused the token (renewed once).
//
// The error wraps ErrOutcomeUnknown when the order may exist: after a
// 5xx (the *APIError is wrapped too), a timeout, a dropped connection,
// or a success the client could not read. A plain *APIError (a 4xx such
// as insufficient_balance) means no order was created.
func (c *Client) CreateOrder(ctx context.Context,
	req OrderRequest) (OrderResult, error) {
	body, err := orderJSON(req)
	if err != nil {
		return OrderResult{}, fmt.Errorf("create order: %w", err)
	}

	env, err := c.do(ctx, &call{
		method:      http.MethodPost,
		path:        pathOrderSave,
		body:        body,
		contentType: "application/json",
		authed:      true,
	})
	if err != nil {
		return OrderResult{}, fmt.Errorf("create order: %w", err)
	}

	res, err := parseOrderResult(env)
	if err != nil {
		return OrderResult{}, fmt.Errorf("create order: %w: %w",
			ErrOutcomeUnknown, err)
	}
	return res, nil
}

// orderJSON checks req and encodes it as the tutorial does.
func orderJSON(req OrderRequest) ([]byte, error) {
	if err := validateOrder(req); err != nil {
		return nil, err
	}
	b := orderBody{
		OperationType: orderOperationType,
		ProductID:     req.ProductID,
		BillingID:     req.BillingID,
		PONumber:      req.PONumber,
		ServiceList: []orderService{{
			ServiceType:  orderServiceType,
			ServiceID:    req.ServiceID,
			PurchaseType: orderPurchaseType,
			Quantity:     req.Quantity,
			BillingModel: orderBillingModel,
			BillingCycle: orderBillingCycle,
			MultiCycle:   orderMultiCycle,
		}},
	}
	orderCustomer(&b, req.PartnerID)

	// No HTML escaping: the poNumber goes out as written.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return nil, fmt.Errorf("encode order: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// validateOrder refuses a request that could only fail remotely.
func validateOrder(req OrderRequest) error {
	switch {
	case req.ProductID <= 0:
		return fmt.Errorf("product id %d is not positive", req.ProductID)
	case !req.BillingID.Valid():
		return fmt.Errorf("billing id %q is not a run of digits",
			string(req.BillingID))
	case !req.ServiceID.Valid():
		return fmt.Errorf("service id %q is not a run of digits",
			string(req.ServiceID))
	case req.PartnerID != "" && !req.PartnerID.Valid():
		return fmt.Errorf("partner id %q is not a run of digits",
			string(req.PartnerID))
	case req.Quantity < 1:
		return errors.New("quantity must be at least 1")
	}
	return nil
}

// parseOrderResult reads a success reply. Its fields are documented as
// strings; numbers are accepted too.
func parseOrderResult(env *envelope) (OrderResult, error) {
	var r struct {
		InstanceID    text `json:"instanceId"`
		OrderID       text `json:"orderId"`
		OrderNo       text `json:"orderNo"`
		OrderStatus   text `json:"orderStatus"`
		ProductNo     text `json:"productNo"`
		TransactionNo text `json:"transactionNo"`
	}
	if err := decodeResult(env.Result, &r); err != nil {
		return OrderResult{}, fmt.Errorf("%w [request %s]",
			err, env.RequestID)
	}
	return OrderResult{
		InstanceID:    string(r.InstanceID),
		OrderID:       string(r.OrderID),
		OrderNo:       string(r.OrderNo),
		OrderStatus:   string(r.OrderStatus),
		ProductNo:     string(r.ProductNo),
		TransactionNo: string(r.TransactionNo),
		RequestID:     env.RequestID,
	}, nil
}
