package yeastar

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Partners lists the reseller's subordinate customers. The list is not
// paged. Errors are *APIError or transport errors, wrapped.
func (c *Client) Partners(ctx context.Context) ([]Partner, error) {
	var out []Partner
	if err := c.getResult(ctx, pathPartners, nil, &out); err != nil {
		return nil, fmt.Errorf("list partners: %w", err)
	}
	return out, nil
}

// BillingContacts lists the account's billing contacts. The list is not
// paged.
func (c *Client) BillingContacts(ctx context.Context) ([]BillingContact,
	error) {
	var out []BillingContact
	err := c.getResult(ctx, pathBillingContacts, nil, &out)
	if err != nil {
		return nil, fmt.Errorf("list billing contacts: %w", err)
	}
	return out, nil
}

// Products lists the products the account may buy under.
func (c *Client) Products(ctx context.Context) ([]Product, error) {
	var out []Product
	if err := c.getResult(ctx, pathProducts, nil, &out); err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	return out, nil
}

// Services lists the services that may be bought under productID, in a
// stable order. How they are found in the reply is an assumption (see
// collectServices).
func (c *Client) Services(ctx context.Context,
	productID int64) ([]Service, error) {
	q := url.Values{"productId": {strconv.FormatInt(productID, 10)}}
	var v any
	if err := c.getResult(ctx, pathServices, q, &v); err != nil {
		return nil, fmt.Errorf("list services of product %d: %w",
			productID, err)
	}
	return collectServices(v, map[ID]bool{}, nil), nil
}

// get sends a GET, retried as needed, and returns its envelope.
func (c *Client) get(ctx context.Context, path string,
	query url.Values) (*envelope, error) {
	return c.do(ctx, &call{
		method: http.MethodGet,
		path:   path,
		query:  query,
		safe:   true,
		authed: true,
	})
}

// getResult sends a GET and decodes its result into v.
func (c *Client) getResult(ctx context.Context, path string,
	query url.Values, v any) error {
	env, err := c.get(ctx, path, query)
	if err != nil {
		return err
	}
	if err := decodeResult(env.Result, v); err != nil {
		return fmt.Errorf("%w [request %s]", err, env.RequestID)
	}
	return nil
}
