package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
)

// Paging limits of the order list; the maximum is assumed.
const (
	defaultPageSize = 25
	maxPageSize     = 100
)

// orderPage is the paged result of the order list.
type orderPage struct {
	Count     int         `json:"count"` // entries on this page
	Total     int         `json:"total"`
	PageNo    int         `json:"pageNo"`
	PageSize  int         `json:"pageSize"`
	TotalPage int         `json:"totalPage"`
	Results   []orderItem `json:"results"`
}

// orderItem is one order of the list. PONumber is nil, and its key
// absent, when the sandbox hides it.
type orderItem struct {
	ID                string  `json:"id"`
	OrderNo           string  `json:"orderNo"`
	OrderStatus       string  `json:"orderStatus"`
	CreateTime        int64   `json:"createTime"` // epoch milliseconds
	CurrencyCode      string  `json:"currencyCode"`
	InvoiceNo         string  `json:"invoiceNo"`
	CustomReferenceNo string  `json:"customReferenceNo"`
	PONumber          *string `json:"poNumber,omitempty"`
}

// handlePage serves GET /order/openapi/order/v1/page, newest first.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pageNo, fe := pageParam(q.Get("pageNo"), "pageNo", 1, 1<<31)
	if fe != nil {
		writeInvalid(w, fe)
		return
	}
	size, fe := pageParam(q.Get("pageSize"), "pageSize",
		defaultPageSize, maxPageSize)
	if fe != nil {
		writeInvalid(w, fe)
		return
	}

	orders, total := s.book.page(pageNo, size)
	res := orderPage{
		Count: len(orders), Total: total, PageNo: pageNo, PageSize: size,
		TotalPage: (total + size - 1) / size,
		Results:   make([]orderItem, 0, len(orders)),
	}
	for _, o := range orders {
		res.Results = append(res.Results, s.listItem(o))
	}
	writeOK(w, res)
}

// pageParam parses a paging parameter: def when empty, else 1..most.
func pageParam(raw, field string, def, most int) (int, *fieldError) {
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, newFieldError(field, "number",
			field+" must be a whole number")
	}
	if n < 1 || n > most {
		return 0, newFieldError(field, "range",
			fmt.Sprintf("%s must be from 1 to %d", field, most))
	}
	return n, nil
}

// listItem is o as the order list shows it.
func (s *Server) listItem(o order) orderItem {
	it := orderItem{
		ID: o.ID, OrderNo: o.OrderNo, OrderStatus: o.status,
		CreateTime: o.CreatedAt.UnixMilli(), CurrencyCode: "USD",
		InvoiceNo: o.invoiceNo,
	}
	if !s.opts.HidePONumber {
		po := o.PONumber
		it.PONumber = &po
	}
	return it
}

// handleGet serves GET /order/openapi/order/v1/get/{id}, by id or
// orderNo.
func (s *Server) handleGet(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("id")
	o, ok := s.book.find(key)
	if !ok {
		// TODO: the real API's reply for an unknown order is not
		// documented; 404 is a guess.
		writeError(w, http.StatusNotFound, codeNotFound,
			"no order with id or orderNo "+key)
		return
	}
	writeOK(w, s.orderDetail(o))
}
