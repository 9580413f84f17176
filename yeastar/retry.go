package yeastar

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	// baseBackoff is the delay ceiling after the first failed attempt;
	// it doubles with every attempt up to Config.MaxBackoff.
	baseBackoff = 500 * time.Millisecond
	// maxRetryAfter bounds a server's Retry-After, so a bad header
	// cannot stall a run for hours.
	maxRetryAfter = 10 * time.Minute
)

// verdict is what follows an unsuccessful attempt.
type verdict int

const (
	// verdictDone: a final answer, returned to the caller.
	verdictDone verdict = iota
	// verdictRetry: not processed, or harmless to repeat.
	verdictRetry
	// verdictReauth: the token was refused; renew it and send again.
	verdictReauth
	// verdictUnknown: the call may have been processed; never repeat.
	verdictUnknown
)

// classify is the one place that decides whether an unsuccessful
// attempt is sent again. A call that is not safe (an order) is repeated
// only when the server certainly did not act on it: the request never
// left (dial failure), the server said so (429), or it refused the token
// (401). After a 5xx, a timeout or a dropped connection it is unknown.
func classify(cl *call, a *attempt) verdict {
	switch {
	case a.err != nil && (a.notSent || cl.safe):
		return verdictRetry
	case a.err != nil:
		return verdictUnknown
	case a.status == http.StatusUnauthorized && cl.authed:
		return verdictReauth
	case a.status == http.StatusTooManyRequests:
		return verdictRetry
	case a.status >= 500 || a.status == http.StatusRequestTimeout:
		if cl.safe {
			return verdictRetry
		}
		return verdictUnknown
	case a.status/100 == 2 && !cl.safe:
		// A 2xx the client cannot read may be a created order; a
		// readable error envelope on 2xx is a refusal.
		if a.env == nil {
			return verdictUnknown
		}
	}
	return verdictDone
}

// delay is how long to wait after failed attempt a, the n-th: the
// server's Retry-After on 429 and 503, else capped exponential backoff
// with full jitter.
func (c *Client) delay(a *attempt, n int) time.Duration {
	if a.status == http.StatusTooManyRequests ||
		a.status == http.StatusServiceUnavailable {
		h := a.header.Get("Retry-After")
		if d, ok := retryAfter(h, c.cfg.Now()); ok {
			return d
		}
	}
	return c.jitter(backoffCeil(n, c.cfg.MaxBackoff))
}

// backoffCeil is the largest delay after the n-th attempt.
func backoffCeil(n int, limit time.Duration) time.Duration {
	d := baseBackoff
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(h, 10, 64); err == nil && s >= 0 {
		s = min(s, int64(maxRetryAfter/time.Second))
		return time.Duration(s) * time.Second, true
	}
	t, err := http.ParseTime(h)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), maxRetryAfter), true
}
