package yeastar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// maxReplyBytes bounds how much of a reply is read.
const maxReplyBytes = 32 << 20

// attempt is what one HTTP exchange gave.
type attempt struct {
	n     int
	token *token // the token sent, nil for token requests
	// abort ends the call at once: nothing was sent.
	abort  error
	status int
	header http.Header
	env    *envelope // nil when the body was not an envelope
	// excerpt quotes a body that was not an envelope.
	excerpt string
	// err is a transport or read failure; the reply is unusable.
	err error
	// notSent says err certainly came before the request left.
	notSent bool
}

// send makes one HTTP exchange for cl and logs it.
func (c *Client) send(ctx context.Context, cl *call, n int,
	tok *token) *attempt {
	a := &attempt{n: n, token: tok}
	if c.cfg.Limiter != nil {
		if err := c.cfg.Limiter.Wait(ctx); err != nil {
			a.abort = fmt.Errorf("wait for rate limiter: %w", err)
			return a
		}
	}
	req, err := c.newRequest(ctx, cl, tok)
	if err != nil {
		a.abort = err
		return a
	}

	tr := &connTrace{}
	req = req.WithContext(httptrace.WithClientTrace(ctx, tr.hooks()))
	start := c.cfg.Now()
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		a.err, a.notSent = err, tr.notSent(err)
	} else {
		a.read(resp)
		a.excerpt = redact(a.excerpt, c.secrets(cl, tok)...)
	}
	c.logAttempt(ctx, cl, a, c.cfg.Now().Sub(start))
	return a
}

// newRequest builds the HTTP request of cl with its headers.
func (c *Client) newRequest(ctx context.Context, cl *call,
	tok *token) (*http.Request, error) {
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	u := c.endpoint(cl.path, cl.query).String()
	req, err := http.NewRequestWithContext(ctx, cl.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("build request %s %s: %w",
			cl.method, cl.path, err)
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/json")
	if cl.contentType != "" {
		req.Header.Set("Content-Type", cl.contentType)
	}
	if tok != nil {
		req.Header.Set("Authorization", tok.header())
	}
	return req, nil
}

// read takes the status and a bounded body from resp.
func (a *attempt) read(resp *http.Response) {
	defer resp.Body.Close()
	a.status, a.header = resp.StatusCode, resp.Header
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes+1))
	if err != nil {
		a.err = fmt.Errorf("read reply: %w", err)
		return
	}
	if len(body) > maxReplyBytes {
		a.excerpt = "reply larger than 32 MiB"
		return
	}
	a.env, a.excerpt = parseEnvelope(body)
}

// ok reports a success: 2xx and the envelope code "success".
func (a *attempt) ok() bool {
	return a.err == nil && a.status/100 == 2 &&
		a.env != nil && a.env.Code == codeSuccess
}

// failure is the error an unsuccessful attempt stands for.
func (a *attempt) failure() error {
	if a.err != nil {
		return a.err
	}
	return a.apiError()
}

// connTrace watches whether a connection was obtained. net/http's
// Transport fires GetConn before it dials and GotConn before it writes
// the request, so GetConn without GotConn means nothing was sent.
type connTrace struct {
	getConn atomic.Bool
	gotConn atomic.Bool
}

func (t *connTrace) hooks() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn: func(string) { t.getConn.Store(true) },
		GotConn: func(httptrace.GotConnInfo) { t.gotConn.Store(true) },
	}
}

// notSent reports whether err certainly came before the request left.
// A transport that fires no trace hooks is trusted only for dial errors.
//
// TODO: with a custom HTTPClient whose RoundTripper fires no httptrace
// hooks, a TLS handshake failure or a cancellation before connecting
// counts as "may have been sent", so such an order ends unknown and
// needs a manual settle; never a duplicate, but more work for a human.
func (t *connTrace) notSent(err error) bool {
	if t.gotConn.Load() {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	return t.getConn.Load()
}

// logAttempt writes the one Debug line of an attempt. It never logs a
// header or body: those carry tokens and secrets.
func (c *Client) logAttempt(ctx context.Context, cl *call, a *attempt,
	d time.Duration) {
	if c.cfg.Logger == nil {
		return
	}
	reqID := ""
	if a.env != nil {
		reqID = a.env.RequestID
	}
	attrs := []slog.Attr{
		slog.String("method", cl.method),
		slog.String("path", cl.path),
		slog.Int("status", a.status),
		slog.Duration("duration", d),
		slog.String("request_id", reqID),
		slog.Int("attempt", a.n),
	}
	if a.err != nil {
		attrs = append(attrs, slog.String("error", a.err.Error()))
	}
	c.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "yeastar api call", attrs...)
}

// secrets lists what a reply must never be quoted with: the client
// secret, the token sent, and every value of a token request's form. A
// proxy's error page may echo the request.
func (c *Client) secrets(cl *call, tok *token) []string {
	out := []string{c.cfg.ClientSecret}
	if tok != nil {
		out = append(out, tok.access, tok.refresh)
	}
	if cl.path == pathToken {
		form, _ := url.ParseQuery(string(cl.body))
		for _, v := range form {
			out = append(out, v...)
		}
	}
	return out
}

// redact replaces every non-trivial secret in s.
func redact(s string, secrets ...string) string {
	for _, v := range secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	return s
}
