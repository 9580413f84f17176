package batch

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strconv"
	"strings"
)

// Content is what a row asks for, normalised so that two spellings of
// the same request compare equal: case and spacing folded, an empty
// service or billing cell replaced by the run's default, the quantity as
// the whole number it parses to. Build it with NormalizeContent, which
// also computes its key and digest once, since every row needs them
// several times.
type Content struct {
	Partner  string
	Service  string
	Quantity string
	Billing  string
	key      string
	sum      [sha256.Size]byte
}

// NormalizeContent builds the Content of a row under the run's defaults.
func NormalizeContent(r Row, defaultService, defaultBilling string, qty int) Content {
	service := firstNonEmpty(r.Service, defaultService)
	billing := firstNonEmpty(r.Billing, defaultBilling)
	quantity := strings.TrimSpace(r.Quantity)
	if qty > 0 {
		quantity = strconv.Itoa(qty)
	}
	c := Content{
		Partner:  fold(r.Partner),
		Service:  fold(service),
		Quantity: quantity,
		Billing:  fold(billing),
	}
	c.key = strings.Join([]string{c.Partner, c.Service, c.Quantity, c.Billing}, "|")
	c.sum = sha256.Sum256([]byte(c.key))
	return c
}

// Key is the content as one string, kept in the ledger so a person can
// read what a row asked for.
func (c Content) Key() string { return c.key }

func (c Content) digest() [sha256.Size]byte { return c.sum }

// Fingerprint is a short digest of the content, used to notice a
// reference reused for a different request.
func (c Content) Fingerprint() string {
	return hex.EncodeToString(c.sum[:12])
}

// Identity names a row across runs; see "Identity" in PRODUCT.md.
type Identity struct {
	// Key is the ledger's primary key for the row.
	Key string
	// PONumber is what the order carries, so that a lost reply can be
	// found again in the account's order list.
	PONumber string
}

// identityFor returns the identity of a row: its reference when it has
// one, otherwise the batch, the content and which occurrence of that
// content this is within the file.
func identityFor(batch, reference string, c Content, occurrence int) Identity {
	if reference != "" {
		return Identity{Key: "ref:" + reference, PONumber: reference}
	}
	d := c.digest()
	key := "row:" + batch + ":" + hex.EncodeToString(d[:16]) +
		":" + strconv.Itoa(occurrence)
	return Identity{Key: key, PONumber: derivedPONumber(key)}
}

// derivedPONumber is a deterministic poNumber for a row without a
// reference: "YB-" and 24 base32 characters of the identity's digest
// (120 bits), 27 characters in all, well under the 40 we allow.
func derivedPONumber(key string) string {
	d := sha256.Sum256([]byte(key))
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	return "YB-" + enc.EncodeToString(d[:15])
}

// occurrences counts, per content, how many rows without a reference
// have carried it so far in this file. Keys are 16-byte digests so a
// sheet of a million rows costs tens of megabytes, not hundreds.
type occurrences map[[16]byte]int

func (o occurrences) next(c Content) int {
	d := c.digest()
	var k [16]byte
	copy(k[:], d[:16])
	o[k]++
	return o[k]
}
