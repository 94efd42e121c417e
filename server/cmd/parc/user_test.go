package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"parc/server/accounts"
	"parc/server/demo"
	"parc/server/store"
	"parc/server/store/storetest"
)

// runLive runs parc in process like runCLI, with a live context, for the
// commands that use the database.
func runLive(t *testing.T, vars map[string]string, args ...string) cliResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := environment{stdout: &stdout, stderr: &stderr, getenv: func(name string) string { return vars[name] }}
	code := run(context.Background(), env, args)
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: dir}, storetest.Logger())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	if _, err := demo.Load(ctx, st, "BE", storetest.Logger()); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	st.Close()
	data := map[string]string{"PARC_DATA": dir}

	add := runLive(t, data, "user", "add", "--email", "Marie.Curie@Mairie.example", "--name", "Marie Curie",
		"--role", "correspondent", "--commune", "chabons", "--commune", "Le Grand-Lemps")
	if add.code != 0 || !strings.Contains(add.stdout, "one-time password: ") {
		t.Fatalf("user add: exit %d, stdout %q, stderr %q", add.code, add.stdout, add.stderr)
	}
	password := strings.TrimSpace(add.stdout[strings.Index(add.stdout, "one-time password: ")+len("one-time password: "):])

	st, err = store.Open(ctx, store.Options{DataDir: dir}, storetest.Logger())
	if err != nil {
		t.Fatalf("reopen store: %v", err)
	}
	u, err := accounts.UserByEmail(ctx, st.Reader, "marie.curie@mairie.example")
	st.Close()
	if err != nil {
		t.Fatalf("created user not found: %v", err)
	}
	if u.Role != accounts.RoleCorrespondent || len(u.CommuneIDs) != 2 {
		t.Errorf("created user: role %s, %d communes; want correspondent of 2", u.Role, len(u.CommuneIDs))
	}
	if err := accounts.CheckPassword(u.PasswordHash, password); err != nil {
		t.Errorf("printed one-time password %q does not match the stored hash: %v", password, err)
	}

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"duplicate address", []string{"user", "add", "--email", "marie.curie@mairie.example", "--name", "X", "--role", "committee"}, 1, "already belongs"},
		{"unknown commune", []string{"user", "add", "--email", "a@b.example", "--name", "A", "--role", "correspondent", "--commune", "Grenoble"}, 1, `no commune is named "Grenoble"`},
		{"correspondent without commune", []string{"user", "add", "--email", "b@b.example", "--name", "B", "--role", "correspondent"}, 1, "commune_ids"},
		{"unknown role", []string{"user", "add", "--email", "c@b.example", "--name", "C", "--role", "admin"}, 1, "role"},
		{"list", []string{"user", "list"}, 0, "marie.curie@mairie.example"},
		{"disable", []string{"user", "disable", "--email", "marie.curie@mairie.example"}, 0, "disabled marie.curie@mairie.example"},
		{"list shows disabled", []string{"user", "list"}, 0, "disabled"},
		{"reset password", []string{"user", "reset-password", "--email", "comite@demo.invalid"}, 0, "new one-time password of comite@demo.invalid: "},
		{"unknown user", []string{"user", "disable", "--email", "ghost@demo.invalid"}, 1, "no user has e-mail address"},
		{"unknown subcommand", []string{"user", "promote"}, 2, "unknown subcommand"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runLive(t, data, c.args...)
			if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.want) {
				t.Errorf("parc %s: exit %d, output %q %q; want exit %d containing %q",
					strings.Join(c.args, " "), r.code, r.stdout, r.stderr, c.code, c.want)
			}
		})
	}
}

func TestServeWithoutTechnicianSaysHowToCreateOne(t *testing.T) {
	p := startParc(t, "--data", t.TempDir())
	rec, err := p.log.waitForRecord("no technician can log in yet", 5*time.Second, p.exited)
	if err != nil {
		t.Fatal(err)
	}
	if msg, _ := rec["msg"].(string); !strings.Contains(msg, "parc user add --role technician") {
		t.Errorf("first-start message %q does not give the command", msg)
	}

	demoServer := startParc(t, "--demo", "--data", t.TempDir())
	time.Sleep(2 * logFlushInterval)
	if _, ok := demoServer.log.findRecord("no technician can log in yet"); ok {
		t.Error("a server with the demo technician still asks for one")
	}
}
