package yeastar

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ID is a Yeastar identifier kept as its decimal digits. Several IDs
// exceed 2^53, so an ID never passes through a float64: it is read from
// a JSON string or number as text and written back as a JSON number with
// every digit intact, the way the vendor's order sample sends it.
type ID string

// Valid reports whether id is a non-empty run of ASCII digits.
func (id ID) Valid() bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

// MarshalJSON writes the ID as a bare JSON number. An invalid ID is an
// error rather than malformed JSON.
func (id ID) MarshalJSON() ([]byte, error) {
	if !id.Valid() {
		return nil, fmt.Errorf("yeastar: id %q is not a run of digits", string(id))
	}
	return []byte(id), nil
}

// UnmarshalJSON accepts a JSON string or a JSON integer, keeping the
// digits exactly; null and "" leave the ID empty.
func (id *ID) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		*id = ""
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*id = ID(s)
		return nil
	}
	if !ID(data).Valid() {
		return fmt.Errorf("yeastar: id %s is not an integer", data)
	}
	*id = ID(data)
	return nil
}
