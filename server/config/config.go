// Package config declares every setting of the parc binary in one table and
// turns command-line flags and PARC_* environment variables into a typed
// Config. It does not open files or databases.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"parc/labels"
)

// Config holds the validated settings shared by the commands that open the
// database and serve HTTP.
type Config struct {
	Addr            string
	DataDir         string
	DatabaseURL     string
	Demo            bool
	TagPrefix       string
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
	// SessionTTL is how long a session lives after its last use.
	SessionTTL time.Duration
	// TrustedProxies are the addresses and networks whose X-Forwarded-For
	// and X-Forwarded-Proto headers are believed.
	TrustedProxies []string
	TLSCert        string
	TLSKey         string
	ACMEDomain     string
	ACMEDirectory  string
	ACMEEmail      string
	// HTTPAddr, when set with TLS, serves a redirect to HTTPS and the ACME
	// HTTP-01 challenges.
	HTTPAddr string
	// BaseURL is the public address of the server, printed in the QR codes
	// of labels. Empty when not configured.
	BaseURL string
	// LabelOwner is the owner line printed on labels.
	LabelOwner string
	// SMTPURL is the smtp:// or smtps:// URL of the mail server, with its
	// user and password. Empty when not configured.
	SMTPURL string
	// PushEndpointAllow lists URL prefixes of push endpoints that skip the
	// check against private addresses.
	PushEndpointAllow []string
	// BackupEvery is the interval of parc serve's backups under
	// DataDir/backups; zero turns them off.
	BackupEvery time.Duration
	// BackupKeep is the number of those backups kept.
	BackupKeep int
	// MetricsAllow are the IP networks whose clients read /metrics
	// without logging in.
	MetricsAllow []string
}

// TLS reports whether the server serves HTTPS itself.
func (c Config) TLS() bool {
	return c.TLSCert != "" || c.ACMEDomain != ""
}

// DefaultLabelOwner is the owner line printed on labels when none is set.
const DefaultLabelOwner = "Propriété CCBE — service informatique"

// MaxLabelOwner is the longest owner line, in characters.
const MaxLabelOwner = 80

// Option describes one setting: its flag, the environment variable that
// mirrors it, its default and its help text.
type Option struct {
	Flag    string
	Env     string
	Default string
	Usage   string
	Secret  bool
}

// Options is the table of every setting. The environment variable of each
// option is PARC_ followed by the flag name in upper case, dashes as
// underscores.
var Options = []Option{
	{Flag: "addr", Default: "127.0.0.1:8080", Usage: "host:port the HTTP server listens on"},
	{Flag: "data", Default: "parc-data", Usage: "folder holding the SQLite database and stored files; created when missing"},
	{Flag: "database-url", Default: "", Usage: "postgres://user:password@host:port/db to use PostgreSQL instead of SQLite", Secret: true},
	{Flag: "demo", Default: "false", Usage: "load the Bièvre Est demo data set when the database is empty"},
	{Flag: "tag-prefix", Default: labels.DefaultPrefix, Usage: "asset tag prefix, 1 to 3 letters"},
	{Flag: "log-level", Default: "info", Usage: "log level: debug, info, warn or error"},
	{Flag: "log-format", Default: "text", Usage: "log format: text or json"},
	{Flag: "shutdown-timeout", Default: "10s", Usage: "how long in-flight requests may run after SIGINT or SIGTERM"},
	{Flag: "session-ttl", Default: "720h", Usage: "how long a login stays valid after its last use (a duration such as 720h for 30 days)"},
	{Flag: "trust-proxy", Default: "", Usage: "comma-separated IP addresses or CIDR networks of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers are trusted"},
	{Flag: "tls-cert", Default: "", Usage: "PEM certificate file to serve HTTPS with (with --tls-key)"},
	{Flag: "tls-key", Default: "", Usage: "PEM private key file of --tls-cert"},
	{Flag: "acme-domain", Default: "", Usage: "public domain name to get an HTTPS certificate for automatically through ACME (Let's Encrypt); certificates are kept under --data"},
	{Flag: "acme-directory", Default: "https://acme-v02.api.letsencrypt.org/directory", Usage: "ACME directory URL used with --acme-domain"},
	{Flag: "acme-email", Default: "", Usage: "contact e-mail address given to the ACME certificate authority"},
	{Flag: "base-url", Default: "", Usage: "public address of the server, such as https://parc.example.org, printed in the QR codes of labels"},
	{Flag: "label-owner", Default: DefaultLabelOwner, Usage: "owner line printed on labels"},
	{Flag: "smtp-url", Default: "", Usage: "mail server as smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS); prefer the variable, since a flag shows in the process list", Secret: true},
	{Flag: "push-endpoint-allow", Default: "", Usage: "comma-separated URL prefixes of push services that may be on a private or loopback address or use plain HTTP, such as http://127.0.0.1: for tests or an internal push service; other endpoints must be HTTPS on public addresses"},
	{Flag: "http-addr", Default: "", Usage: "with HTTPS, host:port of a plain HTTP listener that redirects to HTTPS and answers ACME challenges, for example :80"},
	{Flag: "backup-every", Default: "0", Usage: "interval of the backups that parc serve writes to the backups folder of --data, such as 24h; 0 turns them off (SQLite only)"},
	{Flag: "backup-keep", Default: "7", Usage: "number of backups of --backup-every kept; older ones are deleted"},
	{Flag: "metrics-allow", Default: "127.0.0.0/8,::1/128", Usage: "comma-separated IP addresses or CIDR networks whose clients read /metrics without logging in (technicians read it with their session from anywhere); empty for none"},
}

