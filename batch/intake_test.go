package batch

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// update rewrites golden files in testdata instead of comparing.
var update = flag.Bool("update", false, "rewrite golden files in testdata")

// dump reads all of in and describes what the reader made of it, one
// line per fact, for golden files and message checks.
func dump(in io.Reader, name string) string {
	var b strings.Builder
	rd, err := OpenReader(in, name)
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
		return b.String()
	}
	fmt.Fprintf(&b, "separator: %q\n", rd.Separator())
	fmt.Fprintf(&b, "header: %q\n", rd.Header())
	fmt.Fprintf(&b, "has:")
	for f := FieldPartner; f < numFields; f++ {
		if rd.Has(f) {
			fmt.Fprintf(&b, " %s", f)
		}
	}
	fmt.Fprintf(&b, "\nunknown: %q\n", rd.UnknownColumns())
	for {
		row, err := rd.Next()
		if err == io.EOF {
			b.WriteString("end\n")
			return b.String()
		}
		if err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
			return b.String()
		}
		b.WriteString(dumpRow(row))
	}
}

func dumpRow(row Row) string {
	s := fmt.Sprintf("row %d: partner=%q quantity=%q billing=%q "+
		"reference=%q service=%q cells=%q\n", row.Number, row.Partner,
		row.Quantity, row.Billing, row.Reference, row.Service, row.Cells)
	if row.Problem != "" {
		return s + fmt.Sprintf("row %d problem: %s\n", row.Number, row.Problem)
	}
	if n, err := ParseQuantity(row.Quantity, 100); err != nil {
		s += fmt.Sprintf("row %d quantity error: %v\n", row.Number, err)
	} else {
		s += fmt.Sprintf("row %d quantity: %d\n", row.Number, n)
	}
	return s
}

func utf16LE(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8)) // test text is in the BMP
	}
	return string(b)
}

func utf16BE(s string) string {
	b := []byte{0xFE, 0xFF}
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return string(b)
}

var bigCell = strings.Repeat("x", maxRecordSize+1)

