package sandbox

import (
	"math"
	"sync"
	"time"
)

// rateBurst is how many requests may arrive at once after a quiet spell.
// It is a little over 1 so that a client pacing itself at exactly the
// limit is not refused for a few milliseconds of jitter.
const rateBurst = 2

// bucket is a token bucket driven by an outside clock.
// TODO: one bucket serves every caller and endpoint; the real limit (if
// any) is undocumented and may be per client or per endpoint. A nil *bucket
// allows everything. It is safe for concurrent use.
type bucket struct {
	rate float64 // tokens per second

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// newBucket returns a full bucket refilling at rate per second, or nil
// if rate is not positive.
func newBucket(rate float64) *bucket {
	if rate <= 0 {
		return nil
	}
	return &bucket{rate: rate, tokens: rateBurst}
}

// take spends one token at now. If none is left it returns false and
// how long until one will be.
func (b *bucket) take(now time.Time) (bool, time.Duration) {
	if b == nil {
		return true, 0
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := (1 - b.tokens) / b.rate * float64(time.Second)
	return false, time.Duration(wait)
}

// refill adds the tokens earned since the last call. The caller holds
// b.mu.
func (b *bucket) refill(now time.Time) {
	if !b.last.IsZero() && now.After(b.last) {
		earned := now.Sub(b.last).Seconds() * b.rate
		b.tokens = math.Min(rateBurst, b.tokens+earned)
	}
	if b.last.IsZero() || now.After(b.last) {
		b.last = now
	}
}

// retryAfter is the Retry-After value for wait: whole seconds, at
// least 1.
func retryAfter(wait time.Duration) int64 {
	return max(1, int64(math.Ceil(wait.Seconds())))
}
