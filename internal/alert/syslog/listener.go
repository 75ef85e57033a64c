package syslog

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
)

// Defaults for a Config field left at zero.
const (
	DefaultMaxConnections = 256
	DefaultIdleTimeout    = 5 * time.Minute
)

// Config says how a Listener receives.
type Config struct {
	// TLS, when set, makes every connection TLS; set ClientAuth and ClientCAs in
	// it to accept only senders with a certificate.
	TLS *tls.Config
	// MaxConnections is how many senders may be connected at once; a sender past
	// it is told nothing and disconnected. Zero means DefaultMaxConnections.
	MaxConnections int
	// IdleTimeout closes a connection that sends nothing for this long (including
	// a TLS handshake that stalls). Zero means DefaultIdleTimeout.
	IdleTimeout time.Duration
	// MaxFrameBytes is the largest message read; zero means DefaultMaxFrameBytes.
	MaxFrameBytes int
	// Format is the format of JSON bodies; empty means tell it from each body.
	Format alert.Format
	// Source is the sender's name, set as every alert's Source.Name.
	Source string
}

// Result is one alert received, or one message or connection that failed.
type Result struct {
	Alert  alert.Alert // set when Err is nil
	Err    error       // what went wrong; a *vigil.Error for a message that could not be read
	Remote string      // the sender's address
	Frame  int         // the message's number on its connection, from 1; 0 for the connection itself
}

// Listener receives syslog over TCP.
type Listener struct {
	ln  net.Listener
	cfg Config
}

// Listen binds to addr (such as ":6514") and returns a Listener that receives
// once Serve is called.
func Listen(network, addr string, cfg Config) (*Listener, error) {
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = DefaultMaxConnections
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxFrameBytes <= 0 {
		cfg.MaxFrameBytes = DefaultMaxFrameBytes
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		return nil, fmt.Errorf("listen for syslog on %s: %w", addr, err)
	}
	if cfg.TLS != nil {
		ln = tls.NewListener(ln, cfg.TLS)
	}
	return &Listener{ln: ln, cfg: cfg}, nil
}

// Addr is the address the Listener is bound to.
func (l *Listener) Addr() net.Addr { return l.ln.Addr() }

// Serve accepts connections and calls handle with every alert and every failure
// until ctx ends; then it closes the listener and every connection, waits for
// their goroutines, and returns nil. handle is called from one goroutine per
// connection, so it must be safe for concurrent use; while it runs, that
// connection is not read, which slows the sender rather than losing alerts.
func (l *Listener) Serve(ctx context.Context, handle func(Result)) error {
	var (
		mu     sync.Mutex
		conns  = map[net.Conn]struct{}{}
		closed bool
		wg     sync.WaitGroup
	)
	closeAll := func() {
		l.ln.Close()
		mu.Lock()
		defer mu.Unlock()
		closed = true
		for c := range conns {
			c.Close()
		}
	}
	stop := context.AfterFunc(ctx, closeAll)
	defer func() {
		stop()
		closeAll()
		wg.Wait()
	}()
	backoff := time.Duration(0)
	for {
		c, err := l.ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, net.ErrClosed) {
				return fmt.Errorf("accept syslog connection: %w", err)
			}
			// Out of file descriptors, say: wait a little, as net/http does.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			handle(Result{Err: fmt.Errorf("accept a connection: %w", err)})
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		mu.Lock()
		full := len(conns) >= l.cfg.MaxConnections
		if !full && !closed {
			conns[c] = struct{}{}
		}
		refused := full || closed
		mu.Unlock()
		if refused {
			c.Close()
			if full {
				handle(Result{Remote: c.RemoteAddr().String(),
					Err: fmt.Errorf("refused a connection: %d senders are already connected", l.cfg.MaxConnections)})
			}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.serveConn(ctx, c, handle)
			mu.Lock()
			delete(conns, c)
			mu.Unlock()
			c.Close()
		}()
	}
}

func (l *Listener) serveConn(ctx context.Context, c net.Conn, handle func(Result)) {
	remote := c.RemoteAddr().String()
	fr := NewFramer(&idleReader{c, l.cfg.IdleTimeout}, l.cfg.MaxFrameBytes)
	p := NewParser(l.cfg.Format, l.cfg.Source)
	for {
		frame, err := fr.Next()
		var fe *FrameError
		switch {
		case err == nil:
			a, err := p.Parse(frame, time.Now())
			handle(Result{Alert: a, Err: err, Remote: remote, Frame: fr.Frames()})
		case errors.As(err, &fe):
			handle(Result{Err: fe.Err, Remote: remote, Frame: fe.Frame})
		default:
			// The connection is over. Saying so helps only when the sender broke
			// something: not when it closed, went quiet, or Vigil is stopping.
			if err != io.EOF && !errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() == nil {
				handle(Result{Err: fmt.Errorf("closed the connection: %w", err), Remote: remote, Frame: fr.Frames()})
			}
			return
		}
	}
}

// idleReader gives every read of a connection the idle timeout.
type idleReader struct {
	c    net.Conn
	idle time.Duration
}

func (r *idleReader) Read(p []byte) (int, error) {
	if err := r.c.SetReadDeadline(time.Now().Add(r.idle)); err != nil {
		return 0, err
	}
	return r.c.Read(p)
}
