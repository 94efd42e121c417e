package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parc/server/config"
	"parc/server/store"
)

// cliResult is what one in-process run of parc returned and wrote.
type cliResult struct {
	code           int
	stdout, stderr string
}

// runCLI runs parc with args in process, reading environment variables
// from vars only. The context is already cancelled, so that a serve whose
// flags wrongly pass validation stops at once instead of serving.
func runCLI(t *testing.T, vars map[string]string, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	env := environment{stdout: &stdout, stderr: &stderr, getenv: func(name string) string { return vars[name] }}
	code := run(ctx, env, args)
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestRunExitStatusAndMessages(t *testing.T) {
	// A serve that wrongly starts must write into the test's folders and
	// listen on a free port.
	t.Chdir(t.TempDir())
	safe := map[string]string{"PARC_DATA": t.TempDir(), "PARC_ADDR": "127.0.0.1:0"}
	withSafe := func(extra map[string]string) map[string]string {
		vars := map[string]string{}
		for k, v := range safe {
			vars[k] = v
		}
		for k, v := range extra {
			vars[k] = v
		}
		return vars
	}

	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantCode   int
		wantStdout []string
		wantStderr []string
		// notWant must appear in neither output.
		notWant []string
	}{
		{name: "no arguments prints usage", wantCode: 2, wantStdout: []string{"Usage: parc COMMAND", "serve", "config"}},
		{name: "help", args: []string{"help"}, wantCode: 0, wantStdout: []string{"Usage: parc COMMAND"}},
		{name: "--help", args: []string{"--help"}, wantCode: 0, wantStdout: []string{"Usage: parc COMMAND"}},
		{name: "unknown command", args: []string{"frobnicate"}, wantCode: 2, wantStderr: []string{`unknown command "frobnicate"`, "parc help"}},
		{name: "config --help", args: []string{"config", "--help"}, wantCode: 0, wantStderr: []string{"Usage: parc config"}},
		{name: "unknown flag", args: []string{"serve", "--nope"}, wantCode: 2, wantStderr: []string{"-nope", "Usage: parc serve"}},
		{name: "extra argument", args: []string{"serve", "extra"}, wantCode: 2, wantStderr: []string{`unexpected argument "extra"`}},
		{name: "invalid addr", args: []string{"serve", "--addr", "nonsense"}, wantCode: 1,
			wantStderr: []string{"--addr", "PARC_ADDR", `"nonsense"`}},
		{name: "invalid tag prefix", args: []string{"serve", "--tag-prefix", "B3"}, wantCode: 1,
			wantStderr: []string{"--tag-prefix", "PARC_TAG_PREFIX", `"B3"`}},
		{name: "invalid log level", args: []string{"serve", "--log-level", "loud"}, wantCode: 1,
			wantStderr: []string{"--log-level", "PARC_LOG_LEVEL", `"loud"`}},
		{name: "invalid log format", args: []string{"serve", "--log-format", "xml"}, wantCode: 1,
			wantStderr: []string{"--log-format", "PARC_LOG_FORMAT"}},
		{name: "zero shutdown timeout", args: []string{"serve", "--shutdown-timeout", "0s"}, wantCode: 1,
			wantStderr: []string{"--shutdown-timeout", "PARC_SHUTDOWN_TIMEOUT"}},
		// The message leaves the URL out because it may contain a password.
		{name: "non-postgres database URL", args: []string{"serve", "--database-url", "mysql://parc:hunter2@db/parc"}, wantCode: 1,
			wantStderr: []string{"PARC_DATABASE_URL"}, notWant: []string{"hunter2"}},
		{name: "non-SMTP mail URL", args: []string{"serve", "--smtp-url", "http://alerts:hunter2@mail.example"}, wantCode: 1,
			wantStderr: []string{"--smtp-url", "PARC_SMTP_URL"}, notWant: []string{"hunter2"}},
		{name: "owner line too long", args: []string{"serve", "--label-owner", strings.Repeat("x", 81)}, wantCode: 1,
			wantStderr: []string{"--label-owner", "at most 80"}},
		{name: "invalid value from env", env: map[string]string{"PARC_LOG_LEVEL": "loud"}, args: []string{"serve"}, wantCode: 1,
			wantStderr: []string{"PARC_LOG_LEVEL", `"loud"`}},
		{name: "invalid demo from env", env: map[string]string{"PARC_DEMO": "maybe"}, args: []string{"serve"}, wantCode: 1,
			wantStderr: []string{"PARC_DEMO", `"maybe"`}},
		{name: "every invalid value named", args: []string{"serve", "--addr", "nonsense", "--log-level", "loud"}, wantCode: 1,
			wantStderr: []string{"PARC_ADDR", "PARC_LOG_LEVEL"}},
		{name: "config rejects invalid values", args: []string{"config", "--tag-prefix", "B3"}, wantCode: 1,
			wantStderr: []string{"PARC_TAG_PREFIX"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runCLI(t, withSafe(tc.env), tc.args...)

			if got.code != tc.wantCode {
				t.Errorf("parc %q: exit status = %d, want %d\nstderr: %s", tc.args, got.code, tc.wantCode, got.stderr)
			}
			for _, s := range tc.wantStdout {
				if !strings.Contains(got.stdout, s) {
					t.Errorf("parc %q: stdout lacks %q:\n%s", tc.args, s, got.stdout)
				}
			}
			for _, s := range tc.wantStderr {
				if !strings.Contains(got.stderr, s) {
					t.Errorf("parc %q: stderr lacks %q:\n%s", tc.args, s, got.stderr)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(got.stdout+got.stderr, s) {
					t.Errorf("parc %q: output contains %q:\n%s%s", tc.args, s, got.stdout, got.stderr)
				}
			}
		})
	}
}

func TestServeHelpListsEveryFlag(t *testing.T) {
	got := runCLI(t, nil, "serve", "--help")
	if got.code != 0 {
		t.Fatalf("parc serve --help: exit status = %d, want 0", got.code)
	}

	// flag.PrintDefaults writes "  -name type" and then the usage on the
	// next line.
	usage := map[string]string{}
	lines := strings.Split(got.stderr, "\n")
	for i, line := range lines {
		if name, ok := strings.CutPrefix(line, "  -"); ok && i+1 < len(lines) {
			usage[strings.Fields(name)[0]] = lines[i+1]
		}
	}
	for _, name := range serveOptions {
		text, ok := usage[name]
		if !ok {
			t.Errorf("parc serve --help does not list --%s:\n%s", name, got.stderr)
			continue
		}
		if env := "(env " + config.EnvName(name) + ")"; !strings.Contains(text, env) {
			t.Errorf("help of --%s = %q, want it to name %s", name, text, env)
		}
	}
}

// configSetting is one line of the output of parc config.
type configSetting struct {
	value, source string
}

// parseConfigOutput reads lines of the form "name  value  (source)".
func parseConfigOutput(t *testing.T, out string) map[string]configSetting {
	t.Helper()
	settings := map[string]configSetting{}
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		open := strings.LastIndex(line, " (")
		if open < 0 || !strings.HasSuffix(line, ")") {
			t.Fatalf("parc config line %q has no (source)", line)
		}
		fields := strings.Fields(line[:open])
		settings[fields[0]] = configSetting{
			value:  strings.Join(fields[1:], " "),
			source: line[open+2 : len(line)-1],
		}
	}
	return settings
}

