package web_test

import (
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"parc/server/push"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/store/storetest"
)

// mailbox is an SMTP server on 127.0.0.1 that keeps what it receives.
type mailbox struct {
	mu       sync.Mutex
	messages []receivedMail
}

type receivedMail struct {
	from string
	to   []string
	data []byte
}

type mailSession struct {
	box     *mailbox
	current receivedMail
}

func (s *mailSession) Reset()        { s.current = receivedMail{} }
func (s *mailSession) Logout() error { return nil }
func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	s.current.from = from
	return nil
}
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.current.to = append(s.current.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.current.data = data
	s.box.mu.Lock()
	s.box.messages = append(s.box.messages, s.current)
	s.box.mu.Unlock()
	return nil
}

// startMailbox starts the SMTP server of github.com/emersion/go-smtp and
// returns it with its smtp:// URL.
func startMailbox(t *testing.T) (*mailbox, string) {
	t.Helper()
	box := &mailbox{}
	server := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &mailSession{box: box}, nil
	}))
	server.Domain = "mail.test"
	server.ReadTimeout, server.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen for SMTP: %v", err)
	}
	go func() { _ = server.Serve(ln) }()
	t.Cleanup(func() { _ = server.Close() })
	return box, "smtp://" + ln.Addr().String()
}

// to returns the messages received for one recipient.
func (b *mailbox) to(addr string) []receivedMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []receivedMail
	for _, m := range b.messages {
		for _, rcpt := range m.to {
			if rcpt == addr {
				out = append(out, m)
			}
		}
	}
	return out
}

// readMail returns the decoded subject and body of a message.
func readMail(t *testing.T, m receivedMail) (subject, body string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(m.data)))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	raw, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	return subject, string(raw)
}

func TestPushEmailFallback(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		box, smtpURL := startMailbox(t)
		env := settings.Environment{settings.KeySMTPURL: smtpURL, settings.KeyBaseURL: "https://parc.example.fr"}
		tech := newPushFixture(t, s, push.Config{}, env)
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		if got := decodeJSON(t, corr.get(t, "/api/v1/me/notifications"))["smtp_configured"]; got != true {
			t.Errorf("smtp_configured = %v with a mail server, want true", got)
		}

		r := corr.do(t, http.MethodPost, "/api/v1/requests", requestBody(siteOf(t, s, "apprieu", "school"), "os_repair", ""))
		id := decodeJSON(t, r)["id"].(string)
		tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":1,"status":"planned","planned_for":"2030-01-10"}`)
		drain(t, tech)

		techMail := box.to("technicien@demo.invalid")
		if len(techMail) != 1 {
			t.Fatalf("technician got %d e-mails, want 1 for the new request", len(techMail))
		}
		if subject, _ := readMail(t, techMail[0]); subject != "Nouvelle demande bloquante" {
			t.Errorf("technician's subject %q, want Nouvelle demande bloquante", subject)
		}
		corrMail := box.to("correspondant-apprieu@demo.invalid")
		if len(corrMail) != 1 {
			t.Fatalf("correspondent got %d e-mails, want 1 for the planned request", len(corrMail))
		}
		if len(corrMail[0].to) != 1 || !strings.HasPrefix(corrMail[0].from, "parc@") {
			t.Errorf("envelope from %q to %v, want parc@... to the correspondent alone", corrMail[0].from, corrMail[0].to)
		}
		subject, body := readMail(t, corrMail[0])
		if subject != "Intervention planifiée" {
			t.Errorf("subject %q, want Intervention planifiée", subject)
		}
		for _, want := range []string{"le technicien passera le 10/01/2030", "https://parc.example.fr/requests/" + id, "Courriel"} {
			if !strings.Contains(body, want) {
				t.Errorf("body %q does not contain %q", body, want)
			}
		}

		corr.do(t, http.MethodPut, "/api/v1/me/notifications", `{"email":false}`)
		tech.do(t, http.MethodPatch, "/api/v1/requests/"+id, `{"version":2,"status":"in_progress"}`)
		drain(t, tech)
		if n := len(box.to("correspondant-apprieu@demo.invalid")); n != 1 {
			t.Errorf("correspondent got %d e-mails after switching e-mail off, want 1", n)
		}
	})
}
