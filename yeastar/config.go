package yeastar

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Limiter paces HTTP attempts. *rate.Limiter from golang.org/x/time
// satisfies it. Wait must return promptly with an error once ctx ends.
type Limiter interface {
	Wait(ctx context.Context) error
}

// Config says how New builds a Client. The zero value of every field but
// BaseURL, ClientID and ClientSecret picks a sensible default.
type Config struct {
	// BaseURL is the API root. It must be https unless its host is a
	// loopback address (127.0.0.0/8, ::1 or localhost).
	BaseURL      string
	ClientID     string
	ClientSecret string
	// UserAgent is sent on every request; empty means "yeastar-bulk".
	UserAgent string
	// HTTPClient sends the requests; nil means a client with a 30 s
	// per-request timeout, verified TLS and no redirects.
	HTTPClient *http.Client
	// Limiter, when set, is waited on before every HTTP attempt: token
	// requests, lookups, retries and orders alike.
	Limiter Limiter
	// Logger, when set, gets one Debug line per HTTP attempt with the
	// keys method, path, status, duration, request_id and attempt. It
	// never receives a token, secret or header.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Sleep waits between retries; nil means a timer that ends early,
	// with ctx.Err(), when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
	// MaxAttempts bounds the attempts of a retryable call; 0 means 5.
	MaxAttempts int
	// MaxBackoff caps the delay between attempts; 0 means 30 s. A
	// server's Retry-After is honoured even when longer, up to
	// maxRetryAfter.
	MaxBackoff time.Duration
}

const (
	defaultUserAgent   = "yeastar-bulk"
	defaultTimeout     = 30 * time.Second
	defaultMaxAttempts = 5
	defaultMaxBackoff  = 30 * time.Second
)

// withDefaults returns cfg with every empty optional field filled.
func (cfg Config) withDefaults() Config {
	if cfg.UserAgent == "" {
		cfg.UserAgent = defaultUserAgent
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = defaultHTTPClient()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = defaultMaxAttempts
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = defaultMaxBackoff
	}
	return cfg
}

// defaultHTTPClient verifies TLS, times out each request and refuses
// redirects: a redirected POST would silently turn into a GET.
func defaultHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	// The default keeps 2 idle connections per host, so with more
	// workers most orders would pay a new TCP and TLS handshake.
	tr.MaxIdleConnsPerHost = 64
	return &http.Client{
		Transport: tr,
		Timeout:   defaultTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// validate checks what has no default.
func (cfg Config) validate() error {
	if cfg.ClientID == "" {
		return errors.New("yeastar: client id is empty")
	}
	if cfg.ClientSecret == "" {
		return errors.New("yeastar: client secret is empty")
	}
	return nil
}

// parseBaseURL accepts https, or http to a loopback host only, so that
// credentials never cross a network in clear text.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("yeastar: base url %q: %w", raw, err)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("yeastar: base url %q has no host", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("yeastar: base url %q must be a bare "+
			"scheme, host and path", raw)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	case u.Scheme == "http":
		return nil, fmt.Errorf("yeastar: base url %q: plain http is "+
			"allowed only to a loopback host; use https", raw)
	default:
		return nil, fmt.Errorf("yeastar: base url %q: scheme must be "+
			"https", raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// isLoopback reports whether host is localhost or a loopback IP.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