func init() {
	for i := range Options {
		Options[i].Env = EnvName(Options[i].Flag)
	}
}

// EnvName returns the environment variable that mirrors a flag.
func EnvName(flagName string) string {
	return "PARC_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Register declares the named options on fs, so that a command takes only
// the settings it uses. Each flag's help text names its environment variable.
func Register(fs *flag.FlagSet, names ...string) {
	for _, name := range names {
		opt := lookup(name)
		usage := fmt.Sprintf("%s (env %s)", opt.Usage, opt.Env)
		if opt.Default == "false" || opt.Default == "true" {
			fs.Bool(opt.Flag, opt.Default == "true", usage)
			continue
		}
		fs.String(opt.Flag, opt.Default, usage)
	}
}

func isOption(name string) bool {
	return slices.ContainsFunc(Options, func(o Option) bool { return o.Flag == name })
}

func lookup(name string) Option {
	for _, opt := range Options {
		if opt.Flag == name {
			return opt
		}
	}
	panic("config: unknown option " + name)
}

// Load reads the options registered on fs after fs.Parse. A flag given on
// the command line wins over its environment variable, which wins over the
// default. getenv is os.Getenv outside tests.
func Load(fs *flag.FlagSet, getenv func(string) string) (Config, error) {
	values := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		// A command's own flags, such as --email of "parc user add", are
		// not settings and have no environment variable.
		if isOption(f.Name) {
			values[f.Name] = f.Value.String()
		}
	})

	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for name := range values {
		if env := getenv(EnvName(name)); env != "" && !set[name] {
			values[name] = env
		}
	}

	return build(values)
}

