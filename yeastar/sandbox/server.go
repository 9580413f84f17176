package sandbox

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is the simulated Partner Portal, an http.Handler. Create it
// with New; it is safe for concurrent use.
type Server struct {
	opts   Options
	now    func() time.Time
	mux    *http.ServeMux
	tokens *tokenStore
	limit  *bucket
	book   *orderBook
	seed   seedIndex

	mu    sync.Mutex // guards calls and rng
	calls map[string]int
	rng   *rand.Rand
}

// New returns a Server seeded with the demo data and tuned by opts.
func New(opts Options) *Server {
	opts = opts.withDefaults()
	s := &Server{
		opts:   opts,
		now:    opts.Now,
		mux:    http.NewServeMux(),
		tokens: newTokenStore(opts.TokenLifetime),
		limit:  newBucket(opts.RateLimit),
		book:   newOrderBook(),
		seed:   newSeedIndex(),
		calls:  make(map[string]int),
		rng: rand.New(rand.NewPCG(uint64(opts.Seed),
			uint64(opts.Seed)^0x5eed)),
	}
	s.routes()
	return s
}

// routes registers every endpoint. The name is the key in Calls.
func (s *Server) routes() {
	api := func(pattern, name string, h http.HandlerFunc) {
		s.mux.Handle(pattern, s.endpoint(name, h))
	}
	api("POST /auth/openapi/v1/oauth/token", "token", s.handleToken)
	api("GET /user/openapi/user/v1/client/partner_list",
		"partner_list", s.handlePartners)
	api("GET /user/openapi/user/v1/client/billing_contact_list",
		"billing_contact_list", s.handleBillingContacts)
	api("GET /pricing/openapi/purchase/v1/purchase_product_info",
		"purchase_product_info", s.handleProductInfo)
	api("GET /pricing/openapi/purchase/v1/product_list",
		"product_list", s.handleProducts)
	api("POST /order/openapi/order/v1/save", "order_save", s.handleSave)
	api("GET /order/openapi/order/v1/page", "order_page", s.handlePage)
	api("GET /order/openapi/order/v1/get/{id}", "order_get", s.handleGet)

	s.mux.HandleFunc("GET /_sandbox/stats", s.handleStats)
	s.mux.HandleFunc("/", handleNotFound)
}

// ServeHTTP answers one request as the Partner Portal would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the
// background. It returns the base URL to give a client and a function
// that shuts the server down gracefully.
func (s *Server) Start(addr string) (string, func(context.Context) error,
	error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, err
	}

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	// Serve returns ErrServerClosed after stop; any other failure is a
	// broken listener, which clients see as connection errors.
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), srv.Shutdown, nil
}

// Orders returns every order created so far, oldest first. The slice is
// a copy.
func (s *Server) Orders() []CreatedOrder {
	return s.book.all()
}

// Calls returns how many requests reached each endpoint, by name
// ("token", "order_save", ...), whether or not a knob refused them. The
// map is a copy.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// handleNotFound answers a path the API does not have.
func handleNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, codeNotFound,
		"no such endpoint: "+r.URL.Path)
}
