package batch

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "a,b", "a,b"},
		{"utf-8 bom", "\xEF\xBB\xBFa,b", "a,b"},
		{"utf-16 le", utf16LE("Ä;b\r\n"), "Ä;b\r\n"},
		{"utf-16 be", utf16BE("Ä;b\r\n"), "Ä;b\r\n"},
		{"invalid utf-8 passes through", "M\xfcller", "M\xfcller"},
		{"short", "a", "a"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		r, err := decode(strings.NewReader(tt.in))
		if err != nil {
			t.Fatalf("%s: decode: %v", tt.name, err)
		}
		got, err := io.ReadAll(r)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: decode(%q) = %q, %v, want %q",
				tt.name, tt.in, got, err, tt.want)
		}
	}
}

func TestNulLine(t *testing.T) {
	if got := nulLine([]byte("a\nb\nc\x00")); got != 3 {
		t.Errorf("nulLine = %d, want 3", got)
	}
	if got := nulLine([]byte("a\nb")); got != 0 {
		t.Errorf("nulLine = %d, want 0", got)
	}
}

// TestRecordLimiter checks that the limiter stops at its allowance and
// stays stopped.
func TestRecordLimiter(t *testing.T) {
	l := &recordLimiter{r: strings.NewReader(strings.Repeat("x", 3*peekSize))}
	l.extend(0, 10)
	n, err := io.Copy(io.Discard, l)
	if n != peekSize+10 || !errors.Is(err, errRecordTooLong) {
		t.Fatalf("copy = %d, %v, want %d, errRecordTooLong", n, err, peekSize+10)
	}
	l.extend(peekSize+10, 10)
	if _, err := l.Read(make([]byte, 1)); !errors.Is(err, errRecordTooLong) {
		t.Errorf("Read after the limit = %v, want it sticky", err)
	}
}
