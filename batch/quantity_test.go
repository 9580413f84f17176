package batch

import (
	"strings"
	"testing"
)

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want int
		msg  string // fragment of the error; "" means no error
	}{
		{"2", 100, 2, ""},
		{" 3 ", 100, 3, ""},
		{"2.00", 100, 2, ""},
		{"2,0", 100, 2, ""},
		{"2.", 100, 2, ""},
		{"007", 100, 7, ""},
		{"100", 100, 100, ""},
		{"\u00a05\u00a0", 100, 5, ""},
		{"5000", 0, 5000, ""},
		{"2.5", 100, 0, `quantity "2.5" is not a whole number`},
		{"0", 100, 0, `quantity "0" must be at least 1`},
		{"0.00", 100, 0, `must be at least 1`},
		{"-1", 100, 0, `quantity "-1" must be at least 1`},
		{"two", 100, 0, `quantity "two" is not a number`},
		{"", 100, 0, "quantity is empty"},
		{"   ", 100, 0, "quantity is empty"},
		{"1e3", 100, 0, `quantity "1e3" is in scientific notation`},
		{"3.19722E+18", 100, 0, "scientific notation"},
		{"1,000", 100, 0, `quantity "1,000" is ambiguous: it may mean 1 or 1000`},
		{"1.000", 100, 0, "ambiguous"},
		{"1,000,000", 0, 0, "has digit grouping"},
		{"1.000,00", 0, 0, "has digit grouping"},
		{"101", 100, 0, "quantity 101 is more than 100"},
		{"99999999999999999999", 0, 0, "far too large"},
		{"+2", 100, 0, "is not a number"},
		{".", 100, 0, "is not a number"},
		{".5", 100, 0, "is not a number"},
		{"-", 100, 0, "is not a number"},
		{"２", 100, 0, "is not a number"},
		{"1 000", 100, 0, "is not a number"},
	}
	for _, tt := range tests {
		got, err := ParseQuantity(tt.in, tt.max)
		switch {
		case tt.msg == "" && (err != nil || got != tt.want):
			t.Errorf("ParseQuantity(%q, %d) = %d, %v, want %d",
				tt.in, tt.max, got, err, tt.want)
		case tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg)):
			t.Errorf("ParseQuantity(%q, %d) = %d, %v, want error with %q",
				tt.in, tt.max, got, err, tt.msg)
		}
	}
}
