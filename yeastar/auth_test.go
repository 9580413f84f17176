package yeastar

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestConcurrentFirstCallsRequestOneToken(t *testing.T) {
	p := newPortal(t)
	partnersOK(p)
	c, _ := newTestClient(t, p)

	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			_, err := c.Partners(context.Background())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Partners: %v", err)
		}
	}
	if n := len(p.tokenForms()); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
	if n := p.count(pathPartners); n != 16 {
		t.Errorf("partner list requests = %d, want 16", n)
	}
}

func TestTokenRequestForm(t *testing.T) {
	p := newPortal(t)
	c, _ := newTestClient(t, p)
	if err := c.Authenticate(context.Background()); err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	forms := p.tokenForms()
	want := map[string][]string{
		"grant_type":    {"pp_credentials"},
		"client_id":     {testID},
		"client_secret": {testSecret},
	}
	if diff := cmp.Diff(want, map[string][]string(forms[0])); diff != "" {
		t.Errorf("token form (-want +got):\n%s", diff)
	}
}

func TestUnauthorizedRefreshesAndRetries(t *testing.T) {
	p := newPortal(t)
	partnersOK(p)
	c, _ := newTestClient(t, p)
	ctx := context.Background()
	if _, err := c.Partners(ctx); err != nil {
		t.Fatalf("first Partners: %v", err)
	}

	p.revoke(false)
	if _, err := c.Partners(ctx); err != nil {
		t.Fatalf("Partners after revoke: %v", err)
	}

	forms := p.tokenForms()
	if len(forms) != 2 {
		t.Fatalf("token requests = %d, want 2", len(forms))
	}
	got := forms[1]
	if got.Get("grant_type") != "refresh_token" ||
		got.Get("refresh_token") != "ref-1-Zq7refreshvalue" {
		t.Errorf("second token form = %v, want a refresh with ref-1", got)
	}
	if n := p.count(pathPartners); n != 3 {
		t.Errorf("partner list requests = %d, want 3 (ok, 401, ok)", n)
	}
}

func TestRefusedRefreshFallsBackToCredentials(t *testing.T) {
	p := newPortal(t)
	partnersOK(p)
	c, _ := newTestClient(t, p)
	ctx := context.Background()
	if _, err := c.Partners(ctx); err != nil {
		t.Fatalf("first Partners: %v", err)
	}

	p.revoke(true)
	if _, err := c.Partners(ctx); err != nil {
		t.Fatalf("Partners after revoke: %v", err)
	}

	var grants []string
	for _, f := range p.tokenForms() {
		grants = append(grants, f.Get("grant_type"))
	}
	want := []string{"pp_credentials", "refresh_token", "pp_credentials"}
	if diff := cmp.Diff(want, grants); diff != "" {
		t.Errorf("grants (-want +got):\n%s", diff)
	}
}

func TestUnauthorizedTwiceIsAuthError(t *testing.T) {
	p := newPortal(t)
	p.script(pathPartners, reply{status: 401, code: "unauthorized"})
	c, _ := newTestClient(t, p)

	_, err := c.Partners(context.Background())
	if !IsAuthError(err) {
		t.Fatalf("Partners = %v, want an auth error", err)
	}
	if n := p.count(pathPartners); n != 2 {
		t.Errorf("partner list requests = %d, want 2", n)
	}
}

