package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/batch"
	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
)

// doctorTimeout bounds the whole check, retries included, so that an
// unreachable host ends the check instead of hanging it.
const doctorTimeout = 2 * time.Minute

// cmdDoctor checks, reading only, that the account and this machine are
// what a run needs and what the tool assumes of the API, so that the
// first night is not the first contact.
func cmdDoctor(ctx context.Context, args []string, out, errOut io.Writer) error {
	var f apiFlags
	var product int64
	var service string
	fs := newFlagSet("doctor", errOut, "[flags]")
	f.register(fs)
	fs.Int64Var(&product, "product", 19, "product whose services to check")
	fs.StringVar(&service, "service", "Custom Domain Name",
		"the service run uses for rows without one")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usageError("doctor takes no arguments")
	}
	if err := f.check(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, doctorTimeout)
	defer cancel()

	c := &checklist{w: out}
	d := &doctor{c: c, flags: &f, product: product, service: service,
		closer: func() {}}
	d.local()
	d.remote(ctx, errOut)
	defer d.closer()
	return c.verdict()
}

// checklist prints one line per check: ✓ fine, ! fine with a limit the
// operator should know, ? cannot tell yet, ✗ broken.
type checklist struct {
	w      io.Writer
	failed int
}

func (c *checklist) ok(format string, a ...any)   { c.line("✓", format, a...) }
func (c *checklist) warn(format string, a ...any) { c.line("!", format, a...) }
func (c *checklist) open(format string, a ...any) { c.line("?", format, a...) }

func (c *checklist) fail(format string, a ...any) {
	c.failed++
	c.line("✗", format, a...)
}

func (c *checklist) line(mark, format string, a ...any) {
	fmt.Fprintf(c.w, "%s %s\n", mark, fmt.Sprintf(format, a...))
}

// verdict ends the list: exit 0 when nothing failed, else 1.
func (c *checklist) verdict() error {
	if c.failed == 0 {
		fmt.Fprintln(c.w, "all checks passed")
		return nil
	}
	fmt.Fprintf(c.w, "%d check(s) failed\n", c.failed)
	return &exitError{code: exitFatal}
}

// doctor holds what the checks need.
type doctor struct {
	c       *checklist
	flags   *apiFlags
	product int64
	service string
	client  *yeastar.Client
	closer  func() // stops an in-process sandbox
}

// local checks this machine: the state directory and the ledger.
func (d *doctor) local() {
	dir := d.flags.state
	path := filepath.Join(dir, d.flags.ledgerName())
	if !d.stateDir(dir) {
		return
	}
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		d.c.ok("ledger %s does not exist yet; the first run creates it", path)
		return
	}
	if err != nil {
		d.c.fail("ledger %s: %v", path, err)
		return
	}
	if info.Mode().Perm()&0o077 != 0 {
		d.c.warn("ledger %s can be read by other users (mode %04o); "+
			"run chmod 600 on it", path, info.Mode().Perm())
	}
	if d.ledgerLock(path) {
		// Counted while a run holds it, unknown would include the
		// orders in flight.
		d.ledgerReads(dir)
	}
}

// stateDir checks that the state directory can be written, or created.
func (d *doctor) stateDir(dir string) bool {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		parent := existingParent(dir)
		if syscall.Access(parent, accessWrite) != nil {
			d.c.fail("state directory %s does not exist and %s is not "+
				"writable; create it or pass --state", dir, parent)
			return false
		}
		d.c.ok("state directory %s does not exist yet; the first run "+
			"creates it", dir)
		return false
	}
	if err != nil || !info.IsDir() {
		d.c.fail("state directory %s is not a directory", dir)
		return false
	}
	if syscall.Access(dir, accessWrite) != nil {
		d.c.fail("state directory %s is not writable by this user", dir)
		return false
	}
	d.c.ok("state directory %s is writable", dir)
	return true
}

// accessWrite is W_OK of access(2).
const accessWrite = 0x2

func existingParent(dir string) string {
	for {
		parent := filepath.Dir(dir)
		if _, err := os.Stat(parent); err == nil || parent == dir {
			return parent
		}
		dir = parent
	}
}

// ledgerLock reports whether the ledger is free, saying so. It takes a
// shared lock for an instant and changes nothing; a run starting in
// that instant would be told the ledger is busy.
func (d *doctor) ledgerLock(path string) bool {
	owner, held, err := batch.LockHolder(path)
	switch {
	case err != nil:
		d.c.fail("ledger lock %s.lock: %v", path, err)
		return false
	case held:
		d.c.fail("ledger %s is locked by a run (%s); wait for it to "+
			"finish", path, owner)
		return false
	}
	d.c.ok("ledger %s is not locked", path)
	return true
}

// ledgerReads opens the ledger read-only and counts its unknown rows.
func (d *doctor) ledgerReads(dir string) {
	l, err := batch.OpenLedgerReadOnly(dir, d.flags.ledgerName())
	if err != nil {
		d.c.fail("ledger: %v", err)
		return
	}
	defer l.Close()
	unknown, err := l.Unknown()
	if err != nil {
		d.c.fail("ledger %s cannot be read: %v", l.Path, err)
		return
	}
	if len(unknown) > 0 {
		d.c.warn("ledger holds %d unknown row(s); the next run "+
			"reconciles them first", len(unknown))
		return
	}
	d.c.ok("ledger reads; no unknown rows")
}

