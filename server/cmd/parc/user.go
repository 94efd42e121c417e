package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/config"
	"parc/server/i18n"
	"parc/server/store"
)

// dbOptions are the settings of the commands that only open the database.
var dbOptions = []string{"data", "database-url", "log-level", "log-format"}

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// user runs "parc user add|list|disable|reset-password".
func user(ctx context.Context, env environment, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(env.stdout, "Manage users.\n\nUsage: parc user add|list|disable|reset-password [flags]\n\nRun 'parc user SUBCOMMAND --help' for its flags.")
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, env, args[1:])
	case "list":
		return userList(ctx, env, args[1:])
	case "disable":
		return userDisable(ctx, env, args[1:])
	case "reset-password":
		return userResetPassword(ctx, env, args[1:])
	}
	fmt.Fprintf(env.stderr, "parc user: unknown subcommand %q; use add, list, disable or reset-password\n", args[0])
	return errUsage
}

func userAdd(ctx context.Context, env environment, args []string) error {
	var email, name, role, language string
	var communes stringList
	var passwordStdin bool
	cfg, _, err := parseCommandFlags(env, "user add", "Create a user and print a one-time password, or read a password from stdin.", dbOptions, args,
		func(fs *flag.FlagSet) {
			fs.StringVar(&email, "email", "", "e-mail address the user logs in with (required)")
			fs.StringVar(&name, "name", "", "full name (required)")
			fs.StringVar(&role, "role", "", "technician, correspondent or committee (required)")
			fs.StringVar(&language, "language", "fr", "language of the user's screens and messages: fr or en")
			fs.Var(&communes, "commune", "name of a commune the correspondent is responsible for; repeat for several")
			fs.BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of standard input instead of generating one")
		})
	if err != nil {
		return err
	}

	password := ""
	if passwordStdin {
		if password, err = readPassword(os.Stdin); err != nil {
			return err
		}
	}

	return withStore(ctx, env, cfg, func(st *store.Store) error {
		ids, err := communeIDs(ctx, st, communes)
		if err != nil {
			return err
		}
		u, generated, err := accounts.CreateUser(ctx, st.DB, nil, accounts.NewUser{
			Email: email, Name: name, Role: role, Language: language, CommuneIDs: ids, Password: password,
		})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.stdout, "created %s %s (%s)\n", u.Role, u.Email, u.ID)
		if !passwordStdin {
			fmt.Fprintf(env.stdout, "one-time password: %s\n", generated)
		}
		return nil
	})
}

func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if len(password) < 8 {
		return "", errors.New("the password read from stdin is shorter than 8 characters; give a longer one")
	}
	return password, nil
}

func userList(ctx context.Context, env environment, args []string) error {
	cfg, _, err := parseFlags(env, "user list", "List users.", dbOptions, args)
	if err != nil {
		return err
	}
	return withStore(ctx, env, cfg, func(st *store.Store) error {
		users, err := accounts.Users(ctx, st.Reader)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "EMAIL\tNAME\tROLE\tCOMMUNES\tSTATE")
		for _, u := range users {
			state := "active"
			if u.DisabledAt != nil {
				state = "disabled"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\n", u.Email, u.Name, u.Role, len(u.CommuneIDs), state)
		}
		return w.Flush()
	})
}

func userDisable(ctx context.Context, env environment, args []string) error {
	return withUser(ctx, env, args, "user disable", "Disable a user and end their sessions.",
		func(st *store.Store, u accounts.User) error {
			disabled := true
			change := accounts.UserChange{Version: &u.Version, Disabled: &disabled}
			if _, err := accounts.ChangeUser(ctx, st.DB, nil, u.ID, change); err != nil {
				return describe(err)
			}
			fmt.Fprintf(env.stdout, "disabled %s; their sessions are ended\n", u.Email)
			return nil
		})
}

func userResetPassword(ctx context.Context, env environment, args []string) error {
	return withUser(ctx, env, args, "user reset-password", "Give a user a new one-time password and end their sessions.",
		func(st *store.Store, u accounts.User) error {
			password, err := accounts.ResetPassword(ctx, st.DB, nil, u.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "new one-time password of %s: %s\n", u.Email, password)
			return nil
		})
}

// withUser runs fn for the user named by the --email flag of a command
// that acts on one user.
func withUser(ctx context.Context, env environment, args []string, name, summary string, fn func(*store.Store, accounts.User) error) error {
	var email string
	cfg, _, err := parseCommandFlags(env, name, summary, dbOptions, args,
		func(fs *flag.FlagSet) { fs.StringVar(&email, "email", "", "e-mail address of the user (required)") })
	if err != nil {
		return err
	}
	return withStore(ctx, env, cfg, func(st *store.Store) error {
		u, err := userByEmail(ctx, st, email)
		if err != nil {
			return err
		}
		return fn(st, u)
	})
}

func userByEmail(ctx context.Context, st *store.Store, email string) (accounts.User, error) {
	if email == "" {
		return accounts.User{}, errors.New("missing --email: give the e-mail address of the user")
	}
	u, err := accounts.UserByEmail(ctx, st.Reader, email)
	if errors.Is(err, store.ErrNotFound) {
		return u, fmt.Errorf("no user has e-mail address %q; 'parc user list' shows them", email)
	}
	return u, err
}

// communeIDs resolves commune names, compared without case or accents.
func communeIDs(ctx context.Context, st *store.Store, names []string) ([]uuid.UUID, error) {
	var ids []uuid.UUID
	for _, name := range names {
		page, err := assets.Communes(ctx, st.Reader, assets.CommuneFilter{Scope: accounts.Scope{All: true}, Query: name}, assets.PageRequest{Limit: 50})
		if err != nil {
			return nil, err
		}
		var found *assets.Commune
		for i, c := range page.Items {
			if store.Fold(c.Name) == store.Fold(strings.TrimSpace(name)) {
				found = &page.Items[i]
			}
		}
		if found == nil {
			return nil, fmt.Errorf("no commune is named %q; check the spelling", name)
		}
		ids = append(ids, found.ID)
	}
	return ids, nil
}

// describe turns a client error of the accounts package into English text
// for the terminal, with the fields at fault.
func describe(err error) error {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return errors.New(ae.Describe(i18n.English))
	}
	return err
}

// withStore opens the database for a command and closes it afterwards.
func withStore(ctx context.Context, env environment, cfg config.Config, fn func(*store.Store) error) error {
	log := newLogger(cfg, env.stderr)
	st, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL}, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("failed to close database", "error", err)
		}
	}()
	start := time.Now()
	defer func() { log.Debug("command finished", "duration_ms", time.Since(start).Milliseconds()) }()
	return fn(st)
}
