package yeastar

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the handler's concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestLogsNeverHoldSecrets(t *testing.T) {
	p := newPortal(t)
	p.expiresIn = 2
	partnersOK(p)
	p.script(pathOrderSave, reply{status: 429, retryAfter: "1"}, orderOK)
	var out syncBuffer
	log := slog.New(slog.NewJSONHandler(&out,
		&slog.HandlerOptions{Level: slog.LevelDebug}))
	c, clk := newTestClient(t, p, func(cfg *Config) { cfg.Logger = log })
	ctx := context.Background()

	// A run that takes a token, renews it on time, after a 401, and
	// after a refused refresh token, and places an order.
	steps := []func(){
		func() {},
		func() { clk.Advance(3 * time.Second) },
		func() { p.revoke(false) },
		func() { p.revoke(true) },
	}
	for _, step := range steps {
		step()
		if _, err := c.Partners(ctx); err != nil {
			t.Fatalf("Partners: %v", err)
		}
	}
	if _, err := c.CreateOrder(ctx, tutorialOrder); err != nil {
		t.Fatalf("CreateOrder: %v", err)
	}

	logged := out.String()
	p.mu.Lock()
	secrets := append([]string{testSecret}, p.issued...)
	p.mu.Unlock()
	if len(secrets) < 7 {
		t.Fatalf("only %d tokens issued; the run renewed too little",
			len(secrets)-1)
	}
	for _, s := range secrets {
		if strings.Contains(logged, s) {
			t.Errorf("log holds secret %q", s)
		}
	}
	checkLogLines(t, logged, len(p.log()))
}

// checkLogLines wants one line per request, each with the fixed keys.
func checkLogLines(t *testing.T, logged string, requests int) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(logged), "\n")
	if len(lines) != requests {
		t.Errorf("log lines = %d, want %d (one per request)",
			len(lines), requests)
	}
	keys := []string{
		"method", "path", "status", "duration", "request_id", "attempt",
	}
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		for _, k := range keys {
			if _, ok := rec[k]; !ok {
				t.Errorf("log line %q lacks key %q", line, k)
			}
		}
	}
}
