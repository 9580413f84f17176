package sandbox

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	e := newEnv(t, Options{RateLimit: 1})
	tok := e.token() // the first of the burst of 2
	if r := e.get(partnerPath, tok); r.HTTP != 200 {
		t.Fatalf("second call: HTTP %d %s", r.HTTP, r.Raw)
	}

	r := e.get(partnerPath, tok)
	if r.HTTP != 429 || r.Code != "too_many_requests" || r.Status != 429 {
		t.Fatalf("third call: HTTP %d code %q, want 429 too_many_requests",
			r.HTTP, r.Code)
	}
	if got := r.Header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After = %q, want \"1\"", got)
	}
	if r := e.postForm(tokenPath, credentials()); r.HTTP != 429 {
		t.Errorf("token call over the limit: HTTP %d, want 429", r.HTTP)
	}

	e.clock.Advance(time.Second)
	if r := e.get(partnerPath, tok); r.HTTP != 200 {
		t.Errorf("after a second: HTTP %d %s", r.HTTP, r.Raw)
	}
}

func TestRetryAfterWholeSeconds(t *testing.T) {
	e := newEnv(t, Options{RateLimit: 0.2})
	tok := e.token()
	e.get(partnerPath, tok)
	r := e.get(partnerPath, tok)
	if got := r.Header.Get("Retry-After"); r.HTTP != 429 || got != "5" {
		t.Errorf("HTTP %d Retry-After %q, want 429 and \"5\"", r.HTTP, got)
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		wait time.Duration
		want int64
	}{
		{0, 1}, {time.Millisecond, 1}, {time.Second, 1},
		{1001 * time.Millisecond, 2}, {5 * time.Second, 5},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.wait); got != tt.want {
			t.Errorf("retryAfter(%v) = %d, want %d", tt.wait, got, tt.want)
		}
	}
}

func TestErrorRateFailsBeforeActing(t *testing.T) {
	e := newEnv(t, Options{ErrorRate: 1})
	tok := e.token() // the token endpoint never fails at random

	seen := map[int]bool{}
	for range 20 {
		r := e.save(tok, orderBody("", TutorialBillingID,
			CustomDomainNameID, 1, "PO-1"))
		if r.HTTP != 500 && r.HTTP != 503 {
			t.Fatalf("save: HTTP %d, want 500 or 503", r.HTTP)
		}
		if r.Status != r.HTTP || r.Code == "success" {
			t.Errorf("envelope status %d code %q", r.Status, r.Code)
		}
		seen[r.HTTP] = true
	}
	if !seen[500] || !seen[503] {
		t.Errorf("statuses seen %v, want both 500 and 503", seen)
	}
	if r := e.get(partnerPath, tok); r.HTTP < 500 {
		t.Errorf("partner list: HTTP %d, want 5xx", r.HTTP)
	}
	if n := len(e.sb.Orders()); n != 0 {
		t.Errorf("%d orders created, want 0", n)
	}
}

func TestDropRateCreatesThenDrops(t *testing.T) {
	e := newEnv(t, Options{DropRate: 1})
	tok := e.token()

	req, _ := http.NewRequest("POST", e.srv.URL+savePath,
		strings.NewReader(orderBody("", TutorialBillingID,
			CustomDomainNameID, 3, "PO-DROP")))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("save answered HTTP %d, want a connection error",
			resp.StatusCode)
	}

	orders := e.sb.Orders()
	if len(orders) != 1 || orders[0].PONumber != "PO-DROP" {
		t.Errorf("orders = %+v, want the one dropped order", orders)
	}
}

func TestLatencyRespectsCancellation(t *testing.T) {
	e := newEnv(t, Options{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(),
		50*time.Millisecond)
	defer cancel()

	req, _ := http.NewRequestWithContext(ctx, "POST", e.srv.URL+savePath,
		strings.NewReader(orderBody("", TutorialBillingID,
			CustomDomainNameID, 1, "PO-1")))
	req.Header.Set("Content-Type", "application/json")
	if _, err := e.srv.Client().Do(req); err == nil {
		t.Fatal("request returned before the latency, want a timeout")
	}
	// httptest's Close waits for handlers, so a handler that ignored
	// the cancellation would hang the test here for an hour.
	e.srv.Close()
	if n := len(e.sb.Orders()); n != 0 {
		t.Errorf("%d orders, want 0", n)
	}
}

func TestLatencyDelaysReply(t *testing.T) {
	e := newEnv(t, Options{Latency: 30 * time.Millisecond})
	start := time.Now()
	e.token()
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("reply after %v, want at least 30ms", d)
	}
}

func TestChanceFollowsSeed(t *testing.T) {
	draw := func() []bool {
		s := New(Options{Seed: 7})
		out := make([]bool, 32)
		for i := range out {
			out[i] = s.chance(0.5)
		}
		return out
	}
	a, b := draw(), draw()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("draw %d differs between equal seeds", i)
		}
	}
}