func build(v map[string]string) (Config, error) {
	cfg := Config{
		Addr:        valueOr(v, "addr"),
		DataDir:     valueOr(v, "data"),
		DatabaseURL: v["database-url"],
		TagPrefix:   strings.ToUpper(valueOr(v, "tag-prefix")),
		LogLevel:    valueOr(v, "log-level"),
		LogFormat:   valueOr(v, "log-format"),
	}

	var errs []error
	if demo, ok := v["demo"]; ok {
		switch strings.ToLower(demo) {
		case "1", "true", "yes":
			cfg.Demo = true
		case "", "0", "false", "no":
		default:
			errs = append(errs, invalid("demo", demo, "use true or false"))
		}
	}
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		errs = append(errs, invalid("addr", cfg.Addr, "use host:port, for example 127.0.0.1:8080"))
	}
	if cfg.DatabaseURL != "" {
		if u, err := url.Parse(cfg.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			// The value may hold a password, so the message does not repeat it.
			errs = append(errs, fmt.Errorf("invalid --database-url (env %s): use a postgres:// URL, or leave it empty for SQLite under --data", EnvName("database-url")))
		}
	}
	if err := labels.ValidatePrefix(cfg.TagPrefix); err != nil {
		errs = append(errs, invalid("tag-prefix", valueOr(v, "tag-prefix"), "use 1 to 3 letters A-Z"))
	}
	if !oneOf(cfg.LogLevel, "debug", "info", "warn", "error") {
		errs = append(errs, invalid("log-level", cfg.LogLevel, "use debug, info, warn or error"))
	}
	if !oneOf(cfg.LogFormat, "text", "json") {
		errs = append(errs, invalid("log-format", cfg.LogFormat, "use text or json"))
	}
	if raw, ok := v["shutdown-timeout"]; ok {
		d, err := time.ParseDuration(raw)
		if err != nil || d <= 0 {
			errs = append(errs, invalid("shutdown-timeout", raw, "use a positive duration such as 10s"))
		}
		cfg.ShutdownTimeout = d
	}
	if raw, ok := v["session-ttl"]; ok {
		d, err := time.ParseDuration(raw)
		if err != nil || d < time.Minute {
			errs = append(errs, invalid("session-ttl", raw, "use a duration of at least 1m, such as 720h"))
		}
		cfg.SessionTTL = d
	}
	errs = append(errs, cfg.loadPush(v)...)
	errs = append(errs, cfg.loadNetwork(v)...)
	errs = append(errs, cfg.loadLabels(v)...)
	errs = append(errs, cfg.loadBackups(v)...)
	errs = append(errs, cfg.loadMetrics(v)...)
	return cfg, errors.Join(errs...)
}

// loadLabels reads the options printed on labels.
func (cfg *Config) loadLabels(v map[string]string) []error {
	var errs []error
	cfg.BaseURL = strings.TrimRight(strings.TrimSpace(v["base-url"]), "/")
	cfg.LabelOwner = strings.TrimSpace(valueOr(v, "label-owner"))
	cfg.SMTPURL = strings.TrimSpace(v["smtp-url"])
	if cfg.BaseURL != "" && !ValidBaseURL(cfg.BaseURL) {
		errs = append(errs, invalid("base-url", cfg.BaseURL, fmt.Sprintf("use the public address such as https://parc.example.org, without query or fragment, at most %d characters", MaxBaseURL)))
	}
	if !ValidLabelOwner(cfg.LabelOwner) {
		errs = append(errs, invalid("label-owner", cfg.LabelOwner, fmt.Sprintf("use one line of at most %d characters printable on a label (Latin letters, digits and punctuation)", MaxLabelOwner)))
	}
	if cfg.SMTPURL != "" && !ValidSMTPURL(cfg.SMTPURL) {
		// The value may hold a password, so the message does not repeat it.
		errs = append(errs, fmt.Errorf("invalid --smtp-url (env %s): use smtp://user:password@host:587 or smtps://user:password@host:465", EnvName("smtp-url")))
	}
	return errs
}

// MaxBackupKeep is the largest --backup-keep.
const MaxBackupKeep = 1000

// loadBackups reads the options of the periodic backups.
func (cfg *Config) loadBackups(v map[string]string) []error {
	var errs []error
	if raw, ok := v["backup-every"]; ok {
		d, err := time.ParseDuration(raw)
		if err != nil || (d != 0 && d < time.Minute) {
			errs = append(errs, invalid("backup-every", raw, "use 0 to turn backups off or a duration of at least 1m, such as 24h"))
		}
		cfg.BackupEvery = d
	}
	if raw, ok := v["backup-keep"]; ok {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxBackupKeep {
			errs = append(errs, invalid("backup-keep", raw, fmt.Sprintf("use a whole number from 1 to %d", MaxBackupKeep)))
		}
		cfg.BackupKeep = n
	}
	if cfg.BackupEvery > 0 && cfg.DatabaseURL != "" {
		errs = append(errs, fmt.Errorf("--backup-every (env %s) backs up SQLite only; on PostgreSQL, whose database also contains the stored files, schedule pg_dump instead (see docs/OPERATIONS.md)", EnvName("backup-every")))
	}
	return errs
}

// MaxBaseURL is the longest base URL, in characters: the QR code of a
// label holds the base URL, "/t/" and the longest tag.
const MaxBaseURL = labels.MaxURLLength - len("/t/") - (labels.MaxPrefixLen + 7)

