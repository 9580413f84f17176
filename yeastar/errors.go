package yeastar

import (
	"errors"
	"fmt"
)

// ErrOutcomeUnknown is wrapped by CreateOrder's error when the request
// may have reached the server but no usable answer came back (a 5xx, a
// timeout, a dropped connection). The order may or may not exist, so the
// caller must reconcile before sending it again.
var ErrOutcomeUnknown = errors.New("yeastar: order outcome unknown")

// APIError is a reply that was not a success: a non-2xx status or an
// envelope whose code is not "success". It never holds a token or secret.
type APIError struct {
	HTTPStatus    int
	Code          string
	DetailMessage string
	RequestID     string
	// Field and Tag come with parameter_validation_failed.
	Field string
	Tag   string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("yeastar: http %d, code %q", e.HTTPStatus, e.Code)
	if e.DetailMessage != "" {
		msg += ": " + e.DetailMessage
	}
	if e.Field != "" {
		msg += fmt.Sprintf(" (field %s, %s)", e.Field, e.Tag)
	}
	if e.RequestID != "" {
		msg += " [request " + e.RequestID + "]"
	}
	return msg
}

// IsAuthError reports whether err is, or wraps, an *APIError with HTTP
// status 401: the client id, secret or token was refused.
func IsAuthError(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.HTTPStatus == 401
}
