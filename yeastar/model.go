package yeastar

import "time"

// Partner is a subordinate user (a customer of the reseller) as the
// partner list returns it. Every field is text, IDs included.
type Partner struct {
	ID        ID     `json:"partnerId"`
	Company   string `json:"company"`
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	UserType  string `json:"userType"`
}

// BillingContact is a contact that receives invoices. The API names its
// e-mail field emailAddress, unlike Partner's email.
type BillingContact struct {
	ID        ID     `json:"billingContactId"`
	Email     string `json:"emailAddress"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Company   string `json:"company"`
}

// Service is one service that may be bought under a product.
type Service struct {
	ID   ID
	Name string
}

// Product is one entry of the product list.
type Product struct {
	ID   ID     `json:"productId"`
	Name string `json:"name"`
}

// OrderRequest is what one spreadsheet row buys: a quantity of one
// service for one customer, invoiced to one billing contact.
type OrderRequest struct {
	ProductID int64
	PartnerID ID // empty buys for the reseller's own account
	BillingID ID
	ServiceID ID
	Quantity  int
	PONumber  string
}

// OrderResult is the reply to a created order. RequestID is the
// envelope's requestId, kept so support can trace the call.
type OrderResult struct {
	InstanceID    string `json:"instanceId"`
	OrderID       string `json:"orderId"`
	OrderNo       string `json:"orderNo"`
	OrderStatus   string `json:"orderStatus"`
	ProductNo     string `json:"productNo"`
	TransactionNo string `json:"transactionNo"`
	RequestID     string `json:"-"`
}

// Order is one entry of the account's order list.
type Order struct {
	ID          string
	OrderNo     string
	OrderStatus string
	CreateTime  time.Time
	PONumber    string
	// HasPONumber tells whether the entry carried a poNumber field at
	// all; only then can the list prove that an order is absent.
	HasPONumber bool
}

// OrderPage is one page of the order list, newest first.
type OrderPage struct {
	Orders    []Order
	PageNo    int
	TotalPage int
	Total     int
	RequestID string
}
