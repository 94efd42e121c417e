package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"parc/server/config"
)

// printConfig prints the effective value of every setting and where it
// comes from, with passwords masked.
func printConfig(_ context.Context, env environment, args []string) error {
	cfg, given, err := parseFlags(env, "config", "Print the effective settings, secrets masked.", serveOptions, args)
	if err != nil {
		return err
	}
	values := map[string]string{
		"addr": cfg.Addr, "data": cfg.DataDir, "database-url": maskURL(cfg.DatabaseURL),
		"demo": fmt.Sprint(cfg.Demo), "tag-prefix": cfg.TagPrefix, "log-level": cfg.LogLevel,
		"log-format": cfg.LogFormat, "shutdown-timeout": cfg.ShutdownTimeout.String(),
		"session-ttl": cfg.SessionTTL.String(), "trust-proxy": strings.Join(cfg.TrustedProxies, ","),
		"tls-cert": cfg.TLSCert, "tls-key": cfg.TLSKey, "acme-domain": cfg.ACMEDomain,
		"acme-directory": cfg.ACMEDirectory, "acme-email": cfg.ACMEEmail, "http-addr": cfg.HTTPAddr,
		"base-url": cfg.BaseURL, "label-owner": cfg.LabelOwner, "smtp-url": maskURL(cfg.SMTPURL),
		"backup-every": cfg.BackupEvery.String(), "backup-keep": fmt.Sprint(cfg.BackupKeep),
		"metrics-allow": strings.Join(cfg.MetricsAllow, ","),
	}
	for _, opt := range config.Options {
		// The same order as config.Load: a flag wins over its variable.
		source := "default"
		switch {
		case given[opt.Flag]:
			source = "flag --" + opt.Flag
		case env.getenv(opt.Env) != "":
			source = "env " + opt.Env
		}
		fmt.Fprintf(env.stdout, "%-17s %-40s (%s)\n", opt.Flag, values[opt.Flag], source)
	}
	return nil
}

// secretQueryParams are the query parameters of a PostgreSQL URL that
// carry a secret: pgx, like libpq, reads the password from the query string
// as well as from the user part.
var secretQueryParams = []string{"password", "sslpassword"}

// maskURL hides the passwords of a database or SMTP URL.
func maskURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(set, unreadable)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	query := u.Query()
	masked := false
	for _, name := range secretQueryParams {
		if query.Has(name) {
			query.Set(name, "xxxxx")
			masked = true
		}
	}
	if masked {
		u.RawQuery = query.Encode()
	}
	return u.Redacted()
}