func TestTokenRenewedBeforeExpiry(t *testing.T) {
	// A 120 s token is renewed min(60 s, 120 s / 4) = 30 s early.
	tests := []struct {
		advance time.Duration
		want    []string
	}{
		{89 * time.Second, []string{pathToken, pathPartners, pathPartners}},
		{91 * time.Second, []string{
			pathToken, pathPartners, pathToken, pathPartners,
		}},
	}
	for _, tt := range tests {
		p := newPortal(t)
		p.expiresIn = "120"
		partnersOK(p)
		c, clk := newTestClient(t, p)
		ctx := context.Background()
		if _, err := c.Partners(ctx); err != nil {
			t.Fatalf("first Partners: %v", err)
		}
		clk.Advance(tt.advance)
		if _, err := c.Partners(ctx); err != nil {
			t.Fatalf("Partners after %v: %v", tt.advance, err)
		}
		if diff := cmp.Diff(tt.want, p.log()); diff != "" {
			t.Errorf("after %v, requests (-want +got):\n%s",
				tt.advance, diff)
		}
		if len(tt.want) == 4 {
			if g := p.tokenForms()[1].Get("grant_type"); g != "refresh_token" {
				t.Errorf("renewal grant = %q, want refresh_token", g)
			}
		}
	}
}

func TestShortTokenRenewedByFraction(t *testing.T) {
	// A 2 s sandbox token is renewed half a second early, not 60 s.
	p := newPortal(t)
	p.expiresIn = 2
	partnersOK(p)
	c, clk := newTestClient(t, p)
	ctx := context.Background()
	for range 3 {
		if _, err := c.Partners(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	if n := len(p.tokenForms()); n != 2 {
		t.Errorf("token requests = %d, want 2 (at 0 s and 2 s)", n)
	}
}

func TestParseExpiresIn(t *testing.T) {
	tests := []struct {
		raw     string
		want    time.Duration
		wantErr bool
	}{
		{`"1800"`, 30 * time.Minute, false},
		{`1800`, 30 * time.Minute, false},
		{`"2"`, 2 * time.Second, false},
		{``, 30 * time.Minute, false},
		{`null`, 30 * time.Minute, false},
		{`0`, 30 * time.Minute, false},
		{`"soon"`, 0, true},
		{`-5`, 0, true},
	}
	for _, tt := range tests {
		got, err := parseExpiresIn(json.RawMessage(tt.raw))
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("parseExpiresIn(%q) = %v, %v; want %v, error %t",
				tt.raw, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestBadCredentials(t *testing.T) {
	p := newPortal(t)
	c, _ := newTestClient(t, p, func(cfg *Config) {
		cfg.ClientSecret = "wrong"
	})

	err := c.Authenticate(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 401 {
		t.Fatalf("Authenticate = %v, want *APIError with 401", err)
	}
	if !IsAuthError(err) {
		t.Errorf("IsAuthError(%v) = false, want true", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q quotes the secret", err)
	}
	if n := len(p.tokenForms()); n != 1 {
		t.Errorf("token requests = %d, want 1 (a 401 is not retried)", n)
	}
}

func TestAuthorizationHeader(t *testing.T) {
	tests := []struct{ head, want string }{
		{"Bearer ", "Bearer acc-1-Zq7tokenvalue"},
		{"", "Bearer acc-1-Zq7tokenvalue"},
		{"Bearer", "Bearer acc-1-Zq7tokenvalue"},
	}
	for _, tt := range tests {
		p := newPortal(t)
		p.tokenHead = tt.head
		partnersOK(p)
		c, _ := newTestClient(t, p)
		if _, err := c.Partners(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := p.headers[1].Get("Authorization")
		if got != tt.want {
			t.Errorf("tokenHead %q: Authorization = %q, want %q",
				tt.head, got, tt.want)
		}
	}
}

func TestUserAgentOnEveryRequest(t *testing.T) {
	tests := []struct{ set, want string }{
		{"", "yeastar-bulk"},
		{"yeastar-bulk/1.2.3", "yeastar-bulk/1.2.3"},
	}
	for _, tt := range tests {
		p := newPortal(t)
		partnersOK(p)
		c, _ := newTestClient(t, p, func(cfg *Config) {
			cfg.UserAgent = tt.set
		})
		if _, err := c.Partners(context.Background()); err != nil {
			t.Fatal(err)
		}
		for i, h := range p.headers {
			if got := h.Get("User-Agent"); got != tt.want {
				t.Errorf("request %d User-Agent = %q, want %q",
					i, got, tt.want)
			}
		}
	}
}
