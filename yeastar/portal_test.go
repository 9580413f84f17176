package yeastar

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Credentials the scripted portal accepts.
const (
	testID     = "client-id-1"
	testSecret = "s3cret-Zq9-never-log-me"
)

// portal is a scripted Partner Portal. It issues tokens, refuses API
// calls without a live one, records every request and answers the API
// paths with the routes a test sets.
type portal struct {
	srv *httptest.Server

	mu        sync.Mutex
	paths     []string            // every request path, in order
	bodies    map[string][][]byte // request bodies by path
	headers   []http.Header       // every request's headers
	forms     []url.Values        // token request forms
	access    map[string]bool     // access tokens accepted
	issued    []string            // every token handed out
	refresh   string              // the one refresh token that works
	expiresIn any                 // the expiresIn of new tokens
	tokenHead string              // the tokenHead of new tokens
	routes    map[string]http.HandlerFunc
}

func newPortal(t *testing.T) *portal {
	t.Helper()
	p := &portal{
		bodies:    map[string][][]byte{},
		access:    map[string]bool{},
		routes:    map[string]http.HandlerFunc{},
		expiresIn: "1800",
		tokenHead: "Bearer ",
	}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *portal) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	p.mu.Lock()
	p.paths = append(p.paths, r.URL.Path)
	p.bodies[r.URL.Path] = append(p.bodies[r.URL.Path], body)
	p.headers = append(p.headers, r.Header.Clone())
	authed := p.access[strings.TrimPrefix(
		r.Header.Get("Authorization"), "Bearer ")]
	route := p.routes[r.URL.Path]
	p.mu.Unlock()

	switch {
	case r.URL.Path == pathToken:
		p.token(w, body)
	case !authed:
		writeEnvelope(w, http.StatusUnauthorized, "unauthorized", nil)
	case route == nil:
		writeEnvelope(w, http.StatusNotFound, "not_found", nil)
	default:
		route(w, r)
	}
}

// token answers a token request as the guide describes.
func (p *portal) token(w http.ResponseWriter, body []byte) {
	form, _ := url.ParseQuery(string(body))
	p.mu.Lock()
	defer p.mu.Unlock()
	p.forms = append(p.forms, form)

	ok := false
	switch form.Get("grant_type") {
	case "pp_credentials":
		ok = form.Get("client_id") == testID &&
			form.Get("client_secret") == testSecret
	case "refresh_token":
		ok = p.refresh != "" && form.Get("refresh_token") == p.refresh
	}
	if !ok {
		writeEnvelope(w, http.StatusUnauthorized, "invalid_client", nil)
		return
	}
	n := len(p.forms)
	acc := fmt.Sprintf("acc-%d-Zq7tokenvalue", n)
	ref := fmt.Sprintf("ref-%d-Zq7refreshvalue", n)
	p.access[acc], p.refresh = true, ref
	p.issued = append(p.issued, acc, ref)
	writeEnvelope(w, http.StatusOK, codeSuccess, map[string]any{
		"token": acc, "tokenHead": p.tokenHead,
		"refreshToken": ref, "expiresIn": p.expiresIn,
	})
}

// revoke makes the server refuse every access token, and the refresh
// token too when all is set.
func (p *portal) revoke(all bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.access)
	if all {
		p.refresh = ""
	}
}

func (p *portal) route(path string, h http.HandlerFunc) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.routes[path] = h
}

// count is how many requests reached path.
func (p *portal) count(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.bodies[path])
}

func (p *portal) log() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.paths...)
}

func (p *portal) tokenForms() []url.Values {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]url.Values(nil), p.forms...)
}

// reply is one scripted answer.
type reply struct {
	status     int
	code       string // "" is success
	result     any
	retryAfter string
	raw        string // sent as the body instead of an envelope
	drop       bool   // close the connection without answering
}

// script answers path with replies in turn, repeating the last.
func (p *portal) script(path string, replies ...reply) {
	var n atomic.Int64
	p.route(path, func(w http.ResponseWriter, r *http.Request) {
		i := min(int(n.Add(1))-1, len(replies)-1)
		replies[i].write(w)
	})
}

func (rp reply) write(w http.ResponseWriter) {
	if rp.drop {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	if rp.retryAfter != "" {
		w.Header().Set("Retry-After", rp.retryAfter)
	}
	status := cmpOr(rp.status, http.StatusOK)
	if rp.raw != "" {
		w.WriteHeader(status)
		io.WriteString(w, rp.raw)
		return
	}
	writeEnvelope(w, status, cmpOr(rp.code, codeSuccess), rp.result)
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

var requestSeq atomic.Int64

// writeEnvelope answers with the API's envelope and a fresh requestId.
func writeEnvelope(w http.ResponseWriter, status int, code string,
	result any) {
	detail := ""
	if code != codeSuccess {
		detail = "refused: " + code
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"code":          code,
		"detailMessage": detail,
		"requestId":     fmt.Sprintf("%032x", requestSeq.Add(1)),
		"result":        result,
		"status":        status,
	})
}

// fakeClock is a clock that moves only when told to, or when slept on.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// Sleep records d and moves the clock instead of waiting.
func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.sleeps = append(f.sleeps, d)
	f.now = f.now.Add(d)
	f.mu.Unlock()
	return ctx.Err()
}

func (f *fakeClock) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// newTestClient builds a client of p on a fake clock, with jitter that
// always picks the ceiling so delays are predictable.
func newTestClient(t *testing.T, p *portal,
	opts ...func(*Config)) (*Client, *fakeClock) {
	t.Helper()
	clk := newFakeClock()
	cfg := Config{
		BaseURL:      p.srv.URL,
		ClientID:     testID,
		ClientSecret: testSecret,
		Now:          clk.Now,
		Sleep:        clk.Sleep,
	}
	for _, o := range opts {
		o(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.jitter = func(d time.Duration) time.Duration { return d }
	return c, clk
}

// partnersOK answers the partner list with one partner.
func partnersOK(p *portal) {
	p.script(pathPartners, reply{result: []map[string]any{
		{"partnerId": "3197218168379840000", "company": "Acme"},
	}})
}
