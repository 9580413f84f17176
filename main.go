// Command yeastar-bulk turns a finance spreadsheet into purchase orders on
// the Yeastar Partner Portal API, one order per row, exactly once.
//
// See README.md for the commands and ../shared/PRODUCT.md for the
// contract. This file only wires signals and exit codes; the commands
// live in cmd_*.go.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes of PRODUCT.md.
const (
	exitOK          = 0
	exitFatal       = 1
	exitUsage       = 2
	exitRowsFailed  = 3
	exitInterrupted = 130
)

func main() {
	ctx, stop := signalContext()
	defer stop()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// signalContext is cancelled by the first SIGINT or SIGTERM, which asks
// the run to take no new rows and finish what is in flight. A second
// signal exits at once; the ledger stays sound because every write is
// an SQLite transaction.
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		if _, ok := <-signals; !ok {
			return
		}
		fmt.Fprintln(os.Stderr, "yeastar-bulk: stopping: letting the work "+
			"in flight finish (signal again to quit at once)")
		cancel()
		if _, ok := <-signals; ok {
			fmt.Fprintln(os.Stderr, "yeastar-bulk: quitting at once")
			os.Exit(exitInterrupted)
		}
	}()
	return ctx, func() {
		signal.Stop(signals)
		cancel()
	}
}

// exitError carries the exit code a command chose.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	code := exitCodeOf(err)
	var ee *exitError
	switch {
	case errors.As(err, &ee) && ee.err == nil:
		// the command has said all there is to say
	case err != nil:
		fmt.Fprintln(stderr, "yeastar-bulk:", err)
	}
	if code == exitUsage {
		fmt.Fprintln(stderr, "run 'yeastar-bulk help' for usage")
	}
	return code
}
