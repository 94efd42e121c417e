package settings

import (
	"net/url"
	"slices"
)

// Item is one setting as the API returns it. Env names the PARC_*
// variable that can set the key, for the keys that have one.
type Item struct {
	Value  any    `json:"value"`
	Source string `json:"source"`
	Env    string `json:"env,omitempty"`
}

// SMTPView is the API form of smtp_url: the URL without its password, and
// whether a password is stored.
type SMTPView struct {
	URL         string `json:"url"`
	PasswordSet bool   `json:"password_set"`
}

// CalibrationView is the API form of one template's calibration.
type CalibrationView struct {
	OffsetX float64 `json:"offset_x_mm"`
	OffsetY float64 `json:"offset_y_mm"`
}

// View returns every setting in its API form, without the SMTP password.
func (snap Snapshot) View() map[string]Item {
	out := make(map[string]Item, len(Keys))
	for _, key := range Keys {
		out[key] = Item{Value: viewValue(snap.Values, key), Source: snap.Sources[key], Env: EnvName(key)}
	}
	return out
}

// viewValue returns the API form of one setting, which is also what the
// audit log records.
func viewValue(v Values, key string) any {
	switch key {
	case KeyOrganisationName:
		return v.OrganisationName
	case KeyLabelOwner:
		return v.LabelOwner
	case KeyBaseURL:
		return v.BaseURL
	case KeyTagPrefix:
		return v.TagPrefix
	case KeySMTPURL:
		return smtpView(v.SMTPURL)
	case KeyLabelCalibration:
		out := make(map[string]CalibrationView, len(v.LabelCalibration))
		for id, off := range v.LabelCalibration {
			out[id] = CalibrationView{OffsetX: off.X, OffsetY: off.Y}
		}
		return out
	case KeySchoolHolidays:
		return slices.Clone(v.SchoolHolidays)
	case KeyMaxLoanDays:
		return v.MaxLoanDays
	case KeyRetention:
		return v.Retention
	case KeyFleetGrowth:
		return v.FleetGrowth
	}
	panic("settings: unknown key " + key)
}

func smtpView(raw string) SMTPView {
	if raw == "" {
		return SMTPView{}
	}
	u, err := url.Parse(raw)
	if err != nil {
		// Stored values passed ValidSMTPURL; show nothing rather than a
		// text that may hold the password.
		return SMTPView{}
	}
	password, _ := u.User.Password()
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return SMTPView{URL: u.String(), PasswordSet: password != ""}
}
