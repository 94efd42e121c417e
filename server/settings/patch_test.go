package settings

import (
	"encoding/json"
	"strings"
	"testing"

	"parc/server/i18n"
)

func TestSMTPURLKeepsOrChangesThePassword(t *testing.T) {
	const stored = "smtp://alerts:old-s3cret@mail.example:587"
	tests := []struct {
		name, value, current, want string
	}{
		{"URL with a password", `"smtps://alerts:new-s3cret@mail.example:465"`, stored, "smtps://alerts:new-s3cret@mail.example:465"},
		{"URL without password keeps it", `"smtp://alerts@mail.example:2525"`, stored, "smtp://alerts:old-s3cret@mail.example:2525"},
		{"object with a password", `{"url": "smtp://alerts@mail.example", "password": "p@ss:word"}`, stored, "smtp://alerts:p%40ss%3Aword@mail.example"},
		{"empty password removes it", `{"url": "smtp://alerts@mail.example", "password": ""}`, stored, "smtp://alerts@mail.example"},
		{"GET value sent back", `{"url": "smtp://alerts@mail.example:587", "password_set": true}`, stored, stored},
		{"no user, no password", `"smtp://mail.example"`, stored, "smtp://mail.example"},
		{"empty text removes the server", `""`, stored, ""},
		{"nothing stored yet", `"smtp://alerts@mail.example"`, "", "smtp://alerts@mail.example"},
	}
	for _, tt := range tests {
		got, m := smtpURL(json.RawMessage(tt.value), tt.current)
		if m != nil || got != tt.want {
			t.Errorf("%s: smtpURL(%s) = %q, %v; want %q", tt.name, tt.value, got, m, tt.want)
		}
	}
}

func TestSMTPMessagesHideThePassword(t *testing.T) {
	for _, value := range []string{
		`"http://alerts:hidden-pw@mail.example"`,
		`"smtp://alerts:hidden-pw@mail.example/path"`,
		`"smtp://alerts:hidden-pw@mail.example?auth=hidden-pw"`,
		`"smtp:alerts:hidden-pw@mail.example"`,
		`"smtp://alerts:hidden-pw@mail.example:99999"`,
		`{"url": "smtp://mail.example", "password": "hidden-pw"}`,
	} {
		_, m := smtpURL(json.RawMessage(value), "")
		if m == nil {
			t.Errorf("smtpURL(%s) accepted", value)
			continue
		}
		for _, lang := range []string{"fr", "en"} {
			text := m.Text(langOf(lang))
			if strings.Contains(text, "hidden-pw") {
				t.Errorf("smtpURL(%s): message %q shows the password", value, text)
			}
		}
	}
}

func TestViewHidesTheSMTPPassword(t *testing.T) {
	v := Defaults()
	v.SMTPURL = "smtps://alerts:hidden-pw@mail.example:465"
	got := smtpView(v.SMTPURL)
	if got.URL != "smtps://alerts@mail.example:465" || !got.PasswordSet {
		t.Errorf("smtpView = %+v, want the URL without password and password_set", got)
	}
	doc, _ := json.Marshal(Snapshot{Values: v, Sources: map[string]string{}}.View())
	if strings.Contains(string(doc), "hidden-pw") {
		t.Errorf("View shows the SMTP password: %s", doc)
	}
}

func langOf(code string) i18n.Lang {
	return i18n.Parse(code)
}
