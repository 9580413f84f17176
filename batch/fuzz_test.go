package batch

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// fuzzLimit is the record limit under fuzzing, small so that short
// inputs reach the too-long path.
const fuzzLimit = 512

// FuzzReader feeds arbitrary bytes to the reader. It must never panic,
// never number a row 1 or lower or out of order, never return a row
// larger than the limit, never read far past the last record, and only
// fail with an *InputError. Seeds are in testdata/fuzz/FuzzReader.
func FuzzReader(f *testing.F) {
	f.Add([]byte("partner,qty\nacme,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := openReader(bytes.NewReader(data), "fuzz.csv", fuzzLimit)
		if err != nil {
			checkInputError(t, err)
			return
		}
		if len(rd.Header()) == 0 {
			t.Fatal("opened with an empty header")
		}
		prev := 1
		for n := 0; ; n++ {
			row, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				checkInputError(t, err)
				return
			}
			checkRow(t, rd, row, prev)
			prev = row.Number
			if n > len(data) {
				t.Fatalf("%d rows from %d bytes", n, len(data))
			}
		}
	})
}

func checkInputError(t *testing.T, err error) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) || ie.Msg == "" {
		t.Fatalf("error %v (%T), want an *InputError", err, err)
	}
}

func checkRow(t *testing.T, rd *Reader, row Row, prev int) {
	t.Helper()
	if row.Number <= prev {
		t.Fatalf("row %d after row %d", row.Number, prev)
	}
	if len(row.Cells) < len(rd.Header()) {
		t.Fatalf("row %d has %d cells, header %d",
			row.Number, len(row.Cells), len(rd.Header()))
	}
	if row.Problem == "" && len(row.Cells) > len(rd.Header()) {
		t.Fatalf("row %d: %d cells for %d columns and no problem",
			row.Number, len(row.Cells), len(rd.Header()))
	}
	size := 0
	for _, c := range row.Cells {
		size += len(c)
	}
	if size > fuzzLimit {
		t.Fatalf("row %d holds %d bytes, limit %d", row.Number, size, fuzzLimit)
	}
	ahead := rd.limiter.read - rd.csv.InputOffset()
	if ahead > fuzzLimit+peekSize {
		t.Fatalf("read %d bytes past the last record", ahead)
	}
}
