package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"runtime/debug"
	"slices"
	"time"

	"parc/server/accounts"
	"parc/server/config"
	"parc/server/demo"
	"parc/server/push"
	"parc/server/retention"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/web"
)

var serveOptions = []string{"addr", "data", "database-url", "demo", "tag-prefix", "log-level", "log-format", "shutdown-timeout",
	"session-ttl", "trust-proxy", "tls-cert", "tls-key", "acme-domain", "acme-directory", "acme-email", "http-addr",
	"base-url", "label-owner", "smtp-url", "push-endpoint-allow", "backup-every", "backup-keep", "metrics-allow"}

// serve runs the HTTP server until SIGINT or SIGTERM, then lets in-flight
// requests finish and closes the database.
func serve(ctx context.Context, env environment, args []string) error {
	cfg, given, err := parseFlags(env, "serve", "Run the HTTP server and the web app.", serveOptions, args)
	if err != nil {
		return err
	}
	log, stopLog := newServerLogger(cfg, env.stderr)
	defer stopLog()

	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("failed to close database", "error", err)
		}
	}()

	if cfg.Demo {
		if err := loadDemo(ctx, st, cfg, log); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w; choose another host:port with --addr (env PARC_ADDR)", cfg.Addr, err)
	}
	if err := warnWithoutTechnician(ctx, st, log); err != nil {
		return err
	}
	deployment := deploymentEnvironment(env, cfg, given, serveOptions)
	app, err := web.New(ctx, web.Config{
		Store: st, Log: log, TagPrefix: cfg.TagPrefix,
		SessionTTL: cfg.SessionTTL, TrustedProxies: cfg.TrustedProxies,
		Push:        push.Config{Allow: cfg.PushEndpointAllow},
		Environment: deployment, MetricsAllow: cfg.MetricsAllow,
	})
	if err != nil {
		ln.Close()
		return err
	}
	// Compressing the app's files leaves tens of MiB of garbage, which an
	// idle server would keep resident until a collection that may come
	// minutes later, so it goes back to the system now.
	debug.FreeOSMemory()
	stopPurge := startPurge(st, cfg, deployment, log)
	defer stopPurge()
	// The deferred stop runs after the last request and before the database closes.
	stopPush := app.Push().Start()
	defer stopPush()
	stopBackups := startBackups(cfg, log)
	defer stopBackups()
	ln, stopRedirect, err := secureListener(ctx, cfg, ln, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer func() {
		if err := stopRedirect(context.Background()); err != nil {
			log.Error("failed to stop the HTTP redirect listener", "error", err)
		}
	}()

	scheme := "http"
	if cfg.TLS() {
		scheme = "https"
	}
	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	log.Info("server started", "addr", ln.Addr().String(), "url", scheme+"://"+ln.Addr().String()+"/")

	select {
	case err := <-served:
		return fmt.Errorf("serve HTTP: %w", err)
	case <-ctx.Done():
	}

	log.Info("server stopping", "timeout", cfg.ShutdownTimeout.String())
	if err := app.ShutdownWithTimeout(cfg.ShutdownTimeout); err != nil {
		log.Error("failed to finish in-flight requests", "error", err)
	}
	log.Info("server stopped")
	return nil
}

func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL}, log)
	if err != nil {
		return nil, err
	}
	if st.Dialect == store.SQLite {
		log.Info("database opened", "dialect", st.Dialect, "file", filepath.Join(cfg.DataDir, store.SQLiteFile))
	} else {
		// The URL may hold a password: log the engine only.
		log.Info("database opened", "dialect", st.Dialect)
	}
	return st, nil
}

func loadDemo(ctx context.Context, st *store.Store, cfg config.Config, log *slog.Logger) error {
	_, err := demo.Load(ctx, st, cfg.TagPrefix, log)
	if errors.Is(err, demo.ErrNotEmpty) {
		log.Info("demo data not loaded because the database is not empty; nothing changed")
		return nil
	}
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	return nil
}

// startPurge runs the retention purge now and then daily, and returns the
// function that stops it and waits for a purge in progress, to call before
// the database closes.
func startPurge(st *store.Store, cfg config.Config, deployment settings.Environment, log *slog.Logger) func() {
	defaults := settings.Defaults()
	defaults.TagPrefix = cfg.TagPrefix
	runner := &retention.Runner{
		Store: st, Settings: settings.NewService(st, defaults, deployment), Log: log, Now: time.Now,
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		runner.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}

// deploymentEnvironment returns the deployment settings that a flag on
// the command line or a PARC_* variable sets, among the options of the
// command. They win over the values stored through the settings API.
func deploymentEnvironment(env environment, cfg config.Config, given map[string]bool, options []string) settings.Environment {
	values := map[string]string{
		"tag-prefix": cfg.TagPrefix, "base-url": cfg.BaseURL, "label-owner": cfg.LabelOwner, "smtp-url": cfg.SMTPURL,
	}
	keys := map[string]string{
		"tag-prefix": settings.KeyTagPrefix, "base-url": settings.KeyBaseURL,
		"label-owner": settings.KeyLabelOwner, "smtp-url": settings.KeySMTPURL,
	}
	out := settings.Environment{}
	for flag, key := range keys {
		if !slices.Contains(options, flag) {
			continue
		}
		if given[flag] || env.getenv(config.EnvName(flag)) != "" {
			out[key] = values[flag]
		}
	}
	return out
}

// warnWithoutTechnician logs how to create the first technician when the
// database has none, because no one can then log in to do it from the web.
func warnWithoutTechnician(ctx context.Context, st *store.Store, log *slog.Logger) error {
	exists, err := st.Reader.NewSelect().Model((*accounts.User)(nil)).
		Where("role = ?", accounts.RoleTechnician).Where("disabled_at IS NULL").Exists(ctx)
	if err != nil {
		return fmt.Errorf("look for a technician: %w", err)
	}
	if !exists {
		log.Warn("no technician can log in yet; create one with: parc user add --role technician --email EMAIL --name NAME")
	}
	return nil
}

// parseFlags parses a command's flags and its PARC_* variables, and returns
// the settings with the set of flags given on the command line. Usage
// errors print the command's help.
func parseFlags(env environment, name, summary string, options []string, args []string) (config.Config, map[string]bool, error) {
	return parseCommandFlags(env, name, summary, options, args, nil)
}

// parseCommandFlags is parseFlags for a command with flags of its own,
// which extra declares.
func parseCommandFlags(env environment, name, summary string, options []string, args []string, extra func(*flag.FlagSet)) (config.Config, map[string]bool, error) {
	fs := flag.NewFlagSet("parc "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	if extra != nil {
		extra(fs)
	}
	config.Register(fs, options...)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\nUsage: parc %s [flags]\n\nFlags:\n", summary, name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config.Config{}, nil, err
		}
		return config.Config{}, nil, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.stderr, "parc %s: unexpected argument %q\n", name, fs.Arg(0))
		fs.Usage()
		return config.Config{}, nil, errUsage
	}

	cfg, err := config.Load(fs, env.getenv)
	if err != nil {
		return config.Config{}, nil, err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return cfg, given, nil
}
