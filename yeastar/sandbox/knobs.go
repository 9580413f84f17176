package sandbox

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"time"
)

// endpoint wraps an API handler with the knobs, in the order a real
// gateway would meet them: count the call, wait the latency, apply the
// rate limit, check the token, then maybe fail with a 5xx. The token
// endpoint needs no token and never fails at random.
//
// TODO: the User-Agent header the guide requires is not checked; a
// client that drops it passes here and may not on the real API.
func (s *Server) endpoint(name string, h http.HandlerFunc) http.Handler {
	isToken := name == "token"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.count(name)
		if !bufferBody(w, r) {
			return
		}
		if !sleep(r.Context(), s.opts.Latency) {
			return // the client gave up; nobody reads a reply
		}
		if ok, wait := s.limit.take(s.now()); !ok {
			writeTooMany(w, wait)
			return
		}
		if !isToken && !s.authorized(r) {
			writeError(w, http.StatusUnauthorized, codeInvalidToken,
				"missing, invalid or expired access token")
			return
		}
		if !isToken && s.chance(s.opts.ErrorRate) {
			s.writeServerError(w)
			return
		}
		h(w, r)
	})
}

// maxBody is the largest request body accepted.
const maxBody = 1 << 20

// bufferBody reads the whole request body into memory before the
// latency wait. The HTTP server only notices a client hanging up, and
// cancels the request context, once the body has been read to its end.
// It answers and reports false if the body is too large or unreadable.
func bufferBody(w http.ResponseWriter, r *http.Request) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return false // the connection broke; nobody reads a reply
	}
	if len(body) > maxBody {
		writeInvalid(w, newFieldError("body", "max",
			"the request body is larger than 1 MiB"))
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

// count records one call to the endpoint name.
func (s *Server) count(name string) {
	s.mu.Lock()
	s.calls[name]++
	s.mu.Unlock()
}

// chance reports true with probability p, drawn from the seeded source.
func (s *Server) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	if p >= 1 {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rng.Float64() < p
}

// writeServerError answers 500 or 503, half and half.
func (s *Server) writeServerError(w http.ResponseWriter) {
	if s.chance(0.5) {
		writeError(w, http.StatusServiceUnavailable, codeUnavailable,
			"service temporarily unavailable (sandbox)")
		return
	}
	writeError(w, http.StatusInternalServerError, codeInternal,
		"internal server error (sandbox)")
}

// writeTooMany answers 429 with a Retry-After of whole seconds.
func writeTooMany(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After",
		strconv.FormatInt(retryAfter(wait), 10))
	writeError(w, http.StatusTooManyRequests, codeTooMany,
		"rate limit exceeded")
}

// sleep waits d in real time and reports false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// dropConnection closes the client's connection without a reply, as a
// network failure after the server acted would.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// HTTP/2 cannot be hijacked; aborting resets the stream.
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}
