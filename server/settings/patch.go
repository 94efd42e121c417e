package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"parc/labels"
	"parc/server/apierr"
	"parc/server/config"
	"parc/server/i18n"
)

// Limits of the settings that only the API sets.
const (
	maxNameLength   = 200
	MaxHolidays     = 100
	maxLoanDays     = 365
	minRetentionDay = 30
	maxRetentionDay = 3650
)

// apply returns v with key set from the JSON value raw of a PATCH body,
// or the message that explains what is wrong with it. A JSON null puts back
// the default.
func apply(v, defaults Values, key string, raw json.RawMessage) (Values, *i18n.Message) {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		reset := v
		switch key {
		case KeySMTPURL:
			reset.SMTPURL = defaults.SMTPURL
		default:
			if err := decodeStored(&reset, key, storedJSON(defaults, key)); err != nil {
				panic(err) // the defaults always decode
			}
		}
		return reset, nil
	}

	var m *i18n.Message
	switch key {
	case KeyOrganisationName:
		v.OrganisationName, m = organisationName(raw)
	case KeyLabelOwner:
		v.LabelOwner, m = labelOwner(raw)
	case KeyBaseURL:
		v.BaseURL, m = baseURL(raw)
	case KeyTagPrefix:
		v.TagPrefix, m = tagPrefix(raw)
	case KeySMTPURL:
		v.SMTPURL, m = smtpURL(raw, v.SMTPURL)
	case KeyLabelCalibration:
		v.LabelCalibration, m = calibration(raw)
	case KeySchoolHolidays:
		v.SchoolHolidays, m = holidays(raw)
	case KeyMaxLoanDays:
		v.MaxLoanDays, m = loanDays(raw)
	case KeyRetention:
		v.Retention, m = retention(raw, v.Retention)
	case KeyFleetGrowth:
		v.FleetGrowth, m = fleetGrowth(raw)
	default:
		panic("settings: unknown key " + key)
	}
	return v, m
}

func msg(key string, args ...any) *i18n.Message {
	m := i18n.Msg(key, args...)
	return &m
}

// decodeStrict decodes raw into v, refusing fields v does not have and
// anything after the value.
func decodeStrict(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the value")
	}
	return nil
}

// text returns raw as a string trimmed of surrounding spaces, and false
// when raw is not a JSON string or holds a character no one-line setting
// may hold: a control or invisible format character, a line separator, or
// invalid UTF-8.
func text(raw json.RawMessage) (string, bool) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	if strings.ContainsFunc(s, func(r rune) bool {
		return r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Zl, unicode.Zp)
	}) {
		return "", false
	}
	return strings.TrimSpace(s), true
}

// shown returns the JSON value raw as a short text to quote in a message.
func shown(raw json.RawMessage) string {
	if s, ok := text(raw); ok {
		return apierr.Quote(s)
	}
	return apierr.Quote(string(bytes.TrimSpace(raw)))
}

func organisationName(raw json.RawMessage) (string, *i18n.Message) {
	s, ok := text(raw)
	if !ok || s == "" || utf8.RuneCountInString(s) > maxNameLength {
		return "", msg("setting_organisation_name", shown(raw), maxNameLength)
	}
	return s, nil
}

func labelOwner(raw json.RawMessage) (string, *i18n.Message) {
	s, ok := text(raw)
	if !ok || !config.ValidLabelOwner(s) {
		return "", msg("setting_label_owner", shown(raw), config.MaxLabelOwner)
	}
	return s, nil
}

func baseURL(raw json.RawMessage) (string, *i18n.Message) {
	s, ok := text(raw)
	s = strings.TrimRight(s, "/")
	if !ok || (s != "" && !config.ValidBaseURL(s)) {
		return "", msg("setting_base_url", shown(raw), config.MaxBaseURL)
	}
	return s, nil
}

func tagPrefix(raw json.RawMessage) (string, *i18n.Message) {
	s, ok := text(raw)
	s = strings.ToUpper(s)
	if !ok || labels.ValidatePrefix(s) != nil {
		return "", msg("setting_tag_prefix", shown(raw), labels.MaxPrefixLen)
	}
	return s, nil
}

// smtpChange is the object form of a new smtp_url value. PasswordSet,
// which GET returns, is accepted and ignored, so that a client may send
// back what it read.
type smtpChange struct {
	URL         *string `json:"url"`
	Password    *string `json:"password"`
	PasswordSet *bool   `json:"password_set"`
}

