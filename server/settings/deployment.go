package settings

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/labels"
	"parc/server/config"
	"parc/server/store"
)

// Keys of the deployment settings, as the API names them.
const (
	KeyOrganisationName = "organisation_name"
	KeyLabelOwner       = "label_owner"
	KeyBaseURL          = "base_url"
	KeyTagPrefix        = "tag_prefix"
	KeySMTPURL          = "smtp_url"
	KeyLabelCalibration = "label_calibration"
	KeySchoolHolidays   = "school_holidays"
	KeyMaxLoanDays      = "max_loan_days"
	KeyRetention        = "retention"
	KeyFleetGrowth      = "fleet_growth_percent"
)

// Keys lists the deployment settings in the order the API returns them.
var Keys = []string{
	KeyOrganisationName, KeyLabelOwner, KeyBaseURL, KeyTagPrefix, KeySMTPURL,
	KeyLabelCalibration, KeySchoolHolidays, KeyMaxLoanDays, KeyRetention,
	KeyFleetGrowth,
}

// Sources of an effective value.
const (
	SourceDefault     = "default"
	SourceDatabase    = "database"
	SourceEnvironment = "environment"
)

// envFlags maps the keys that a PARC_* variable (or the matching flag of
// the command) can set to that flag.
var envFlags = map[string]string{
	KeyLabelOwner: "label-owner",
	KeyBaseURL:    "base-url",
	KeyTagPrefix:  "tag-prefix",
	KeySMTPURL:    "smtp-url",
}

// EnvName returns the PARC_* variable that sets key, or "" for a key that
// only the database holds.
func EnvName(key string) string {
	if flag, ok := envFlags[key]; ok {
		return config.EnvName(flag)
	}
	return ""
}

// storageKey returns the key of the settings table that holds key. The
// calibration kept the key it had before the settings API existed.
func storageKey(key string) string {
	if key == KeyLabelCalibration {
		return "labels.calibration"
	}
	return key
}

// EntityID is the id under which the audit log files the changes of the
// deployment settings, which have no UUID of their own.
var EntityID = uuid.NewSHA1(uuid.NameSpaceURL, []byte("parc:settings"))

// Default values that no other package defines.
const (
	DefaultOrganisationName = "Service informatique mutualisé"
	DefaultMaxLoanDays      = 30
	// DefaultFleetGrowth is the yearly growth of the fleet in percent
	// that the service's charter expects.
	DefaultFleetGrowth = 3.0
)

// Values are the deployment settings, typed.
type Values struct {
	OrganisationName string
	// LabelOwner is the owner line of labels; empty prints none.
	LabelOwner string
	// BaseURL is the public address of the server without a final slash;
	// empty when unknown, and labels then carry no QR code.
	BaseURL   string
	TagPrefix string
	// SMTPURL is the mail server's URL with its password. It never goes
	// to a client, a log or the audit log: View and Sanitized drop it.
	SMTPURL string
	// LabelCalibration maps a label template id to its printer offset.
	LabelCalibration map[string]Offset
	SchoolHolidays   []Holiday
	MaxLoanDays      int
	Retention        Retention
	// FleetGrowth is the yearly growth of the fleet in percent, by which
	// the reports project the number of PCs.
	FleetGrowth float64
}

// Offset is a printer's calibration for one label template, in mm, in the
// form stored in the database.
type Offset struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// MaxOffset is the largest calibration offset each way, in mm: the label
// renderer's own limit, so that a saved offset always prints.
const MaxOffset = labels.MaxOffset

