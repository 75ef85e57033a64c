// Command vigil runs the Vigil server and its operator tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// streams are where a command reads and writes, so tests can run commands in-process.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, s streams, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the web pages, the API and the background workers", runServe},
		{"migrate", "bring the database schema up to date", runMigrate},
		{"backup", "write an online copy of the SQLite database to FILE", runBackup},
		{"user", "manage people: vigil user add|password|import", runUser},
		{"token", "create API tokens: vigil token create --org CODE --name NAME", runToken},
		{"impact", "what a cyber event does to clinical services", runImpact},
		{"vuln", "vulnerabilities ranked by clinical risk: vigil vuln match --sbom FILE --advisories PATH", runVuln},
		{"import", "read a file into the database: vigil import caremap FILE --org CODE", runImport},
		{"export", "write stored data out: vigil export caremap --org CODE", runExport},
		{"report", "speak-up reports: vigil report analyse FILE.eml", runReport},
		{"bench", "put load on a running Vigil: vigil bench intake|training|alerts --url URL …", runBench},
		{"version", "print the version", runVersion},
		{"training", "who has done their training: vigil training coverage --org CODE; a lesson for a learning system: vigil training scorm LESSON-ID -o FILE", runTraining},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], streams{os.Stdin, os.Stdout, os.Stderr})
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns its error into one line and an exit code.
func run(ctx context.Context, args []string, s streams) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(s.err)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, s, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			fmt.Fprintf(s.err, "vigil %s: %s\n", c.name, oneLine(err))
			return 2
		default:
			fmt.Fprintf(s.err, "vigil %s: %s\n", c.name, oneLine(err))
			return 1
		}
	}
	fmt.Fprintf(s.err, "vigil: unknown command %q\n", args[0])
	usage(s.err)
	return 2
}

// oneLine folds a multi-line error (drivers write some) onto one line, so
// scripts and log scrapers see one error per failure.
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}

// errUsage marks an error in how a command was called (exit code 2).
var errUsage = errors.New("usage")

func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: vigil COMMAND [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'vigil COMMAND -h' for a command's flags.")
}

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(name string, s streams) *flag.FlagSet {
	fs := flag.NewFlagSet("vigil "+name, flag.ContinueOnError)
	fs.SetOutput(s.err)
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageErrorf("%v", err)
	}
	return nil
}

// listFlag is a flag that may be given more than once, or once with
// comma-separated values.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}
