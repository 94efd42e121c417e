package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"parc/server/config"
)

// newLogger returns the program's logger, configured from cfg, writing
// each line as it comes.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	return slog.New(newHandler(cfg, w))
}

func newHandler(cfg config.Config, w io.Writer) slog.Handler {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel)) // validated by config.Load
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.NewJSONHandler(w, opts)
	}
	return slog.NewTextHandler(w, opts)
}

// logFlushInterval is how long a line below Warn may wait in the buffer of
// the server's logger.
const logFlushInterval = 100 * time.Millisecond

// newServerLogger returns the logger of "parc serve". It gathers lines in
// a buffer written out every logFlushInterval, so that the access line of
// each request costs no write of its own, and writes at once after a line
// at Warn or above. stop writes out what is left; call it before exiting.
// A crash loses at most the last logFlushInterval of Info lines.
func newServerLogger(cfg config.Config, w io.Writer) (log *slog.Logger, stop func()) {
	out := &bufferedOutput{w: bufio.NewWriterSize(w, 64<<10)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(logFlushInterval)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				out.flush()
			case <-ctx.Done():
				out.flush()
				return
			}
		}
	}()
	stop = func() {
		cancel()
		<-done
	}
	return slog.New(flushingHandler{Handler: newHandler(cfg, out), out: out}), stop
}

// bufferedOutput is a buffered writer safe for concurrent use.
type bufferedOutput struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func (o *bufferedOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.w.Write(p)
}

func (o *bufferedOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	_ = o.w.Flush() // nowhere left to report a failing log output
}

// flushingHandler writes the buffer out after every record at Warn or
// above, so that warnings and errors are never delayed.
type flushingHandler struct {
	slog.Handler
	out *bufferedOutput
}

func (h flushingHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.out.flush()
	}
	return err
}

func (h flushingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return flushingHandler{Handler: h.Handler.WithAttrs(attrs), out: h.out}
}

func (h flushingHandler) WithGroup(name string) slog.Handler {
	return flushingHandler{Handler: h.Handler.WithGroup(name), out: h.out}
}