// Holiday is one range of school holidays, first and last day included,
// as entered or imported: Parc never computes holidays.
type Holiday struct {
	Name  string `json:"name"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// Retention holds how many days Parc keeps each kind of personal data.
type Retention struct {
	PublicReportsDays int `json:"public_reports_days"`
	PhotosDays        int `json:"photos_days"`
	SignaturesDays    int `json:"signatures_days"`
	AuditDetailsDays  int `json:"audit_details_days"`
}

// Defaults returns the values of a deployment that sets nothing. The
// retention periods are a starting point for the deployment's own record
// of processing. Public problem reports and the details of audit entries
// are kept one year, the longest that the CNIL's recommendation on
// activity logs (2021) advises. Photos are kept two years, which covers the
// year of the intervention and the committee's report on it. Signatures on
// work orders are kept five years, because a claim between public bodies
// lapses four years after the 1 January that follows the work (loi
// n° 68-1250 du 31 décembre 1968, article 1).
func Defaults() Values {
	return Values{
		OrganisationName: DefaultOrganisationName,
		LabelOwner:       config.DefaultLabelOwner,
		TagPrefix:        labels.DefaultPrefix,
		LabelCalibration: map[string]Offset{},
		SchoolHolidays:   []Holiday{},
		MaxLoanDays:      DefaultMaxLoanDays,
		FleetGrowth:      DefaultFleetGrowth,
		Retention: Retention{
			PublicReportsDays: 365,
			PhotosDays:        730,
			SignaturesDays:    1826,
			AuditDetailsDays:  365,
		},
	}
}

// Environment holds the values that PARC_* variables or flags of the
// command set, by key (label_owner, base_url, tag_prefix, smtp_url), as
// config.Load validated them. They win over the database.
type Environment map[string]string

// Snapshot is the effective deployment settings at one moment. Callers
// share it and must not change its maps or slices.
type Snapshot struct {
	Values Values
	// Sources maps each key to SourceDefault, SourceDatabase or
	// SourceEnvironment.
	Sources map[string]string
}

// load reads the stored settings through db and lays them, then env, over
// defaults.
func load(ctx context.Context, db bun.IDB, defaults Values, env Environment) (Snapshot, error) {
	storage := make([]string, len(Keys))
	for i, key := range Keys {
		storage[i] = storageKey(key)
	}
	var rows []setting
	if err := db.NewSelect().Model(&rows).Where("st.key IN (?)", bun.In(storage)).Scan(ctx); err != nil {
		return Snapshot{}, fmt.Errorf("select deployment settings: %w", err)
	}
	stored := make(map[string]string, len(rows))
	for _, r := range rows {
		stored[r.Key] = r.Value
	}

	snap := Snapshot{Values: defaults, Sources: make(map[string]string, len(Keys))}
	snap.Values.LabelCalibration = maps.Clone(defaults.LabelCalibration)
	snap.Values.SchoolHolidays = slices.Clone(defaults.SchoolHolidays)
	for _, key := range Keys {
		snap.Sources[key] = SourceDefault
		if raw, ok := env[key]; ok {
			setString(&snap.Values, key, raw)
			snap.Sources[key] = SourceEnvironment
			continue
		}
		raw, ok := stored[storageKey(key)]
		if !ok {
			continue
		}
		if err := decodeStored(&snap.Values, key, []byte(raw)); err != nil {
			return Snapshot{}, err
		}
		snap.Sources[key] = SourceDatabase
	}
	return snap, nil
}

// setString sets one of the string settings that the environment can set.
func setString(v *Values, key, s string) {
	switch key {
	case KeyLabelOwner:
		v.LabelOwner = s
	case KeyBaseURL:
		v.BaseURL = s
	case KeyTagPrefix:
		v.TagPrefix = s
	case KeySMTPURL:
		v.SMTPURL = s
	}
}

// field returns a pointer to the field of v that holds key, for JSON
// decoding and encoding of its stored form.
func field(v *Values, key string) any {
	switch key {
	case KeyOrganisationName:
		return &v.OrganisationName
	case KeyLabelOwner:
		return &v.LabelOwner
	case KeyBaseURL:
		return &v.BaseURL
	case KeyTagPrefix:
		return &v.TagPrefix
	case KeySMTPURL:
		return &v.SMTPURL
	case KeyLabelCalibration:
		return &v.LabelCalibration
	case KeySchoolHolidays:
		return &v.SchoolHolidays
	case KeyMaxLoanDays:
		return &v.MaxLoanDays
	case KeyRetention:
		return &v.Retention
	case KeyFleetGrowth:
		return &v.FleetGrowth
	}
	panic("settings: unknown key " + key)
}

func decodeStored(v *Values, key string, raw []byte) error {
	if err := json.Unmarshal(raw, field(v, key)); err != nil {
		return fmt.Errorf("decode setting %s: %w", key, err)
	}
	return nil
}

// storedJSON returns the stored form of key in v.
func storedJSON(v Values, key string) []byte {
	b, err := json.Marshal(field(&v, key))
	if err != nil {
		panic("settings: encode " + key + ": " + err.Error())
	}
	return b
}

// Service returns the effective deployment settings and changes them. On
// SQLite it keeps the snapshot until the database changes, so reading the
// settings costs no query on most requests.
type Service struct {
	store    *store.Store
	defaults Values
	env      Environment
	cache    store.VersionedCache[struct{}, Snapshot]
}

// NewService returns the settings of the deployment whose environment
// sets env, over defaults (usually Defaults()).
func NewService(s *store.Store, defaults Values, env Environment) *Service {
	return &Service{store: s, defaults: defaults, env: env, cache: store.VersionedCache[struct{}, Snapshot]{Max: 1}}
}

// Current returns the effective settings: the environment's, else the
// database's, else the defaults.
func (s *Service) Current(ctx context.Context) (Snapshot, error) {
	version, cacheable, err := s.store.DataVersion(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	if cacheable {
		if snap, ok := s.cache.Get(version, struct{}{}); ok {
			return snap, nil
		}
	}
	snap, err := load(ctx, s.store.Reader, s.defaults, s.env)
	if err != nil {
		return Snapshot{}, err
	}
	if cacheable {
		s.cache.Put(version, struct{}{}, snap)
	}
	return snap, nil
}
