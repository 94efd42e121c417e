package push

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"parc/server/i18n"
)

// mailUser is the part of a user that the e-mail of a delivery needs.
type mailUser struct {
	Email    string     `bun:"email"`
	Language string     `bun:"language"`
	Disabled *time.Time `bun:"disabled_at"`
}

func (s *Service) deliverEmail(ctx context.Context, d Delivery, p Payload, dep Deployment) {
	if dep.SMTPURL == "" {
		s.record(ctx, d, StatusDropped, "no mail server configured")
		return
	}
	var u mailUser
	err := s.store.DB.NewSelect().TableExpr("users").Column("email", "language", "disabled_at").
		Where("id = ?", d.UserID).Scan(ctx, &u)
	if err != nil {
		s.retry(ctx, d, 0, fmt.Errorf("select user %s: %w", d.UserID, err))
		return
	}
	prefs, err := preferencesOf(ctx, s.store.DB, []uuid.UUID{d.UserID})
	if err != nil {
		s.retry(ctx, d, 0, err)
		return
	}
	if u.Disabled != nil || !prefs[d.UserID].Email {
		s.record(ctx, d, StatusDropped, "user disabled or e-mail switched off")
		return
	}

	msg, from := composeEmail(p, u, dep)
	err = sendMail(ctx, dep.SMTPURL, hostName(dep.BaseURL), from, u.Email, msg, s.cfg.SendTimeout)
	var reply *textproto.Error
	switch {
	case err == nil:
		s.record(ctx, d, StatusSent, "")
		s.log.Debug("notification e-mail sent", "delivery_id", d.ID, "user_id", d.UserID)
	case errors.As(err, &reply) && reply.Code >= 500:
		// A permanent SMTP failure, such as an unknown recipient. The
		// reply's text may quote the address, so only its code is kept.
		s.giveUp(ctx, d, fmt.Errorf("mail server replied %d", reply.Code))
	case errors.As(err, &reply):
		s.retry(ctx, d, 0, fmt.Errorf("mail server replied %d", reply.Code))
	default:
		s.retry(ctx, d, 0, err)
	}
}

// fallBackToEmail queues the e-mail of d's event for d's user when they
// have no push subscription left and keep e-mail on. The worker drops it
// when no mail server is configured.
func (s *Service) fallBackToEmail(ctx context.Context, d Delivery) error {
	left, err := countSubscriptions(ctx, s.store.DB, d.UserID)
	if err != nil || left > 0 {
		return err
	}
	prefs, err := preferencesOf(ctx, s.store.DB, []uuid.UUID{d.UserID})
	if err != nil || !prefs[d.UserID].Email {
		return err
	}
	now := sqlTime(time.Now())
	e := Delivery{
		ID: uuid.Must(uuid.NewV7()), EventID: d.EventID, UserID: d.UserID, Channel: ChannelEmail,
		Payload: d.Payload, Urgency: d.Urgency, TTLSeconds: d.TTLSeconds, Status: StatusPending,
		NextAttemptAt: now, CreatedAt: now, UpdatedAt: now,
	}
	_, err = s.store.DB.NewInsert().Model(&e).On("CONFLICT (event_id, user_id) WHERE channel = 'email' DO NOTHING").Exec(ctx)
	if err != nil {
		return fmt.Errorf("insert e-mail notification: %w", err)
	}
	return nil
}

// composeEmail returns the message for u, in their language, and the
// sender's address.
func composeEmail(p Payload, u mailUser, dep Deployment) ([]byte, string) {
	lang := i18n.Parse(u.Language)
	from := senderAddress(dep)
	var body strings.Builder
	body.WriteString(p.Body + "\n\n")
	if dep.BaseURL != "" {
		body.WriteString(i18n.Msg("push_email_link", strings.TrimRight(dep.BaseURL, "/")+p.URL).Text(lang) + "\n\n")
	}
	body.WriteString("-- \n" + i18n.Msg("push_email_footer", dep.OrganisationName).Text(lang) + "\n")

	var qp bytes.Buffer
	w := quotedprintable.NewWriter(&qp)
	_, _ = w.Write([]byte(strings.ReplaceAll(body.String(), "\n", "\r\n")))
	_ = w.Close()

	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(name + ": " + value + "\r\n") }
	header("From", (&mail.Address{Name: dep.OrganisationName, Address: from}).String())
	header("To", (&mail.Address{Address: u.Email}).String())
	header("Subject", mime.QEncoding.Encode("utf-8", p.Title))
	header("Date", time.Now().Format(time.RFC1123Z))
	header("Message-ID", "<"+uuid.Must(uuid.NewV7()).String()+"@"+domainOf(from)+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	b.Write(qp.Bytes())
	return b.Bytes(), from
}

// senderAddress returns the From address: the mail server's user name
// when it is an address, else "parc@" and the host of the base URL or,
// without one, of the mail server.
func senderAddress(dep Deployment) string {
	u, err := url.Parse(dep.SMTPURL)
	if err == nil && u.User != nil {
		if a, err := mail.ParseAddress(u.User.Username()); err == nil {
			return a.Address
		}
	}
	if host := hostName(dep.BaseURL); host != "" {
		return "parc@" + host
	}
	if err == nil && u.Hostname() != "" {
		return "parc@" + u.Hostname()
	}
	return "parc@localhost"
}

func hostName(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

func domainOf(addr string) string {
	return addr[strings.LastIndexByte(addr, '@')+1:]
}

// sendMail sends msg to one recipient through the mail server of smtpURL.
// With smtps:// the connection uses TLS from the start, and with smtp://
// it upgrades with STARTTLS when the server offers it. net/smtp refuses to send a password over a
// connection without TLS, except to localhost. The whole exchange is
// bounded by timeout.
func sendMail(ctx context.Context, smtpURL, helo, from, to string, msg []byte, timeout time.Duration) error {
	u, err := url.Parse(smtpURL)
	if err != nil {
		return errors.New("invalid mail server URL")
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = map[string]string{"smtps": "465"}[u.Scheme]
		if port == "" {
			port = "587"
		}
	}
	dialer := &net.Dialer{Timeout: timeout}
	conn, err := dialer.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return fmt.Errorf("connect to mail server: %w", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))
	if u.Scheme == "smtps" {
		conn = tls.Client(conn, &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12})
	}

	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("greet mail server: %w", err)
	}
	defer c.Close()
	if helo == "" {
		helo = "localhost"
	}
	if err := c.Hello(helo); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok && u.Scheme == "smtp" {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("start TLS with mail server: %w", err)
		}
	}
	if u.User != nil && u.User.Username() != "" {
		password, _ := u.User.Password()
		if err := c.Auth(smtp.PlainAuth("", u.User.Username(), password, host)); err != nil {
			return fmt.Errorf("log in to mail server: %w", err)
		}
	}
	return transfer(c, from, to, msg)
}

func transfer(c *smtp.Client, from, to string, msg []byte) error {
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