func TestConfigPrecedence(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		flag       string
		wantValue  string
		wantSource string
	}{
		{name: "default", flag: "addr", wantValue: "127.0.0.1:8080", wantSource: "default"},
		{name: "env over default", env: map[string]string{"PARC_ADDR": "127.0.0.1:9000"},
			flag: "addr", wantValue: "127.0.0.1:9000", wantSource: "env PARC_ADDR"},
		{name: "flag over env", args: []string{"--addr", "127.0.0.1:9001"}, env: map[string]string{"PARC_ADDR": "127.0.0.1:9000"},
			flag: "addr", wantValue: "127.0.0.1:9001", wantSource: "flag --addr"},
		{name: "flag over default", args: []string{"--log-level", "debug"},
			flag: "log-level", wantValue: "debug", wantSource: "flag --log-level"},
		{name: "bool from env", env: map[string]string{"PARC_DEMO": "true"},
			flag: "demo", wantValue: "true", wantSource: "env PARC_DEMO"},
		{name: "false bool flag over env", args: []string{"--demo=false"}, env: map[string]string{"PARC_DEMO": "true"},
			flag: "demo", wantValue: "false", wantSource: "flag --demo"},
		{name: "tag prefix upper-cased", env: map[string]string{"PARC_TAG_PREFIX": "ab"},
			flag: "tag-prefix", wantValue: "AB", wantSource: "env PARC_TAG_PREFIX"},
		{name: "duration from env", env: map[string]string{"PARC_SHUTDOWN_TIMEOUT": "3s"},
			flag: "shutdown-timeout", wantValue: "3s", wantSource: "env PARC_SHUTDOWN_TIMEOUT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"config"}, tc.args...)
			got := runCLI(t, tc.env, args...)
			if got.code != 0 {
				t.Fatalf("parc %q with env %v: exit status = %d, want 0\nstderr: %s", args, tc.env, got.code, got.stderr)
			}

			settings := parseConfigOutput(t, got.stdout)
			if len(settings) != len(config.Options) {
				t.Errorf("parc config printed %d settings, want %d:\n%s", len(settings), len(config.Options), got.stdout)
			}
			s := settings[tc.flag]
			if s.value != tc.wantValue {
				t.Errorf("parc %q with env %v: %s = %q, want %q", args, tc.env, tc.flag, s.value, tc.wantValue)
			}
			if s.source != tc.wantSource {
				t.Errorf("parc %q with env %v: %s source = %q, want %q", args, tc.env, tc.flag, s.source, tc.wantSource)
			}
		})
	}
}

