package main

import (
	"context"
	"fmt"
	"net/url"

	"parc/server/config"
)

// printConfig prints the effective value of every setting and where it
// comes from, with passwords masked.
func printConfig(_ context.Context, env environment, args []string) error {
	cfg, err := parseFlags(env, "config", "Print the effective settings, secrets masked.", serveOptions, args)
	if err != nil {
		return err
	}
	values := map[string]string{
		"addr": cfg.Addr, "data": cfg.DataDir, "database-url": maskURL(cfg.DatabaseURL),
		"demo": fmt.Sprint(cfg.Demo), "tag-prefix": cfg.TagPrefix, "log-level": cfg.LogLevel,
		"log-format": cfg.LogFormat, "shutdown-timeout": cfg.ShutdownTimeout.String(),
	}
	for _, opt := range config.Options {
		source := "default"
		if env.getenv(opt.Env) != "" {
			source = "env " + opt.Env
		}
		fmt.Fprintf(env.stdout, "%-17s %-40s (%s)\n", opt.Flag, values[opt.Flag], source)
	}
	return nil
}

// maskURL hides the password of a database URL.
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
	return u.Redacted()
}
