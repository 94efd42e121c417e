// Command parc runs Parc's server and its administration commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand of parc.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env environment, args []string) error
}

// environment holds the streams and variables a command uses besides its
// arguments.
type environment struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

var commands = []command{
	{name: "serve", summary: "run the HTTP server and the web app", run: serve},
	{name: "labels", summary: "reserve asset tags and render their labels as PDF or ZPL", run: labelsCommand},
	{name: "decode", summary: "print the barcode text found in image files", run: decodeCommand},
	{name: "user", summary: "add, list, disable users or reset a password", run: user},
	{name: "config", summary: "print the effective settings, secrets masked", run: printConfig},
	{name: "backup", summary: "write a consistent backup of the database and stored files while the server runs", run: backupCommand},
	{name: "restore", summary: "recreate the data folder from a backup", run: restoreCommand},
	{name: "report", summary: "write the yearly report of the communes as a PDF or a CSV file", run: reportCommand},
	{name: "import", summary: "import an inventory spreadsheet (CSV) into the fleet", run: importCommand},
	{name: "export", summary: "write assets, work orders or time entries as CSV", run: exportCommand},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := environment{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(ctx, env, os.Args[1:]))
}

// run dispatches to a subcommand and returns the exit status: 0 on
// success, 1 when the command failed, 2 for a usage error.
func run(ctx context.Context, env environment, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}

	for _, cmd := range commands {
		if cmd.name != args[0] {
			continue
		}
		err := cmd.run(ctx, env, args[1:])
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(env.stderr, "parc %s: %v\n", cmd.name, err)
			return 1
		}
	}

	fmt.Fprintf(env.stderr, "parc: unknown command %q; run 'parc help' for the list\n", args[0])
	return 2
}

// errUsage is returned by a command whose arguments are wrong, after it
// printed what is wrong.
var errUsage = errors.New("usage error")

func usage(w io.Writer) {
	fmt.Fprintln(w, "Parc: IT assets and field service for the schools and town halls of a group of communes.")
	fmt.Fprintln(w, "\nUsage: parc COMMAND [flags]\n\nCommands:")
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(w, "\nRun 'parc COMMAND --help' for the flags of a command. Every flag can also be set")
	fmt.Fprintln(w, "through the PARC_* environment variable named in its help.")
}