func TestConfigMasksSMTPPassword(t *testing.T) {
	got := runCLI(t, map[string]string{"PARC_SMTP_URL": "smtp://alerts:mail-s3cret@mail.example:587"}, "config")
	if got.code != 0 {
		t.Fatalf("parc config: exit status = %d, want 0\nstderr: %s", got.code, got.stderr)
	}
	if strings.Contains(got.stdout+got.stderr, "mail-s3cret") {
		t.Errorf("parc config output contains the SMTP password:\n%s", got.stdout)
	}
	s := parseConfigOutput(t, got.stdout)["smtp-url"]
	if !strings.Contains(s.value, "mail.example") || !strings.Contains(s.value, "xxxxx") || s.source != "env PARC_SMTP_URL" {
		t.Errorf("parc config: smtp-url = %q from %q, want the host with the password masked, from PARC_SMTP_URL", s.value, s.source)
	}
}

func TestConfigMasksPasswords(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		viaFlag bool
		secrets []string
	}{
		{name: "password in user part", url: "postgres://parc:s3cret-pw@db.example:5432/parc", secrets: []string{"s3cret-pw"}},
		{name: "password given by flag", url: "postgres://parc:s3cret-pw@db.example/parc", viaFlag: true, secrets: []string{"s3cret-pw"}},
		{name: "escaped password", url: "postgresql://parc:p%40ss%2Fw0rd@db.example/parc", secrets: []string{"p%40ss", "p@ss", "w0rd"}},
		{name: "password in query", url: "postgres://parc@db.example/parc?sslmode=disable&password=q-secret", secrets: []string{"q-secret"}},
		{name: "ssl key password in query", url: "postgres://parc@db.example/parc?sslpassword=key-secret", secrets: []string{"key-secret"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"config"}
			env := map[string]string{}
			if tc.viaFlag {
				args = append(args, "--database-url", tc.url)
			} else {
				env["PARC_DATABASE_URL"] = tc.url
			}

			got := runCLI(t, env, args...)

			if got.code != 0 {
				t.Fatalf("parc config with %s: exit status = %d, want 0\nstderr: %s", tc.url, got.code, got.stderr)
			}
			for _, secret := range tc.secrets {
				if strings.Contains(got.stdout+got.stderr, secret) {
					t.Errorf("parc config with %s: output contains %q:\n%s", tc.url, secret, got.stdout)
				}
			}
			value := parseConfigOutput(t, got.stdout)["database-url"].value
			if !strings.Contains(value, "db.example") || !strings.Contains(value, "xxxxx") {
				t.Errorf("parc config with %s: database-url = %q, want the host with the password masked", tc.url, value)
			}
		})
	}
}

func TestServeCreatesNestedDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b", "c")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out lockedBuffer
	env := environment{stdout: &out, stderr: &out, getenv: func(string) string { return "" }}
	exited := make(chan struct{})
	code := -1
	go func() {
		code = run(ctx, env, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--log-format", "json"})
		close(exited)
	}()
	defer func() {
		cancel()
		<-exited
	}()

	rec, err := out.waitForRecord("server started", 30*time.Second, exited)
	if err != nil {
		t.Fatalf("%v\n%s", err, &out)
	}
	resp, err := http.Get("http://" + rec["addr"].(string) + "/healthz")
	if err != nil {
		t.Fatalf("GET /healthz: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz status = %d, want 200", resp.StatusCode)
	}

	cancel()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		t.Fatal("serve still running 5s after its context was cancelled")
	}
	if code != 0 {
		t.Errorf("serve exit status = %d, want 0\n%s", code, &out)
	}
	if _, err := os.Stat(filepath.Join(dir, store.SQLiteFile)); err != nil {
		t.Errorf("database file in the new data folder: %v", err)
	}
}
