package yeastar

import (
	"context"
	"fmt"
	"net/url"
)

// call describes one API operation, which may take several attempts.
type call struct {
	method      string
	path        string
	query       url.Values
	body        []byte
	contentType string
	// safe calls create nothing, so they may be sent again even when
	// an earlier attempt may have reached the server.
	safe bool
	// authed calls carry the access token and renew it on a 401.
	authed bool
}

// do sends cl until it succeeds, fails for good or, for a call that is
// not safe, its outcome becomes unknown. It returns the success envelope.
func (c *Client) do(ctx context.Context, cl *call) (*envelope, error) {
	reauthed := false
	for n := 1; ; n++ {
		a := c.try(ctx, cl, n)
		if a.abort != nil {
			return nil, a.abort
		}
		if a.ok() {
			return a.env, nil
		}
		if err := ctx.Err(); err != nil && a.err != nil {
			return nil, interrupted(cl, a, err)
		}

		switch classify(cl, a) {
		case verdictUnknown:
			return nil, unknown(a)
		case verdictReauth:
			if reauthed {
				return nil, a.failure()
			}
			reauthed = true
			c.tokens.drop(ctx, a.token)
		case verdictRetry:
			if n >= c.cfg.MaxAttempts {
				return nil, a.failure()
			}
			if err := c.cfg.Sleep(ctx, c.delay(a, n)); err != nil {
				return nil, err
			}
		default:
			return nil, a.failure()
		}
	}
}

// try makes attempt n of cl, fetching a token first when cl needs one.
func (c *Client) try(ctx context.Context, cl *call, n int) *attempt {
	if !cl.authed {
		return c.send(ctx, cl, n, nil)
	}
	tok, err := c.tokens.get(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return &attempt{abort: ctx.Err()}
		}
		return &attempt{abort: fmt.Errorf("get token: %w", err)}
	}
	return c.send(ctx, cl, n, tok)
}

// interrupted is the error when ctx ended during an attempt. Only a call
// that may have reached the server, and is not safe, is unknown.
func interrupted(cl *call, a *attempt, err error) error {
	if cl.safe || a.notSent {
		return err
	}
	return fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
}

// unknown is the error when a call may have been processed.
func unknown(a *attempt) error {
	return fmt.Errorf("%w: %w", ErrOutcomeUnknown, a.failure())
}
