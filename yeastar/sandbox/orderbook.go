package sandbox

import (
	"strconv"
	"sync"
	"time"
)

// CreatedOrder is an order the sandbox created. IDs are kept as the
// exact digits that arrived, so a test can check that none was rounded.
// /_sandbox/stats serves it with the JSON names below.
type CreatedOrder struct {
	ID            string    `json:"id"`
	OrderNo       string    `json:"orderNo"`
	TransactionNo string    `json:"transactionNo"`
	InstanceID    string    `json:"instanceId"`
	PartnerID     string    `json:"partnerId"` // empty: reseller's own
	BillingID     string    `json:"billingId"`
	ServiceID     string    `json:"serviceId"`
	ProductID     int64     `json:"productId"`
	Quantity      int       `json:"quantity"`
	PONumber      string    `json:"poNumber"`
	CreatedAt     time.Time `json:"createdAt"`
}

// Number ranges of the order fields, modelled on the tutorial's reply.
const (
	firstOrderID    = 1780000
	firstInstanceID = 1944689
	firstInvoiceNo  = 26000001
	// snowflakeEpoch is 2000-01-01 UTC in Unix milliseconds. The
	// tutorial's orderNo decodes as a snowflake ID from about then.
	snowflakeEpoch = 946684800000
	// minSnowflake keeps a number at 19 digits even for a fake clock
	// set before 2008.
	minSnowflake = 1 << 60
)

// order is a created order with the fields only the order list and
// detail show.
type order struct {
	CreatedOrder
	status    string
	invoiceNo string
}

// orderBook keeps the created orders in creation order and indexes them
// by id and orderNo. It is safe for concurrent use; creating and finding
// an order is O(1) and a page is O(pageSize).
type orderBook struct {
	mu       sync.Mutex
	list     []*order
	index    map[string]*order
	lastSnow uint64
}

// newOrderBook returns an empty book.
func newOrderBook() *orderBook {
	return &orderBook{index: make(map[string]*order)}
}

// create records an order for in at the time at and returns it.
func (b *orderBook) create(in orderInput, at time.Time) CreatedOrder {
	b.mu.Lock()
	defer b.mu.Unlock()

	n := len(b.list)
	o := &order{
		CreatedOrder: CreatedOrder{
			ID:            strconv.Itoa(firstOrderID + n),
			OrderNo:       "UG" + b.snowflake(at),
			TransactionNo: "VN" + b.snowflake(at),
			InstanceID:    strconv.Itoa(firstInstanceID + n),
			PartnerID:     in.partnerID,
			BillingID:     in.billingID,
			ServiceID:     in.serviceID,
			ProductID:     addOnProductID,
			Quantity:      in.quantity,
			PONumber:      in.poNumber,
			CreatedAt:     at,
		},
		// TODO: every order succeeds at once; pending, failed and
		// later status changes are not simulated, so a client's handling
		// of them is untested here.
		status:    "succeed",
		invoiceNo: "INV" + strconv.Itoa(firstInvoiceNo+n),
	}
	b.list = append(b.list, o)
	b.index[o.ID] = o
	b.index[o.OrderNo] = o
	return o.CreatedOrder
}

// snowflake returns a new 19-digit number that grows with time and
// never repeats within the book. The caller holds b.mu.
func (b *orderBook) snowflake(at time.Time) string {
	ms := max(0, at.UnixMilli()-snowflakeEpoch)
	n := max(uint64(ms)<<22, minSnowflake, b.lastSnow+1)
	b.lastSnow = n
	return strconv.FormatUint(n, 10)
}

// find returns the order whose id or orderNo is key.
func (b *orderBook) find(key string) (order, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	o, ok := b.index[key]
	if !ok {
		return order{}, false
	}
	return *o, true
}

// page returns page pageNo (from 1) of size orders, newest first, and
// the total number of orders.
func (b *orderBook) page(pageNo, size int) ([]order, int) {
	b.mu.Lock()
	defer b.mu.Unlock()

	total := len(b.list)
	if pageNo < 1 || size < 1 || pageNo-1 > total/size {
		return nil, total // also keeps the product below from overflowing
	}
	skip := (pageNo - 1) * size
	var out []order
	for i := total - 1 - skip; i >= 0 && len(out) < size; i-- {
		out = append(out, *b.list[i])
	}
	return out, total
}

// all returns every order, oldest first.
func (b *orderBook) all() []CreatedOrder {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]CreatedOrder, len(b.list))
	for i, o := range b.list {
		out[i] = o.CreatedOrder
	}
	return out
}
