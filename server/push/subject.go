package push

import (
	"net/mail"
	"net/netip"
	"net/url"
	"strings"
)

// FallbackSubject is the VAPID subject when the deployment gives no
// usable contact. The .invalid domain is reserved (RFC 2606), so the
// address is well-formed and reaches no one. Set PARC_BASE_URL to an
// HTTPS address so that push services can reach the operator.
const FallbackSubject = "mailto:push@parc.invalid"

// VAPIDSubject returns the contact that Parc puts in the "sub" claim of
// its VAPID tokens (RFC 8292, section 2.1), which push services use to
// reach the operator of a misbehaving server:
//
//   - the origin of the public base URL when it is an HTTPS URL on a
//     public host name, such as "https://parc.example.fr";
//   - otherwise "mailto:" and the mail server's user name when that is an
//     e-mail address on a public domain, such as "mailto:it@example.fr";
//   - otherwise "mailto:push@" and the base URL's host name when that is
//     a public name;
//   - otherwise FallbackSubject.
//
// The result is never empty, never carries "mailto:" twice and never
// names localhost, an IP address or a local-only domain. Apple's push
// service is reported to reject an empty subject, a doubled "mailto:" and
// an address at localhost with 403 BadJwtToken.
func VAPIDSubject(baseURL, smtpURL string) string {
	base, _ := url.Parse(strings.TrimSpace(baseURL))
	if base != nil && base.Scheme == "https" && publicName(base.Hostname()) {
		return "https://" + base.Host
	}
	if addr := smtpUser(smtpURL); addr != "" {
		return "mailto:" + addr
	}
	if base != nil && publicName(base.Hostname()) {
		return "mailto:push@" + strings.ToLower(base.Hostname())
	}
	return FallbackSubject
}

// smtpUser returns the user name of the mail server URL when it is an
// e-mail address on a public domain.
func smtpUser(smtpURL string) string {
	u, err := url.Parse(strings.TrimSpace(smtpURL))
	if err != nil || u.User == nil {
		return ""
	}
	addr, err := mail.ParseAddress(u.User.Username())
	if err != nil || addr.Name != "" {
		return ""
	}
	at := strings.LastIndexByte(addr.Address, '@')
	if at < 0 || !publicName(addr.Address[at+1:]) {
		return ""
	}
	return strings.TrimPrefix(addr.Address, "mailto:")
}

// publicName reports whether host is a DNS name with a dot that is not
// localhost or a local-only domain. IP addresses are not names.
func publicName(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "" || !strings.Contains(host, ".") {
		return false
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	for _, local := range []string{".localhost", ".local", ".internal", ".home.arpa", ".invalid", ".test"} {
		if strings.HasSuffix(host, local) {
			return false
		}
	}
	return true
}