// remote checks the account, each step only when the one before works.
func (d *doctor) remote(ctx context.Context, errOut io.Writer) {
	if !d.connect(errOut) {
		return
	}
	if !d.authenticate(ctx) {
		return
	}
	d.partners(ctx)
	d.billingContacts(ctx)
	d.products(ctx)
	d.services(ctx)
	d.orderList(ctx)
}

func (d *doctor) connect(errOut io.Writer) bool {
	sess, err := d.flags.connect(d.flags.logger(errOut), errOut)
	if err != nil {
		d.c.fail("credentials: %v", err)
		return false
	}
	d.client, d.closer = sess.client, sess.closer
	if !d.flags.sandbox {
		d.c.ok("credentials found in the environment (%s)", credentialSource())
	}
	return true
}

// credentialSource names the variables the secret came from.
func credentialSource() string {
	if os.Getenv("YEASTAR_CLIENT_SECRET") != "" {
		return "YEASTAR_CLIENT_ID, YEASTAR_CLIENT_SECRET"
	}
	return "YEASTAR_CLIENT_ID, YEASTAR_CLIENT_SECRET_FILE"
}

// authenticate checks the base URL and the credentials with one token
// request: a reply of any kind proves the host and its TLS certificate.
func (d *doctor) authenticate(ctx context.Context) bool {
	base := d.flags.baseURL
	if d.flags.sandbox {
		base = "the in-process sandbox"
	}
	err := d.client.Authenticate(ctx)
	var apiErr *yeastar.APIError
	if err != nil && !errors.As(err, &apiErr) {
		d.c.fail("base URL %s cannot be reached: %v", base, err)
		return false
	}
	switch {
	case d.flags.sandbox:
		d.c.ok("base URL: %s answers", base)
	case strings.HasPrefix(base, "https://"):
		d.c.ok("base URL %s answers over TLS, certificate verified", base)
	default:
		d.c.ok("base URL %s answers (plain http, loopback only)", base)
	}
	if err != nil {
		d.c.fail("credentials refused: %v", err)
		return false
	}
	d.c.ok("credentials accepted: a token was issued")
	return true
}

func (d *doctor) partners(ctx context.Context) {
	list, err := d.client.Partners(ctx)
	if err != nil {
		d.c.fail("partner list: %v", err)
		return
	}
	d.c.ok("partner list decodes: %d customer(s)", len(list))
}

func (d *doctor) billingContacts(ctx context.Context) {
	list, err := d.client.BillingContacts(ctx)
	switch {
	case err != nil:
		d.c.fail("billing contact list: %v", err)
	case len(list) == 0:
		d.c.fail("billing contact list is empty: every order needs one")
	default:
		d.c.ok("billing contact list decodes: %d contact(s)", len(list))
	}
}

func (d *doctor) products(ctx context.Context) {
	list, err := d.client.Products(ctx)
	if err != nil {
		d.c.fail("product list: %v", err)
		return
	}
	want := strconv.FormatInt(d.product, 10)
	for _, p := range list {
		if string(p.ID) == want {
			d.c.ok("product list decodes: %d product(s), including %s %s",
				len(list), want, p.Name)
			return
		}
	}
	d.c.fail("product list decodes (%d products) but has no product %s",
		len(list), want)
}

func (d *doctor) services(ctx context.Context) {
	list, err := d.client.Services(ctx, d.product)
	if err != nil {
		d.c.fail("services of product %d: %v", d.product, err)
		return
	}
	if len(list) == 0 {
		d.c.fail("services of product %d: none found in the reply; "+
			"the assumed shape (objects with serviceId) does not match",
			d.product)
		return
	}
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.Name
	}
	d.c.ok("services of product %d decode: %s", d.product,
		strings.Join(names, ", "))
	cat := batch.NewCatalog(d.product, nil, nil, list)
	id, err := cat.Service(d.service)
	if err != nil {
		d.c.fail("default service %q: %v", d.service, err)
		return
	}
	d.c.ok("default service %q found: service ID %s", d.service, id)
}

// orderList tells whether the order list carries poNumber, which
// decides whether an unknown row can be settled automatically.
func (d *doctor) orderList(ctx context.Context) {
	page, err := d.client.ListOrders(ctx, 1, 0)
	if err != nil {
		d.c.fail("order list: %v", err)
		return
	}
	if len(page.Orders) == 0 {
		d.c.open("order list decodes but holds no orders yet, so " +
			"whether it carries poNumber cannot tell; run doctor " +
			"again after the first order")
		return
	}
	for _, o := range page.Orders {
		if o.HasPONumber {
			d.c.ok("order list carries poNumber: unknown rows are " +
				"reconciled automatically")
			return
		}
	}
	d.c.warn("order list decodes (%d orders) but carries no poNumber: "+
		"a row left unknown (a timeout, a dropped connection) cannot be "+
		"checked automatically and stays unknown until a person looks "+
		"in the portal and runs settle (see README, \"unknown\")",
		len(page.Orders))
}
