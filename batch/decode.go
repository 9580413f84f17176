package batch

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// peekSize is how much decoded text OpenReader examines before parsing
// (for NUL bytes and the header line); it is also the read-ahead buffer
// of the CSV parser.
const peekSize = 64 << 10

// maxRecordSize is the longest row, in bytes, the reader accepts. No
// spreadsheet export comes near it; a longer row is a quote never
// closed or a file that is not a spreadsheet at all.
const maxRecordSize = 1 << 20

// errRecordTooLong is returned by a recordLimiter that has passed its
// allowance without the parser finishing a record.
var errRecordTooLong = errors.New("batch: record too long")

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decode returns the text of r as UTF-8 without its byte order mark.
// UTF-16 needs its mark; anything else passes through as is, so that
// invalid UTF-8 is found later and reported with its row.
//
// TODO: Excel's plain "CSV" on Windows writes the ANSI code page
// (Windows-1252 in Western Europe), not UTF-8; such a file's rows with
// "ü" or "é" come out invalid and the clerk must save as "CSV UTF-8".
// Guessing the code page would risk silently wrong names.
// TODO: UTF-16 without a byte order mark is reported as binary (it is
// full of NUL bytes) rather than decoded; Excel always writes the mark.
func decode(r io.Reader) (io.Reader, error) {
	raw := bufio.NewReaderSize(r, 4096)
	head, err := raw.Peek(len(bomUTF8))
	if err != nil && err != io.EOF {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		_, err = raw.Discard(len(bomUTF8))
		return raw, err
	case bytes.HasPrefix(head, bomUTF16LE):
		return utf16(raw, unicode.LittleEndian), nil
	case bytes.HasPrefix(head, bomUTF16BE):
		return utf16(raw, unicode.BigEndian), nil
	}
	return raw, nil
}

// utf16 decodes UTF-16 as it streams; the decoder drops the mark and
// turns unpaired surrogates into U+FFFD.
func utf16(r io.Reader, order unicode.Endianness) io.Reader {
	enc := unicode.UTF16(order, unicode.ExpectBOM)
	return transform.NewReader(r, enc.NewDecoder())
}

// nulLine returns the line number of the first NUL byte in head, or 0.
// Text files never hold one; spreadsheets, archives and UTF-16 without
// a byte order mark do.
func nulLine(head []byte) int {
	i := bytes.IndexByte(head, 0)
	if i < 0 {
		return 0
	}
	return 1 + bytes.Count(head[:i], []byte{'\n'})
}

// recordLimiter feeds the CSV parser and refuses to feed it more than
// a fixed allowance past the end of the last record read. The parser
// keeps a whole record in memory, so this bounds what a single huge line
// or an unclosed quote can make it buffer. It is sticky: once over, every
// Read fails.
//
// TODO: blank lines the parser skips count towards the allowance of the
// record after them, so 1 MiB of consecutive blank lines is reported as
// a row that is too long.
type recordLimiter struct {
	r     io.Reader
	read  int64 // bytes handed to the parser so far
	allow int64 // read never passes this
	err   error
}

// extend allows limit bytes past offset, the end of the last record,
// plus the parser's read-ahead buffer.
func (l *recordLimiter) extend(offset, limit int64) {
	l.allow = offset + limit + peekSize
}

func (l *recordLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	left := l.allow - l.read
	if left <= 0 {
		l.err = errRecordTooLong
		return 0, l.err
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}
