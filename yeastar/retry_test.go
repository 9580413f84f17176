package yeastar

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRetryAfterHonoured(t *testing.T) {
	p := newPortal(t)
	p.script(pathPartners,
		reply{status: 429, code: "too_many_requests", retryAfter: "7"},
		reply{result: []any{}})
	c, clk := newTestClient(t, p)

	if _, err := c.Partners(context.Background()); err != nil {
		t.Fatalf("Partners: %v", err)
	}
	want := []time.Duration{7 * time.Second}
	if diff := cmp.Diff(want, clk.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func TestGetRetriesByStatus(t *testing.T) {
	tests := []struct {
		status int
		want   int // requests made
	}{
		{429, 2}, {500, 2}, {502, 2}, {503, 2}, {504, 2},
		{400, 1}, {403, 1}, {404, 1},
	}
	for _, tt := range tests {
		p := newPortal(t)
		p.script(pathPartners, reply{status: tt.status, code: "x"},
			reply{result: []any{}})
		c, _ := newTestClient(t, p)
		_, _ = c.Partners(context.Background())
		if n := p.count(pathPartners); n != tt.want {
			t.Errorf("after %d, requests = %d, want %d",
				tt.status, n, tt.want)
		}
	}
}

func TestGetRetriesDroppedConnection(t *testing.T) {
	p := newPortal(t)
	p.script(pathPartners, reply{drop: true}, reply{result: []any{}})
	c, _ := newTestClient(t, p)

	if _, err := c.Partners(context.Background()); err != nil {
		t.Fatalf("Partners: %v", err)
	}
}

func TestGetGivesUpAfterMaxAttempts(t *testing.T) {
	p := newPortal(t)
	p.script(pathPartners, reply{status: 500, code: "internal_error"})
	c, clk := newTestClient(t, p, func(cfg *Config) {
		cfg.MaxAttempts = 4
		cfg.MaxBackoff = time.Second
	})

	_, err := c.Partners(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 500 {
		t.Fatalf("Partners = %v, want *APIError with 500", err)
	}
	if n := p.count(pathPartners); n != 4 {
		t.Errorf("requests = %d, want 4", n)
	}
	want := []time.Duration{
		500 * time.Millisecond, time.Second, time.Second,
	}
	if diff := cmp.Diff(want, clk.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func TestBackoffCeil(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{
		{1, 500 * time.Millisecond},
		{2, time.Second},
		{3, 2 * time.Second},
		{7, 30 * time.Second},
		{100, 30 * time.Second},
	}
	for _, tt := range tests {
		if got := backoffCeil(tt.n, 30*time.Second); got != tt.want {
			t.Errorf("backoffCeil(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestFullJitterStaysUnderCeiling(t *testing.T) {
	for range 1000 {
		if d := fullJitter(time.Second); d < 0 || d > time.Second {
			t.Fatalf("fullJitter(1s) = %v, want within [0, 1s]", d)
		}
	}
	if d := fullJitter(0); d != 0 {
		t.Errorf("fullJitter(0) = %v, want 0", d)
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"7", 7 * time.Second, true},
		{"0", 0, true},
		{"99999999999999", 10 * time.Minute, true},
		{"Thu, 03 Dec 2026 02:00:12 GMT", 12 * time.Second, true},
		{"Thu, 03 Dec 2026 01:00:00 GMT", 0, true},
		{"", 0, false},
		{"-3", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.header, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %t; want %v, %t",
				tt.header, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	p := newPortal(t)
	p.script(pathPartners, reply{status: 503, retryAfter: "60"})
	// Sleep left nil: the real timer, which must give up on ctx.
	c, _ := newTestClient(t, p, func(cfg *Config) { cfg.Sleep = nil })

	ctx, cancel := context.WithTimeout(context.Background(),
		30*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Partners(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Partners = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Partners took %v after cancellation", d)
	}
}

// countingLimiter counts its waits.
type countingLimiter struct{ n atomic.Int64 }

func (l *countingLimiter) Wait(ctx context.Context) error {
	l.n.Add(1)
	return ctx.Err()
}

func TestLimiterWaitedOnEveryAttempt(t *testing.T) {
	p := newPortal(t)
	p.script(pathPartners, reply{status: 429}, reply{result: []any{}})
	lim := &countingLimiter{}
	c, _ := newTestClient(t, p, func(cfg *Config) { cfg.Limiter = lim })

	if _, err := c.Partners(context.Background()); err != nil {
		t.Fatal(err)
	}
	// One token request and two partner list attempts.
	if n := lim.n.Load(); n != 3 {
		t.Errorf("limiter waits = %d, want 3", n)
	}
}

func TestClassify(t *testing.T) {
	get := &call{safe: true, authed: true}
	order := &call{authed: true}
	tokenCall := &call{safe: true}
	env := &envelope{Code: "insufficient_balance"}
	dropped := errors.New("connection reset")
	tests := []struct {
		name string
		cl   *call
		a    attempt
		want verdict
	}{
		{"get dropped", get, attempt{err: dropped}, verdictRetry},
		{"order dropped", order, attempt{err: dropped}, verdictUnknown},
		{"order not sent", order,
			attempt{err: dropped, notSent: true}, verdictRetry},
		{"order 401", order, attempt{status: 401, env: env}, verdictReauth},
		{"token 401", tokenCall, attempt{status: 401, env: env},
			verdictDone},
		{"order 429", order, attempt{status: 429}, verdictRetry},
		{"order 500", order, attempt{status: 500}, verdictUnknown},
		{"order 408", order, attempt{status: 408}, verdictUnknown},
		{"get 503", get, attempt{status: 503}, verdictRetry},
		{"order 400", order, attempt{status: 400, env: env}, verdictDone},
		{"order 200 refusal", order, attempt{status: 200, env: env},
			verdictDone},
		{"order 200 unreadable", order, attempt{status: 200},
			verdictUnknown},
		{"get 200 unreadable", get, attempt{status: 200}, verdictDone},
	}
	for _, tt := range tests {
		if got := classify(tt.cl, &tt.a); got != tt.want {
			t.Errorf("classify(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
