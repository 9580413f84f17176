package sandbox

import (
	"crypto/rand"
	"sync"
	"time"
)

// sweepAbove is the least number of stored tokens at which issuing a
// token first forgets the expired ones, so a long run does not grow
// forever.
const sweepAbove = 1024

// tokenPair is what one token request hands out.
type tokenPair struct {
	access, refresh string
}

// tokenStore remembers the access and refresh tokens handed out and
// when each expires. It is safe for concurrent use.
//
// TODO: an access token keeps working after a refresh until it expires;
// whether the real API revokes it then is not documented.
type tokenStore struct {
	accessLife time.Duration

	mu      sync.Mutex
	access  map[string]time.Time
	refresh map[string]time.Time
	sweepAt int // store size that triggers the next sweep
}

// newTokenStore returns an empty store whose access tokens live life.
func newTokenStore(life time.Duration) *tokenStore {
	return &tokenStore{
		accessLife: life,
		access:     make(map[string]time.Time),
		refresh:    make(map[string]time.Time),
		sweepAt:    sweepAbove,
	}
}

// issue hands out a fresh pair of tokens at now.
func (ts *tokenStore) issue(now time.Time) tokenPair {
	p := tokenPair{access: rand.Text() + rand.Text(), refresh: rand.Text()}

	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.sweep(now)
	ts.access[p.access] = now.Add(ts.accessLife)
	ts.refresh[p.refresh] = now.Add(refreshLifetime)
	return p
}

// rotate spends the refresh token old and hands out a fresh pair; the
// old refresh token stops working (assumed). It reports false if old is
// unknown, spent or expired.
func (ts *tokenStore) rotate(old string, now time.Time) (tokenPair, bool) {
	ts.mu.Lock()
	exp, ok := ts.refresh[old]
	delete(ts.refresh, old)
	ts.mu.Unlock()

	if !ok || !now.Before(exp) {
		return tokenPair{}, false
	}
	return ts.issue(now), true
}

// valid reports whether token is a live access token at now.
func (ts *tokenStore) valid(token string, now time.Time) bool {
	ts.mu.Lock()
	exp, ok := ts.access[token]
	ts.mu.Unlock()
	return ok && now.Before(exp)
}

// sweep forgets expired tokens once the store has doubled since the
// last sweep, which keeps issuing O(1) on average. The caller holds
// ts.mu.
func (ts *tokenStore) sweep(now time.Time) {
	if len(ts.access)+len(ts.refresh) < ts.sweepAt {
		return
	}
	for _, m := range []map[string]time.Time{ts.access, ts.refresh} {
		for tok, exp := range m {
			if !now.Before(exp) {
				delete(m, tok)
			}
		}
	}
	ts.sweepAt = max(sweepAbove, 2*(len(ts.access)+len(ts.refresh)))
}
