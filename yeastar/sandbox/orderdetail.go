package sandbox

import (
	"fmt"
	"strconv"
)

// orderDetail is the result of the order detail endpoint. The four
// sections are documented; what is inside them is assumed.
type orderDetail struct {
	BasicInformation   basicInfo      `json:"basicInformation"`
	BillingInformation BillingContact `json:"billingInformation"`
	OrderInformation   orderInfo      `json:"orderInformation"`
	OrderSummary       orderSum       `json:"orderSummary"`
}

// basicInfo is the basicInformation section.
type basicInfo struct {
	ID                string `json:"id"`
	OrderNo           string `json:"orderNo"`
	OrderStatus       string `json:"orderStatus"`
	OperationType     string `json:"operationType"`
	CreateTime        int64  `json:"createTime"`
	PONumber          string `json:"poNumber"`
	CustomReferenceNo string `json:"customReferenceNo"`
	InvoiceNo         string `json:"invoiceNo"`
	TransactionNo     string `json:"transactionNo"`
}

// orderInfo is the orderInformation section.
type orderInfo struct {
	ProductID   string     `json:"productId"`
	ProductName string     `json:"productName"`
	PartnerID   string     `json:"partnerId"`
	Company     string     `json:"company"`
	InstanceID  string     `json:"instanceId"`
	ServiceList []lineItem `json:"serviceList"`
}

// lineItem is one service bought by an order.
type lineItem struct {
	ServiceID   string `json:"serviceId"`
	ServiceName string `json:"serviceName"`
	Quantity    int    `json:"quantity"`
	UnitPrice   string `json:"unitPrice"`
	Amount      string `json:"amount"`
}

// orderSum is the orderSummary section. Amounts are decimal strings.
type orderSum struct {
	CurrencyCode string `json:"currencyCode"`
	Subtotal     string `json:"subtotal"`
	Tax          string `json:"tax"`
	Total        string `json:"total"`
}

// orderDetail builds the detail of o from the seed data.
func (s *Server) orderDetail(o order) orderDetail {
	sv := s.seed.serviceByID[o.ServiceID]
	amount := priceTimes(sv.UnitPrice, o.Quantity)
	return orderDetail{
		BasicInformation: basicInfo{
			ID: o.ID, OrderNo: o.OrderNo, OrderStatus: o.status,
			OperationType: "purchase_service",
			CreateTime:    o.CreatedAt.UnixMilli(), PONumber: o.PONumber,
			InvoiceNo: o.invoiceNo, TransactionNo: o.TransactionNo,
		},
		BillingInformation: s.seed.billingByID[o.BillingID],
		OrderInformation: orderInfo{
			ProductID:   strconv.FormatInt(o.ProductID, 10),
			ProductName: s.seed.productByID[o.ProductID].Name,
			PartnerID:   o.PartnerID,
			Company:     s.seed.partnerByID[o.PartnerID].Company,
			InstanceID:  o.InstanceID,
			ServiceList: []lineItem{{
				ServiceID: o.ServiceID, ServiceName: sv.ServiceName,
				Quantity: o.Quantity, UnitPrice: sv.UnitPrice,
				Amount: amount,
			}},
		},
		OrderSummary: orderSum{
			CurrencyCode: "USD", Subtotal: amount, Tax: "0.00",
			Total: amount,
		},
	}
}

// priceTimes multiplies a price with two decimals, such as "10.00", by
// q, counting in cents so that no float rounds it.
func priceTimes(price string, q int) string {
	var whole, cents int64
	fmt.Sscanf(price, "%d.%d", &whole, &cents)
	total := (whole*100 + cents) * int64(q)
	return fmt.Sprintf("%d.%02d", total/100, total%100)
}
