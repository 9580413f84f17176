package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/time/rate"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar"
	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

const defaultBaseURL = "https://openapi.partner.yeastar.com"

// apiFlags are the flags every command that talks to the API takes.
type apiFlags struct {
	baseURL   string
	sandbox   bool
	state     string
	logFormat string
	verbose   bool
	rate      float64
}

func (f *apiFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.baseURL, "base-url", envOr("YEASTAR_BASE_URL", defaultBaseURL),
		"API root; plain http only for loopback hosts")
	fs.BoolVar(&f.sandbox, "sandbox", false,
		"start the simulated Partner Portal in-process and use it, with demo credentials and its own ledger")
	fs.StringVar(&f.state, "state", defaultStateDir(), "directory of the ledger")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format on stderr: text or json")
	fs.BoolVar(&f.verbose, "v", false, "debug logs: one line per API call with its requestId")
	fs.Float64Var(&f.rate, "rate", 5, "API requests per second at most (burst 1); 0 means no limit")
}

// check validates the flag values that flag parsing cannot.
func (f *apiFlags) check() error {
	if f.logFormat != "text" && f.logFormat != "json" {
		return usageError("--log-format must be text or json, not %q", f.logFormat)
	}
	if f.rate < 0 {
		return usageError("--rate must be 0 (no limit) or more, not %v", f.rate)
	}
	if !f.sandbox {
		return checkBaseURL(f.baseURL)
	}
	return nil
}

// checkBaseURL applies the client's own rule (https, or http to a
// loopback host) before any credential is read, so that a mistyped URL
// is a usage error rather than a late failure. The placeholder
// credentials only get past New's other checks; nothing is sent.
func checkBaseURL(raw string) error {
	_, err := yeastar.New(yeastar.Config{BaseURL: raw,
		ClientID: "check", ClientSecret: "check"})
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "yeastar: ")
		return usageError("--base-url (or YEASTAR_BASE_URL): %s", msg)
	}
	return nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// defaultStateDir is $YEASTAR_BULK_STATE, else the XDG state directory.
func defaultStateDir() string {
	if v := os.Getenv("YEASTAR_BULK_STATE"); v != "" {
		return v
	}
	base := os.Getenv("XDG_STATE_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return filepath.Join(os.TempDir(), "yeastar-bulk-state")
		}
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, "yeastar-bulk")
}

// ledgerName keeps sandbox orders in a ledger of their own, so that a
// trial never mixes with real orders.
func (f *apiFlags) ledgerName() string {
	if f.sandbox {
		return "sandbox-ledger.db"
	}
	return "ledger.db"
}

func (f *apiFlags) logger(errOut io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if f.verbose {
		opts.Level = slog.LevelDebug
	}
	if f.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(errOut, opts))
	}
	return slog.New(slog.NewTextHandler(errOut, opts))
}

// session is a connected API client and what must be closed after it.
type session struct {
	client *yeastar.Client
	closer func()
}

// connect builds the API client: against an in-process sandbox with demo
// credentials, or against base-url with credentials from the environment.
func (f *apiFlags) connect(log *slog.Logger, errOut io.Writer) (*session, error) {
	cfg := yeastar.Config{
		BaseURL:   f.baseURL,
		UserAgent: "yeastar-bulk/" + version,
		Logger:    log,
	}
	if f.rate > 0 {
		cfg.Limiter = rate.NewLimiter(rate.Limit(f.rate), 1)
	}
	s := &session{closer: func() {}}
	if f.sandbox {
		srv := sandbox.New(sandbox.Options{})
		url, stop, err := srv.Start("127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("start sandbox: %w", err)
		}
		cfg.BaseURL = url
		cfg.ClientID, cfg.ClientSecret = sandbox.DemoClientID, sandbox.DemoClientSecret
		s.closer = func() { stop(context.Background()) }
	} else {
		id, secret, err := credentials(log)
		if err != nil {
			return nil, err
		}
		cfg.ClientID, cfg.ClientSecret = id, secret
	}
	client, err := yeastar.New(cfg)
	if err != nil {
		s.closer()
		return nil, &exitError{code: exitUsage, err: err}
	}
	s.client = client
	return s, nil
}

// credentials reads the client ID and secret from the environment only:
// flags would show them in ps.
func credentials(log *slog.Logger) (string, string, error) {
	id := strings.TrimSpace(os.Getenv("YEASTAR_CLIENT_ID"))
	secret := os.Getenv("YEASTAR_CLIENT_SECRET")
	file := os.Getenv("YEASTAR_CLIENT_SECRET_FILE")
	if secret == "" && file != "" {
		var err error
		if secret, err = readSecretFile(file, log); err != nil {
			return "", "", err
		}
	}
	var missing []string
	if id == "" {
		missing = append(missing, "YEASTAR_CLIENT_ID")
	}
	if strings.TrimSpace(secret) == "" {
		missing = append(missing, "YEASTAR_CLIENT_SECRET (or YEASTAR_CLIENT_SECRET_FILE)")
	}
	if len(missing) > 0 {
		return "", "", fmt.Errorf("missing credentials: set %s in the "+
			"environment, or use --sandbox to try the tool with demo data",
			strings.Join(missing, " and "))
	}
	return id, strings.TrimSpace(secret), nil
}

// readSecretFile reads the secret, warning when others may read it.
func readSecretFile(path string, log *slog.Logger) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("read YEASTAR_CLIENT_SECRET_FILE: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		log.Warn("the client secret file can be read by other users; "+
			"run chmod 600 on it", "file", path,
			"mode", fmt.Sprintf("%04o", info.Mode().Perm()))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read YEASTAR_CLIENT_SECRET_FILE: %w", err)
	}
	return string(data), nil
}
