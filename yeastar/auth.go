package yeastar

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// defaultTokenHead is the scheme sent when a token reply names none.
const defaultTokenHead = "Bearer "

// token is one access token with the refresh token that came with it.
type token struct {
	access  string
	head    string
	refresh string
	renewAt time.Time
}

// header is the Authorization header value.
func (t *token) header() string { return t.head + t.access }

// tokenSource holds the client's token. One goroutine at a time renews
// it, so many first calls at once cause a single token request; the
// others wait, and give up when their ctx ends.
type tokenSource struct {
	c   *Client
	sem chan struct{} // a lock that waits on ctx
	cur *token        // nil before the first token
}

func newTokenSource(c *Client) *tokenSource {
	return &tokenSource{c: c, sem: make(chan struct{}, 1)}
}

// Authenticate gets an access token now, unless a fresh one is held. A
// refused client id or secret is an *APIError for which IsAuthError
// reports true.
func (c *Client) Authenticate(ctx context.Context) error {
	if _, err := c.tokens.get(ctx); err != nil {
		return fmt.Errorf("authenticate: %w", err)
	}
	return nil
}

func (s *tokenSource) lock(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *tokenSource) unlock() { <-s.sem }

// get returns a token that is not due for renewal, renewing it first
// when needed.
//
// TODO: the lock is held through the token request's retries and
// backoff, so while the token endpoint is down every caller queues
// behind it for up to MaxAttempts backoffs (or until its ctx ends)
// instead of failing fast; a slow failure, never an extra token request.
func (s *tokenSource) get(ctx context.Context) (*token, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.unlock()

	if s.cur != nil && s.cur.access != "" &&
		s.c.cfg.Now().Before(s.cur.renewAt) {
		return s.cur, nil
	}
	t, err := s.renew(ctx)
	if err != nil {
		return nil, err
	}
	s.cur = t
	return t, nil
}

// drop forgets t after the server refused it, keeping its refresh
// token. A token already replaced by another goroutine is left alone.
func (s *tokenSource) drop(ctx context.Context, t *token) {
	if s.lock(ctx) != nil {
		return
	}
	defer s.unlock()

	if s.cur == t && t != nil {
		s.cur = &token{refresh: t.refresh}
	}
}

// renew uses the refresh token when there is one, and falls back to the
// client credentials when the server refuses it.
func (s *tokenSource) renew(ctx context.Context) (*token, error) {
	if s.cur != nil && s.cur.refresh != "" {
		form := url.Values{
			"grant_type":    {"refresh_token"},
			"refresh_token": {s.cur.refresh},
		}
		t, err := s.fetch(ctx, form)
		if err == nil && t.refresh == "" {
			t.refresh = s.cur.refresh
		}
		if !refused(err) {
			return t, err
		}
		s.cur = nil
	}
	form := url.Values{
		"grant_type":    {"pp_credentials"},
		"client_id":     {s.c.cfg.ClientID},
		"client_secret": {s.c.cfg.ClientSecret},
	}
	return s.fetch(ctx, form)
}

// refused reports whether the token endpoint turned the request down,
// as opposed to being unreachable.
func refused(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.HTTPStatus/100 == 4
}

// fetch posts one token request. It creates nothing on the server, so
// it is retried like a GET.
func (s *tokenSource) fetch(ctx context.Context,
	form url.Values) (*token, error) {
	got := s.c.cfg.Now()
	env, err := s.c.do(ctx, &call{
		method:      http.MethodPost,
		path:        pathToken,
		body:        []byte(form.Encode()),
		contentType: "application/x-www-form-urlencoded",
		safe:        true,
	})
	if err != nil {
		return nil, err
	}
	return parseToken(env, got)
}

// parseToken reads a token reply. Its errors never quote the reply.
func parseToken(env *envelope, got time.Time) (*token, error) {
	var r struct {
		Token        string          `json:"token"`
		TokenHead    string          `json:"tokenHead"`
		RefreshToken string          `json:"refreshToken"`
		ExpiresIn    json.RawMessage `json:"expiresIn"`
	}
	if err := json.Unmarshal(env.Result, &r); err != nil || r.Token == "" {
		return nil, fmt.Errorf("token reply has no token [request %s]",
			env.RequestID)
	}
	life, err := parseExpiresIn(r.ExpiresIn)
	if err != nil {
		return nil, err
	}
	return &token{
		access:  r.Token,
		head:    tokenHead(r.TokenHead),
		refresh: r.RefreshToken,
		renewAt: refreshAt(got, life),
	}, nil
}

// tokenHead normalises the scheme so that head+token is a valid header.
func tokenHead(h string) string {
	switch {
	case strings.TrimSpace(h) == "":
		return defaultTokenHead
	case strings.HasSuffix(h, " "):
		return h
	}
	return h + " "
}
