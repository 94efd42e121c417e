package importer

import (
	"strings"

	"parc/server/assets"
	"parc/server/i18n"
	"parc/server/store"
)

// Issue is a fault or a remark about one field of a line.
type Issue struct {
	Field   string
	Message i18n.Message
}

// line is a row read into the fields of an asset, with what was wrong.
type line struct {
	number int
	values map[string]string
	// asset holds the normalised values of the asset's own fields.
	asset          assets.Asset
	commune, site  string
	siteKind, room string
	errors         []Issue
	warnings       []Issue
	// duplicate is the number of the earlier identical line, or 0.
	duplicate int
}

func (l *line) fail(field, key string, args ...any) {
	l.errors = append(l.errors, Issue{Field: field, Message: i18n.Msg(key, args...)})
}

func (l *line) warn(field, key string, args ...any) {
	l.warnings = append(l.warnings, Issue{Field: field, Message: i18n.Msg(key, args...)})
}

// readLine reads row through m and normalises its values. A file without
// a kind column holds PCs.
func readLine(row Row, m Mapping) *line {
	l := &line{number: row.Line, values: map[string]string{}}
	for i, field := range m {
		if field == "" || field == Ignore || i >= len(row.Cells) {
			continue
		}
		l.values[field] = row.Cells[i]
	}
	v := func(field string) string { return cleanLine(l.values[field]) }

	l.commune, l.site, l.room = v(FieldCommune), v(FieldSite), v(FieldRoom)
	if l.commune == "" {
		l.fail(FieldCommune, "import_commune_missing")
	}
	if l.site == "" {
		l.fail(FieldSite, "import_site_missing")
	}
	l.readSiteKind(v(FieldSiteKind))

	a := &l.asset
	a.Brand, a.Model = normalizeBrand(l.values[FieldBrand]), v(FieldModel)
	a.Serial = v(FieldSerial)
	a.OS, a.OSVersion = normalizeOS(l.values[FieldOS], l.values[FieldOSVersion])
	a.RecommendedModel, a.Notes = v(FieldRecommendedModel), cleanText(l.values[FieldNotes])
	if tag := strings.ToUpper(strings.Join(strings.Fields(l.values[FieldTag]), "")); tag != "" {
		a.Tag = &tag
	}
	l.readKind(v(FieldKind))
	l.readStatus(v(FieldStatus))
	a.PurchaseDate = l.readDate(FieldPurchaseDate, v(FieldPurchaseDate))
	a.WarrantyEnd = l.readDate(FieldWarrantyEnd, v(FieldWarrantyEnd))
	return l
}

func (l *line) readSiteKind(text string) {
	if text == "" {
		l.siteKind = guessSiteKind(l.site)
		return
	}
	kind, ok := lookupName(siteKindNames, text)
	if !ok {
		l.fail(FieldSiteKind, "import_site_kind_unknown", text)
		return
	}
	l.siteKind = kind
}

func (l *line) readKind(text string) {
	if text == "" {
		l.asset.Kind = assets.KindPC
		return
	}
	kind, ok := lookupName(kindNames, text)
	if !ok {
		l.fail(FieldKind, "import_kind_unknown", text)
		return
	}
	l.asset.Kind = kind
}

func (l *line) readStatus(text string) {
	if text == "" {
		l.asset.Status = assets.StatusInService
		return
	}
	status, ok := lookupName(statusNames, text)
	if !ok {
		l.fail(FieldStatus, "import_status_unknown", text)
		return
	}
	l.asset.Status = status
}

func (l *line) readDate(field, text string) *assets.Date {
	if text == "" {
		return nil
	}
	d, precision, ok := parseDate(text)
	if !ok {
		l.fail(field, "import_date_unreadable", text)
		return nil
	}
	switch precision {
	case precisionMonth:
		l.warn(field, "import_date_month", text, d.Format("02/01/2006"))
	case precisionYear:
		l.warn(field, "import_date_year", text, d.Format("02/01/2006"))
	}
	return &d
}

// contentKey returns the line's values once normalised, so that two
// lines with the same key are copies of each other.
func (l *line) contentKey() string {
	a := l.asset
	tag := ""
	if a.Tag != nil {
		tag = *a.Tag
	}
	return strings.Join([]string{
		store.Fold(l.commune), store.Fold(l.site), store.Fold(l.room), l.siteKind, tag, a.Kind, a.Brand, a.Model,
		serialKey(a.Serial), a.OS, a.OSVersion, dateText(a.PurchaseDate), dateText(a.WarrantyEnd), a.Status,
		a.RecommendedModel, a.Notes,
	}, "\x00")
}