// TestReaderInputs reads one small file per case; every fragment in
// want must appear in the dump (see dump for its shape).
func TestReaderInputs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "partner,qty\nacme,2\n",
			[]string{`row 2: partner="acme" quantity="2"`, "end"}},
		{"utf-8 bom", "\xEF\xBB\xBFQuantity,Billing\n1,b@x.com\n",
			[]string{`header: ["Quantity" "Billing"]`,
				`row 2: partner="" quantity="1" billing="b@x.com"`}},
		{"utf-16 le", utf16LE("Partner\tQty\r\nMüller\t3\r\n"),
			[]string{`separator: '\t'`,
				`row 2: partner="Müller" quantity="3"`}},
		{"utf-16 be", utf16BE("Partner;Qty\nÅse;4\n"),
			[]string{`separator: ';'`, `row 2: partner="Åse" quantity="4"`}},
		{"semicolon with comma in cell", "Company;Qty;Note\nA, Inc;2;x,y\n",
			[]string{`separator: ';'`, `partner="A, Inc" quantity="2"`}},
		{"tab", "qty\tpartner\n5\tacme\n",
			[]string{`separator: '\t'`, `row 2: partner="acme" quantity="5"`}},
		{"crlf", "qty,partner\r\n5,acme\r\n6,bolt\r\n",
			[]string{`row 2: partner="acme"`, `row 3: partner="bolt"`}},
		{"blank lines count as rows", "qty\n\n1\n\r\n,,\n2\n",
			[]string{`row 3: partner="" quantity="1"`,
				`row 6: partner="" quantity="2"`}},
		{"blank lines before header", "\n\nqty\n1\n",
			[]string{`row 4: partner="" quantity="1"`}},
		{"unicode space line before header (fuzz)", "\u2028\nqty;partner\n1;a\n",
			[]string{`separator: ';'`, `row 3: partner="a" quantity="1"`}},
		{"semicolons before a comma header", ";;\nqty,partner\n1,a\n",
			[]string{`separator: ','`, `row 3: partner="a" quantity="1"`}},
		{"quoted newline is one row", "partner,qty\n\"a\nb\",1\nc,2\n",
			[]string{`row 2: partner="a\nb" quantity="1"`,
				`row 3: partner="c" quantity="2"`}},
		{"doubled quotes", "partner,qty\n\"say \"\"hi\"\"\",1\n",
			[]string{`partner="say \"hi\""`}},
		{"trailing empty columns", "partner,qty,,\na,1,,\nb,2\n",
			[]string{`header: ["partner" "qty"]`,
				`row 2: partner="a" quantity="1" billing="" reference="" service="" cells=["a" "1"]`,
				`row 3: partner="b" quantity="2" billing="" reference="" service="" cells=["b" "2"]`}},
		{"values trimmed, cells not", "partner,qty\n  acme , 2 \n",
			[]string{`partner="acme" quantity="2"`, `cells=["  acme " " 2 "]`}},
		{"header spellings", "Partner_ID,QTY,Billing-Contact ID,P.O. Number,Service Name,Notes\n1,2,3,4,5,6\n",
			[]string{`has: partner quantity billing reference service`,
				`unknown: ["Notes"]`,
				`partner="1" quantity="2" billing="3" reference="4" service="5"`}},
		{"missing quantity column", "partner,billing\na,b\n",
			[]string{`error: orders.csv line 1: the header has no quantity column; found "partner", "billing"; expected a column named quantity, qty, count or domains`}},
		{"duplicate column", "qty,partner,Quantity\n1,a,2\n",
			[]string{`error: orders.csv line 1: columns A "qty" and C "Quantity" both hold the quantity`}},
		{"missing billing is allowed", "qty\n1\n",
			[]string{"has: quantity\n", `row 2:`}},
		{"empty file", "", []string{"error: orders.csv: the file is empty"}},
		{"bom only", "\xEF\xBB\xBF", []string{"error: orders.csv: the file is empty"}},
		{"only blank lines", "\n\r\n,,\n", []string{
			"error: orders.csv: the file has no header row, only blank lines"}},
		{"binary", "PK\x03\x04\x14\x00\x00\x00", []string{
			"error: orders.csv line 1: the file is not a CSV text file"}},
		{"utf-16 without bom", "q\x00t\x00y\x00\n\x00",
			[]string{"is not a CSV text file"}},
		{"header only", "partner,qty\n", []string{"unknown: []\nend\n"}},
		{"header only no newline", "qty", []string{"has: quantity\n", "end\n"}},
		{"line over 1 MiB", "qty,partner\n1,a\n2," + bigCell + "\n3,c\n",
			[]string{`row 2: partner="a"`,
				"error: orders.csv line 3: a row starting here is longer than 1 MiB"}},
		{"header over 1 MiB", "qty," + bigCell,
			[]string{"error: orders.csv line 1: a row starting here is longer than 1 MiB"}},
		{"unclosed quote runs to the end", "qty,partner\n1,\"a\n2,b\n3,c\n",
			[]string{"error: orders.csv line 2: a quoted cell starting on this line is not closed"}},
		{"invalid utf-8 in a cell", "qty,partner\n1,M\xfcller\n2,b\n",
			[]string{`row 2 problem: the cell in column B ("partner") is not UTF-8 text`,
				`row 3: partner="b"`}},
		{"invalid utf-8 in the header", "qty,K\xfcnde\n1,a\n",
			[]string{"error: orders.csv line 1: the header row is not UTF-8 text"}},
		{"bare quote in a cell", "qty,partner\n1,a\"b\n2,c\n",
			[]string{`row 2 problem: a cell holds a quote (") but does not start with one (line 2, character 4)`,
				`row 3: partner="c"`}},
		{"text after closing quote", "qty,partner\n1,\"a\"b\n2,c\n",
			[]string{`row 2 problem: a quoted cell has text after its closing quote`,
				`row 3: partner="c"`}},
		{"broken quote in header", "qty,\"part\"ner\n1,a\n",
			[]string{"error: orders.csv line 1: the header row cannot be read: a quoted cell has text"}},
		{"too many cells", "partner,qty\nAcme, Inc,2\nb,3\n",
			[]string{`row 2 problem: the row has 3 cells but the header only 2 (the first extra cell is "2"); a value probably holds a comma`,
				`row 3: partner="b"`}},
		{"old mac line endings", "partner,qty\r1,2\r",
			[]string{"error: orders.csv line 1: lines end in a carriage return alone"}},
		{"nul in the first 64 KiB", "qty,partner\n1,a\x00b\n",
			[]string{"error: orders.csv line 2: the file is not a CSV text file"}},
		{"nul further down", "qty,partner\n" +
			strings.Repeat("1,a\n", peekSize/4) + "1,b\x00\n1,c\n",
			[]string{`problem: the cell in column B ("partner") holds a NUL`,
				`row 16387: partner="c"`}},
		{"unnamed column kept", "qty,,partner\n1,x,a\n",
			[]string{`cells=["1" "x" "a"]`, `unknown: []`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dump(strings.NewReader(tt.in), "orders.csv")
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("dump(%.40q) =\n%s\nwant it to contain\n%s",
						tt.in, got, want)
				}
			}
		})
	}
}

