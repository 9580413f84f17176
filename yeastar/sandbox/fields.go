package sandbox

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The field checks below read a body decoded with UseNumber, so a JSON
// number is a json.Number and a JSON string is a string. They never
// accept one for the other: the guide sends IDs as numbers and text as
// strings, and the sandbox holds the client to that.

// wantString checks that top-level key is the string want.
func wantString(m map[string]any, key, want string) *fieldError {
	return wantStringAt(m, "", key, want)
}

// wantStringAt checks that key of m is the string want; prefix names
// the object m in the error.
func wantStringAt(m map[string]any, prefix, key, want string) *fieldError {
	field := prefix + key
	v, ok := m[key]
	if !ok {
		return newFieldError(field, "required", field+" is required")
	}
	s, ok := v.(string)
	if !ok {
		return newFieldError(field, "string", field+" must be a string")
	}
	if s != want {
		return newFieldError(field, "oneof",
			fmt.Sprintf("%s must be %q", field, want))
	}
	return nil
}

// wantNumber checks that top-level key is the JSON number want.
func wantNumber(m map[string]any, key, want string) *fieldError {
	return wantNumberAt(m, "", key, want)
}

// wantNumberAt checks that key of m is the JSON number want, written as
// want; prefix names the object m in the error.
func wantNumberAt(m map[string]any, prefix, key, want string) *fieldError {
	field := prefix + key
	digits, fe := integer(m, key, field)
	if fe != nil {
		return fe
	}
	if digits != want {
		return newFieldError(field, "oneof",
			fmt.Sprintf("%s must be %s", field, want))
	}
	return nil
}

// optionalString returns the string at key, "" if the key is absent or
// null; field names it in the error.
func optionalString(m map[string]any, key, field string) (string,
	*fieldError) {
	v, ok := m[key]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", newFieldError(field, "string",
			field+" must be a string")
	}
	return s, nil
}

// integer returns the exact text of the whole JSON number at key; field
// names it in the error. "3.19722E+18" and "2.5" are refused.
func integer(m map[string]any, key, field string) (string, *fieldError) {
	v, ok := m[key]
	if !ok || v == nil {
		return "", newFieldError(field, "required", field+" is required")
	}
	n, ok := v.(json.Number)
	if !ok {
		return "", newFieldError(field, "number",
			field+" must be a JSON number")
	}
	digits := n.String()
	if !isInteger(digits) {
		return "", newFieldError(field, "integer",
			field+" must be a whole number, got "+digits)
	}
	return digits, nil
}

// isInteger reports whether s is an optional minus and decimal digits.
func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
