package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

const usage = `yeastar-bulk places Yeastar Partner Portal orders from a spreadsheet.

Usage:
  yeastar-bulk run     [flags] FILE.csv   place the orders, write the results file
  yeastar-bulk plan    [flags] FILE.csv   validate and resolve; show what run would do
  yeastar-bulk lookup  [flags] partners | billing-contacts | services
  yeastar-bulk report  [flags] FILE.csv   rewrite the results file from the ledger
  yeastar-bulk settle  [flags] FILE.csv --row N (--order-no NO | --not-ordered)
  yeastar-bulk doctor  [flags]            check the account and this machine, read-only
  yeastar-bulk sandbox [flags]            serve the simulated Partner Portal
  yeastar-bulk version

Credentials come from the environment: YEASTAR_CLIENT_ID, and
YEASTAR_CLIENT_SECRET or YEASTAR_CLIENT_SECRET_FILE. Try it without an
account: yeastar-bulk run --sandbox samples/orders.csv

Run 'yeastar-bulk COMMAND -h' for a command's flags.
`

// commands maps each command name to its implementation.
var commands = map[string]func(ctx context.Context, args []string, out, errOut io.Writer) error{
	"run":     cmdRun,
	"plan":    cmdPlan,
	"lookup":  cmdLookup,
	"report":  cmdReport,
	"settle":  cmdSettle,
	"doctor":  cmdDoctor,
	"sandbox": cmdSandbox,
	"version": cmdVersion,
}

func dispatch(ctx context.Context, args []string, out, errOut io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(errOut, usage)
		return &exitError{code: exitUsage}
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		fmt.Fprint(out, usage)
		return nil
	case "--version", "-version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		return usageError("unknown command %q", name)
	}
	return cmd(ctx, args[1:], out, errOut)
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, as in "run orders.csv --workers 8", and returns
// the positionals. The standard flag package stops at the first
// positional, which surprises people who add a flag at the end.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &exitError{code: exitOK}
			}
			return nil, &exitError{code: exitUsage, err: err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// newFlagSet makes a flag set that reports errors instead of exiting.
func newFlagSet(name string, errOut io.Writer, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.Usage = func() {
		fmt.Fprintf(errOut, "Usage: yeastar-bulk %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// oneFile checks that exactly one input file was named.
func oneFile(cmd string, positional []string) (string, error) {
	switch len(positional) {
	case 1:
		return positional[0], nil
	case 0:
		return "", usageError("%s needs the input file, e.g. yeastar-bulk %s orders.csv", cmd, cmd)
	default:
		return "", usageError("%s takes one input file, got %d: %s", cmd,
			len(positional), strings.Join(positional, " "))
	}
}