// TestReaderGolden dumps every testdata/intake/*.csv and compares it
// with the .golden file beside it; -update rewrites them.
func TestReaderGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/intake/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got := dump(f, filepath.Base(file))
			golden := strings.TrimSuffix(file, ".csv") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// TestNextAfterEnd checks that the end and fatal errors repeat.
func TestNextAfterEnd(t *testing.T) {
	rd, err := OpenReader(strings.NewReader("qty\n1\n"), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Next(); err != nil {
		t.Fatalf("Next() = %v, want a row", err)
	}
	for range 2 {
		if _, err := rd.Next(); err != io.EOF {
			t.Fatalf("Next() = %v, want io.EOF", err)
		}
	}

	in := "qty,p\n1,\"a\n2,b\n"
	rd, err = OpenReader(strings.NewReader(in), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err1 := rd.Next()
	_, err2 := rd.Next()
	var ie *InputError
	if !errors.As(err1, &ie) || err1 != err2 {
		t.Fatalf("Next() = %v then %v, want the same *InputError", err1, err2)
	}
}

// TestRowCellsIndependent checks that rows cut from one slab do not
// share cells.
func TestRowCellsIndependent(t *testing.T) {
	rd, err := OpenReader(strings.NewReader("qty,p\n1,a\n2,b\n"), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := rd.Next()
	r2, _ := rd.Next()
	r1.Cells = append(r1.Cells, "extra")
	r1.Cells[0] = "changed"
	if diff := cmp.Diff([]string{"2", "b"}, r2.Cells); diff != "" {
		t.Errorf("second row changed (-want +got):\n%s", diff)
	}
}

// errReader fails after its text.
type errReader struct{ text string }

func (e *errReader) Read(p []byte) (int, error) {
	if e.text == "" {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, e.text)
	e.text = e.text[n:]
	return n, nil
}

// TestReadError checks that an I/O error is not dressed as a bad file.
func TestReadError(t *testing.T) {
	_, err := OpenReader(&errReader{}, "f.csv")
	var ie *InputError
	if err == nil || errors.As(err, &ie) ||
		!strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("OpenReader(failing) = %v, want the read error", err)
	}
}

// BenchmarkReader reads a file of typical rows and reports rows per
// second and allocations per row.
func BenchmarkReader(b *testing.B) {
	const rows = 100_000
	var sb strings.Builder
	sb.WriteString("Partner,Quantity,Billing,Reference,Service,Notes\r\n")
	for i := range rows {
		fmt.Fprintf(&sb, "customer%d@example.com,%d,billing%d@example.com,"+
			"PO-2026-%07d,Custom Domain Name,\"note, with comma\"\r\n",
			i, i%9+1, i%50, i)
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		rd, err := OpenReader(strings.NewReader(in), "bench.csv")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != rows {
			b.Fatalf("read %d rows, want %d", n, rows)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(rows/perOp, "rows/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/rows/float64(b.N),
		"allocs/row")
}
