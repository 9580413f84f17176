package report

import "testing"

func TestDefuse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"acme", "acme"},
		{"=1+2", "'=1+2"},
		{"+49 30 1234", "'+49 30 1234"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{" =1", " =1"}, // a leading space is text already
		{"a=1", "a=1"},
		{"3192837465019283746", "3192837465019283746"},
		{"'quoted", "'quoted"},
		{"\n=1", "\n=1"},
	}
	for _, tt := range tests {
		if got := Defuse(tt.in); got != tt.want {
			t.Errorf("Defuse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Müller", "Müller"},
		{"M\xfcller", "M\uFFFDller"},
		{"a\x00b", "ab"},
		{"=\xff", "'=\uFFFD"},
		{"\x00=1", "'=1"},
	}
	for _, tt := range tests {
		if got := sanitize(tt.in); got != tt.want {
			t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