// ValidBaseURL reports whether s is an absolute http or https URL without
// query, fragment or user, short enough for the QR codes of labels.
func ValidBaseURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || len(s) > MaxBaseURL || strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	return (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil &&
		u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" && !strings.HasSuffix(s, "#")
}

// ValidLabelOwner reports whether s fits on a label as the owner line: at
// most MaxLabelOwner characters of one line that the label fonts can print.
func ValidLabelOwner(s string) bool {
	return utf8.RuneCountInString(s) <= MaxLabelOwner && labels.ValidText(s)
}

// ValidSMTPURL reports whether s is an smtp:// or smtps:// URL with a host
// and nothing after it but an optional port.
func ValidSMTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return false
	}
	if port := u.Port(); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return false
		}
	}
	return (u.Path == "" || u.Path == "/") && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" && u.Opaque == ""
}

// loadMetrics reads the networks allowed to read /metrics.
func (cfg *Config) loadMetrics(v map[string]string) []error {
	var errs []error
	for _, entry := range strings.Split(v["metrics-allow"], ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(entry); err != nil && net.ParseIP(entry) == nil {
			errs = append(errs, invalid("metrics-allow", entry, "use IP addresses or CIDR networks such as 127.0.0.0/8 or 10.0.0.0/8, separated by commas"))
			continue
		}
		cfg.MetricsAllow = append(cfg.MetricsAllow, entry)
	}
	return errs
}

// loadNetwork reads the proxy and HTTPS options.
func (cfg *Config) loadNetwork(v map[string]string) []error {
	var errs []error
	for _, p := range strings.Split(v["trust-proxy"], ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			errs = append(errs, invalid("trust-proxy", p, "use IP addresses or CIDR networks such as 10.0.0.1 or 10.0.0.0/8, separated by commas"))
			continue
		}
		cfg.TrustedProxies = append(cfg.TrustedProxies, p)
	}

	cfg.TLSCert, cfg.TLSKey = v["tls-cert"], v["tls-key"]
	cfg.ACMEDomain, cfg.ACMEEmail = strings.TrimSpace(v["acme-domain"]), v["acme-email"]
	cfg.ACMEDirectory = valueOr(v, "acme-directory")
	cfg.HTTPAddr = v["http-addr"]
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		errs = append(errs, fmt.Errorf("--tls-cert (env %s) and --tls-key (env %s) go together: give both or neither", EnvName("tls-cert"), EnvName("tls-key")))
	}
	if cfg.TLSCert != "" && cfg.ACMEDomain != "" {
		errs = append(errs, fmt.Errorf("--tls-cert and --acme-domain (env %s) exclude each other: give a certificate or a domain for ACME, not both", EnvName("acme-domain")))
	}
	if cfg.ACMEDomain != "" && (strings.ContainsAny(cfg.ACMEDomain, "/: ") || !strings.Contains(cfg.ACMEDomain, ".")) {
		errs = append(errs, invalid("acme-domain", cfg.ACMEDomain, "use a public domain name such as parc.example.org"))
	}
	if u, err := url.Parse(cfg.ACMEDirectory); cfg.ACMEDomain != "" && (err != nil || u.Scheme != "https") {
		errs = append(errs, invalid("acme-directory", cfg.ACMEDirectory, "use the https:// URL of an ACME directory"))
	}
	if cfg.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.HTTPAddr); err != nil {
			errs = append(errs, invalid("http-addr", cfg.HTTPAddr, "use host:port, for example :80"))
		} else if !cfg.TLS() {
			errs = append(errs, fmt.Errorf("--http-addr (env %s) redirects to HTTPS, so it needs --tls-cert or --acme-domain", EnvName("http-addr")))
		}
	}
	return errs
}

// valueOr returns the value of an option, or its default when the option
// was not registered by the command.
func valueOr(v map[string]string, name string) string {
	if s, ok := v[name]; ok {
		return s
	}
	return lookup(name).Default
}

func invalid(name, value, hint string) error {
	return fmt.Errorf("invalid --%s (env %s) %q: %s", name, EnvName(name), value, hint)
}

func oneOf(s string, allowed ...string) bool {
	return slices.Contains(allowed, s)
}
