package batch

import (
	"context"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// API is the part of the Partner Portal a batch needs. *yeastar.Client
// implements it; tests may script their own.
type API interface {
	Partners(ctx context.Context) ([]yeastar.Partner, error)
	BillingContacts(ctx context.Context) ([]yeastar.BillingContact, error)
	Services(ctx context.Context, productID int64) ([]yeastar.Service, error)
	CreateOrder(ctx context.Context, req yeastar.OrderRequest) (yeastar.OrderResult, error)
	ListOrders(ctx context.Context, pageNo, pageSize int) (yeastar.OrderPage, error)
}
