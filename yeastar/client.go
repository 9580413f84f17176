package yeastar

import (
	"math/rand/v2"
	"net/url"
	"time"
)

// Client calls the Partner Portal API. It keeps one access token for all
// its calls and is safe for concurrent use by many goroutines.
type Client struct {
	cfg    Config
	base   *url.URL
	tokens *tokenSource
	// jitter draws a delay in [0, ceil]; tests replace it.
	jitter func(ceil time.Duration) time.Duration
}

// New checks cfg and returns a Client. It sends no request: call
// Authenticate to find out early whether the credentials work.
func New(cfg Config) (*Client, error) {
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}

	c := &Client{cfg: cfg.withDefaults(), base: base, jitter: fullJitter}
	c.tokens = newTokenSource(c)
	return c, nil
}

// fullJitter draws uniformly from [0, ceil].
func fullJitter(ceil time.Duration) time.Duration {
	if ceil <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

// endpoint joins the base URL, an API path and a query.
func (c *Client) endpoint(path string, query url.Values) *url.URL {
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = query.Encode()
	return &u
}
