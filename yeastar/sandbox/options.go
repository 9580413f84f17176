package sandbox

import "time"

// DemoClientID and DemoClientSecret are the credentials the sandbox
// accepts when Options leaves ClientID and ClientSecret empty.
const (
	DemoClientID     = "sandbox-demo-client"
	DemoClientSecret = "sandbox-demo-secret"
)

// defaultTokenLifetime is the documented life of an access token.
const defaultTokenLifetime = 30 * time.Minute

// refreshLifetime is the documented life of a refresh token.
const refreshLifetime = 15 * 24 * time.Hour

// Options tunes a Server. The zero value is a well-behaved portal: no
// latency, no rate limit, no failures, the demo credentials and
// 30-minute access tokens.
type Options struct {
	// Latency is waited before every API reply. A request whose context
	// ends during the wait gets no reply and changes nothing.
	Latency time.Duration

	// RateLimit is the requests per second allowed across all API
	// endpoints, token included (a token bucket with a burst of 2).
	// A request over it gets HTTP 429, code "too_many_requests" and a
	// Retry-After header in whole seconds. 0 means no limit.
	RateLimit float64

	// ErrorRate is the probability, from 0 to 1, that an API call other
	// than the token request answers 500 or 503 without doing anything.
	ErrorRate float64

	// DropRate is the probability that an order save creates the order
	// and then closes the connection without replying.
	DropRate float64

	// TokenLifetime is how long an access token works; 0 means 30
	// minutes. expiresIn is sent as a string of seconds, as documented.
	TokenLifetime time.Duration

	// HidePONumber leaves the poNumber key out of the order list, as the
	// real list may do.
	HidePONumber bool

	// Seed drives ErrorRate and DropRate; 0 seeds from the clock.
	Seed int64

	// ClientID and ClientSecret are the accepted credentials; empty
	// means DemoClientID and DemoClientSecret.
	ClientID, ClientSecret string

	// InsufficientBalancePartner, when set, is a partnerId whose orders
	// are refused with 400 "insufficient_balance".
	InsufficientBalancePartner string

	// Now is the clock for tokens, the rate limit and order times; nil
	// means time.Now. Latency always waits in real time.
	Now func() time.Time
}

// withDefaults returns o with empty fields filled in.
func (o Options) withDefaults() Options {
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = defaultTokenLifetime
	}
	if o.ClientID == "" && o.ClientSecret == "" {
		o.ClientID, o.ClientSecret = DemoClientID, DemoClientSecret
	}
	if o.Seed == 0 {
		o.Seed = time.Now().UnixNano()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
