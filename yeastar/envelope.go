package yeastar

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// codeSuccess is the envelope code of a successful call.
const codeSuccess = "success"

// excerptRunes bounds how much of a non-JSON body an error quotes.
const excerptRunes = 200

// envelope is the wrapper around every reply. The status field repeats
// the HTTP status and is not read.
type envelope struct {
	Code          string          `json:"code"`
	DetailMessage string          `json:"detailMessage"`
	RequestID     string          `json:"requestId"`
	Result        json.RawMessage `json:"result"`
}

// parseEnvelope reads body as an envelope, or returns nil and an excerpt
// of the body when it is not one (an HTML error page from a proxy).
func parseEnvelope(body []byte) (*envelope, string) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil || env.Code == "" {
		return nil, excerpt(body)
	}
	return &env, ""
}

// excerpt quotes the start of body on one line of printable text.
func excerpt(body []byte) string {
	s := strings.ToValidUTF8(string(body[:min(len(body), 4*excerptRunes)]), "?")
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	}), " ")
	if r := []rune(s); len(r) > excerptRunes {
		s = string(r[:excerptRunes]) + "..."
	}
	if s == "" {
		return "empty reply"
	}
	return "reply is not a JSON envelope: " + s
}

// apiError turns an unsuccessful reply into the package's error type.
func (a *attempt) apiError() *APIError {
	if a.env == nil {
		return &APIError{HTTPStatus: a.status, DetailMessage: a.excerpt}
	}
	e := &APIError{
		HTTPStatus:    a.status,
		Code:          a.env.Code,
		DetailMessage: a.env.DetailMessage,
		RequestID:     a.env.RequestID,
	}
	var v struct {
		Field string `json:"field"`
		Tag   string `json:"tag"`
	}
	if json.Unmarshal(a.env.Result, &v) == nil {
		e.Field, e.Tag = v.Field, v.Tag
	}
	return e
}

// decodeResult decodes a success result into v. Numbers stay
// json.Number, so no ID passes through a float64.
func decodeResult(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		raw = json.RawMessage("null")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decode result: %w", err)
	}
	return nil
}

// text is a reply field documented as a string that is accepted as a
// JSON number too, keeping its digits; null is empty.
type text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *text) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case bytes.Equal(data, []byte("null")):
		*t = ""
	case len(data) > 0 && data[0] == '"':
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*t = text(s)
	default:
		var n json.Number
		if err := json.Unmarshal(data, &n); err != nil {
			return fmt.Errorf("yeastar: %s is neither text nor a number",
				data)
		}
		*t = text(n)
	}
	return nil
}
