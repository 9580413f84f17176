package yeastar

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// ListOrders returns one page of the account's orders, assumed newest
// first. pageNo counts from 1 (less is 1); pageSize is capped at the
// assumed maximum of 100 (0 or less means 100).
func (c *Client) ListOrders(ctx context.Context,
	pageNo, pageSize int) (OrderPage, error) {
	pageNo = max(pageNo, 1)
	if pageSize <= 0 || pageSize > MaxPageSize {
		pageSize = MaxPageSize
	}
	q := url.Values{
		"pageNo":   {strconv.Itoa(pageNo)},
		"pageSize": {strconv.Itoa(pageSize)},
	}

	var raw rawOrderPage
	env, err := c.get(ctx, pathOrderPage, q)
	if err == nil {
		err = decodeResult(env.Result, &raw)
	}
	if err != nil {
		return OrderPage{}, fmt.Errorf("list orders page %d: %w",
			pageNo, err)
	}

	page, err := raw.page()
	if err != nil {
		return OrderPage{}, fmt.Errorf("list orders page %d: %w "+
			"[request %s]", pageNo, err, env.RequestID)
	}
	page.RequestID = env.RequestID
	return page, nil
}

// rawOrderPage is the paged result as sent. Counts may come as numbers
// or strings.
type rawOrderPage struct {
	PageNo    text                         `json:"pageNo"`
	Total     text                         `json:"total"`
	TotalPage text                         `json:"totalPage"`
	Results   []map[string]json.RawMessage `json:"results"`
}

// page turns the raw result into an OrderPage.
func (r rawOrderPage) page() (OrderPage, error) {
	p := OrderPage{
		PageNo:    atoi(r.PageNo),
		Total:     atoi(r.Total),
		TotalPage: atoi(r.TotalPage),
		Orders:    make([]Order, 0, len(r.Results)),
	}
	for i, m := range r.Results {
		o, err := parseOrder(m)
		if err != nil {
			return OrderPage{}, fmt.Errorf("order %d: %w", i+1, err)
		}
		p.Orders = append(p.Orders, o)
	}
	return p, nil
}

// parseOrder reads one order. The object is kept as raw fields so that
// the presence of poNumber can be told from an empty one.
func parseOrder(m map[string]json.RawMessage) (Order, error) {
	var id, no, status, po text
	for key, dst := range map[string]*text{
		"id": &id, "orderNo": &no, "orderStatus": &status,
		orderPONumberKey: &po,
	} {
		if raw, ok := m[key]; ok {
			if err := dst.UnmarshalJSON(raw); err != nil {
				return Order{}, fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	created, err := parseCreateTime(m["createTime"])
	if err != nil {
		return Order{}, err
	}
	_, hasPO := m[orderPONumberKey]
	return Order{
		ID:          string(id),
		OrderNo:     string(no),
		OrderStatus: string(status),
		CreateTime:  created,
		PONumber:    string(po),
		HasPONumber: hasPO,
	}, nil
}

// atoi reads a count; a missing or odd one is 0.
func atoi(t text) int {
	v, err := strconv.Atoi(string(t))
	if err != nil {
		return 0
	}
	return v
}
