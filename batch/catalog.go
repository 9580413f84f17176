package batch

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// Catalog holds the lists a run resolves rows against: the partners, the
// billing contacts and the services of one product. It is fetched once
// per run, whatever the number of rows, and is read-only afterwards, so
// it is safe for concurrent use.
type Catalog struct {
	ProductID int64
	partners  *index
	contacts  *index
	services  *index
	memo      memo
}

// LoadCatalog fetches the three lists, in parallel, with one call each.
func LoadCatalog(ctx context.Context, api API, productID int64) (*Catalog, error) {
	var (
		partners []yeastar.Partner
		contacts []yeastar.BillingContact
		services []yeastar.Service
	)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		partners, err = api.Partners(ctx)
		return wrap("fetch partner list", err)
	})
	g.Go(func() (err error) {
		contacts, err = api.BillingContacts(ctx)
		return wrap("fetch billing contact list", err)
	})
	g.Go(func() (err error) {
		services, err = api.Services(ctx, productID)
		return wrap(fmt.Sprintf("fetch services of product %d", productID), err)
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return NewCatalog(productID, partners, contacts, services), nil
}

// NewCatalog builds a catalog from lists already fetched.
func NewCatalog(productID int64, partners []yeastar.Partner,
	contacts []yeastar.BillingContact, services []yeastar.Service) *Catalog {
	return &Catalog{
		ProductID: productID,
		partners:  partnerIndex(partners),
		contacts:  contactIndex(contacts),
		services:  serviceIndex(services),
	}
}

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, err)
}

func partnerIndex(list []yeastar.Partner) *index {
	ix := newIndex("customer")
	for _, p := range list {
		ix.add(entry{
			id:    p.ID,
			email: p.Email,
			names: []string{p.Company, fullName(p.FirstName, p.LastName)},
			label: describe(p.Company, p.Email, p.ID),
		})
	}
	return ix
}

func contactIndex(list []yeastar.BillingContact) *index {
	ix := newIndex("billing contact")
	for _, c := range list {
		name := fullName(c.FirstName, c.LastName)
		ix.add(entry{
			id:    c.ID,
			email: c.Email,
			names: []string{name},
			label: describe(firstNonEmpty(name, c.Company), c.Email, c.ID),
		})
	}
	return ix
}

func serviceIndex(list []yeastar.Service) *index {
	ix := newIndex("service")
	for _, s := range list {
		ix.add(entry{id: s.ID, names: []string{s.Name},
			label: fmt.Sprintf("%s (%s)", s.Name, s.ID)})
	}
	return ix
}

// Partner resolves a partner cell: an empty cell is the reseller's own
// account and resolves to the empty ID.
func (c *Catalog) Partner(value string) (yeastar.ID, error) {
	if value == "" {
		return "", nil
	}
	return c.memo.get('p', value, c.partners.resolve)
}

// BillingContact resolves a billing cell.
func (c *Catalog) BillingContact(value string) (yeastar.ID, error) {
	return c.memo.get('b', value, c.contacts.resolve)
}

// Service resolves a service name or ID; an unknown one lists every
// service the product offers.
func (c *Catalog) Service(value string) (yeastar.ID, error) {
	return c.memo.get('s', value, c.resolveService)
}

func (c *Catalog) resolveService(value string) (yeastar.ID, error) {
	id, err := c.services.resolve(value)
	if err != nil && c.services.lookupMiss(value) {
		return "", fmt.Errorf("%w; product %d offers: %s",
			err, c.ProductID, c.services.labels())
	}
	return id, err
}

// memo remembers resolutions: a sheet names the same few customers,
// contacts and services on thousands of rows, and resolving a name
// costs far more than a map lookup. It stops growing at memoLimit
// entries, so a sheet of a million distinct names cannot exhaust memory.
type memo struct {
	mu   sync.Mutex
	seen map[memoKey]memoResult
}

type memoKey struct {
	kind  byte
	value string
}

type memoResult struct {
	id  yeastar.ID
	err error
}

const memoLimit = 100_000

func (m *memo) get(kind byte, value string, resolve func(string) (yeastar.ID, error)) (yeastar.ID, error) {
	key := memoKey{kind, value}
	m.mu.Lock()
	r, ok := m.seen[key]
	m.mu.Unlock()
	if ok {
		return r.id, r.err
	}
	id, err := resolve(value)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen == nil {
		m.seen = map[memoKey]memoResult{}
	}
	if len(m.seen) < memoLimit {
		m.seen[key] = memoResult{id, err}
	}
	return id, err
}

// ServiceName returns the name of a known service ID, or the ID itself.
func (c *Catalog) ServiceName(id yeastar.ID) string {
	if e, ok := c.services.byID[id]; ok && len(e.names) > 0 {
		return e.names[0]
	}
	return string(id)
}

// BillingLabel returns a readable name for a billing contact ID.
func (c *Catalog) BillingLabel(id yeastar.ID) string {
	if e, ok := c.contacts.byID[id]; ok {
		return e.label
	}
	return string(id)
}

func fullName(first, last string) string {
	return normalizeSpace(first + " " + last)
}

func describe(name, email string, id yeastar.ID) string {
	s := name
	if email != "" {
		s += " <" + email + ">"
	}
	return s + " ID " + string(id)
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