// smtpURL reads a new smtp_url: a URL string, or {"url", "password"}. A
// URL with a user but no password keeps the password of current; an
// explicit "password" replaces it, and "" removes it. An empty URL removes
// the mail server. Messages never quote the password.
func smtpURL(raw json.RawMessage, current string) (string, *i18n.Message) {
	var change smtpChange
	if s, ok := text(raw); ok {
		change.URL = &s
	} else if err := decodeStrict(raw, &change); err != nil || change.URL == nil {
		return "", msg("setting_smtp_shape")
	}
	rawURL := strings.TrimSpace(*change.URL)
	if rawURL == "" {
		return "", nil
	}

	u, err := url.Parse(rawURL)
	if err != nil || u.Opaque != "" {
		// Without a host part, the password cannot be separated from
		// the rest, so the message quotes nothing.
		return "", msg("setting_smtp_unreadable")
	}
	if !config.ValidSMTPURL(rawURL) {
		return "", msg("setting_smtp_url", redacted(u))
	}
	password, _ := u.User.Password()
	if change.Password != nil {
		password = *change.Password
	} else if password == "" && u.User != nil {
		password = storedPassword(current)
	}
	if password != "" && (u.User == nil || u.User.Username() == "") {
		return "", msg("setting_smtp_password_user", redacted(u))
	}

	switch {
	case u.User == nil:
	case password == "":
		u.User = url.User(u.User.Username())
	default:
		u.User = url.UserPassword(u.User.Username(), password)
	}
	u.Path = ""
	return u.String(), nil
}

// redacted returns u without its password, query and fragment, where a
// password could also hide, to quote in a message.
func redacted(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User(c.User.Username())
	}
	if c.RawQuery != "" || c.ForceQuery || c.Fragment != "" {
		c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = "…", false, "", ""
	}
	return apierr.Quote(c.String())
}

func storedPassword(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	password, _ := u.User.Password()
	return password
}

func calibration(raw json.RawMessage) (map[string]Offset, *i18n.Message) {
	var in map[string]json.RawMessage
	if err := json.Unmarshal(raw, &in); err != nil || in == nil {
		return nil, msg("setting_calibration_shape")
	}
	ids := make([]string, 0, len(in))
	for id := range in {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	out := make(map[string]Offset, len(in))
	for _, id := range ids {
		if _, err := labels.TemplateByID(id); err != nil {
			return nil, msg("setting_calibration_template", apierr.Quote(id), templateIDs())
		}
		var view struct {
			OffsetX *json.Number `json:"offset_x_mm"`
			OffsetY *json.Number `json:"offset_y_mm"`
		}
		if err := decodeStrict(in[id], &view); err != nil || view.OffsetX == nil || view.OffsetY == nil {
			return nil, msg("setting_calibration_shape")
		}
		x, errX := view.OffsetX.Float64()
		y, errY := view.OffsetY.Float64()
		if errX != nil || errY != nil {
			return nil, msg("setting_calibration_shape")
		}
		for _, off := range []float64{x, y} {
			if math.Abs(off) > MaxOffset {
				return nil, msg("setting_calibration_offset", strconv.FormatFloat(off, 'f', -1, 64), id, MaxOffset, MaxOffset)
			}
		}
		out[id] = Offset{X: x, Y: y}
	}
	return out, nil
}

func templateIDs() string {
	var ids []string
	for _, t := range labels.Templates() {
		ids = append(ids, t.ID)
	}
	return strings.Join(ids, ", ")
}

// wholeNumber returns raw as an int, and false unless it is a JSON
// integer within [low, high].
func wholeNumber(raw json.RawMessage, low, high int) (int, bool) {
	// json.Number also decodes a number written as a string, such as "30".
	if trimmed := bytes.TrimSpace(raw); len(trimmed) == 0 || trimmed[0] == '"' {
		return 0, false
	}
	var n json.Number
	if err := decodeStrict(raw, &n); err != nil {
		return 0, false
	}
	i, err := strconv.Atoi(n.String())
	if err != nil || i < low || i > high {
		return 0, false
	}
	return i, true
}

func loanDays(raw json.RawMessage) (int, *i18n.Message) {
	n, ok := wholeNumber(raw, 1, maxLoanDays)
	if !ok {
		return 0, msg("setting_max_loan_days", shown(raw), maxLoanDays)
	}
	return n, nil
}

// retention reads the retention periods given in raw; periods left out
// keep their value in current.
func retention(raw json.RawMessage, current Retention) (Retention, *i18n.Message) {
	var in map[string]json.RawMessage
	if err := json.Unmarshal(raw, &in); err != nil || in == nil {
		return current, msg("setting_retention_shape")
	}
	fields := map[string]*int{
		"public_reports_days": &current.PublicReportsDays,
		"photos_days":         &current.PhotosDays,
		"signatures_days":     &current.SignaturesDays,
		"audit_details_days":  &current.AuditDetailsDays,
	}
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		target, known := fields[name]
		if !known {
			return current, msg("setting_retention_shape")
		}
		n, ok := wholeNumber(in[name], minRetentionDay, maxRetentionDay)
		if !ok {
			return current, msg("setting_retention_days", name, shown(in[name]), minRetentionDay, maxRetentionDay)
		}
		*target = n
	}
	return current, nil
}

// mustJSON returns s as a JSON string, to check it as text checks a
// setting's raw value.
func mustJSON(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}
