package importer

import (
	"bufio"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"parc/server/store"
)

// Fields of an imported line, which the columns of a file map to. They
// are also the names a mapping file gives.
const (
	FieldTag              = "tag"
	FieldKind             = "kind"
	FieldCommune          = "commune"
	FieldSite             = "site"
	FieldSiteKind         = "site_kind"
	FieldRoom             = "room"
	FieldBrand            = "brand"
	FieldModel            = "model"
	FieldSerial           = "serial"
	FieldOS               = "os"
	FieldOSVersion        = "os_version"
	FieldPurchaseDate     = "purchase_date"
	FieldWarrantyEnd      = "warranty_end"
	FieldStatus           = "status"
	FieldRecommendedModel = "recommended_model"
	FieldNotes            = "notes"
)

// Fields lists the fields in the order of an export.
var Fields = []string{
	FieldTag, FieldKind, FieldCommune, FieldSite, FieldSiteKind, FieldRoom, FieldBrand, FieldModel,
	FieldSerial, FieldOS, FieldOSVersion, FieldPurchaseDate, FieldWarrantyEnd, FieldStatus,
	FieldRecommendedModel, FieldNotes,
}

// Ignore is the field name that a mapping file gives a column to leave out.
const Ignore = "-"

// Headers are the French headers of an export, which the import
// recognises, in the order of Fields.
var Headers = []string{
	"Étiquette", "Type", "Commune", "Site", "Type de site", "Salle", "Marque", "Modèle",
	"Numéro de série", "Système", "Version du système", "Date d'achat", "Fin de garantie", "État",
	"Modèle recommandé", "Remarques",
}

// aliases maps folded header names, in French and English, to fields.
var aliases = map[string]string{
	"etiquette": FieldTag, "tag": FieldTag, "asset tag": FieldTag, "numero d inventaire": FieldTag,
	"n d inventaire": FieldTag, "no d inventaire": FieldTag, "inventaire": FieldTag, "code barre": FieldTag,

	"type": FieldKind, "kind": FieldKind, "type de materiel": FieldKind, "materiel": FieldKind,
	"categorie": FieldKind, "equipement": FieldKind, "asset type": FieldKind,

	"commune": FieldCommune, "town": FieldCommune, "municipality": FieldCommune, "ville": FieldCommune,

	"site": FieldSite, "ecole mairie": FieldSite, "ecole": FieldSite, "etablissement": FieldSite,
	"batiment": FieldSite, "building": FieldSite, "school": FieldSite, "lieu": FieldSite,

	"type de site": FieldSiteKind, "site kind": FieldSiteKind, "site type": FieldSiteKind,

	"salle": FieldRoom, "room": FieldRoom, "piece": FieldRoom, "local": FieldRoom,
	"emplacement": FieldRoom, "location": FieldRoom, "classe": FieldRoom,

	"marque": FieldBrand, "brand": FieldBrand, "fabricant": FieldBrand, "constructeur": FieldBrand,
	"manufacturer": FieldBrand, "make": FieldBrand,

	"modele": FieldModel, "model": FieldModel,

	"numero de serie": FieldSerial, "n de serie": FieldSerial, "no de serie": FieldSerial,
	"num de serie": FieldSerial, "n serie": FieldSerial, "serie": FieldSerial, "sn": FieldSerial,
	"s n": FieldSerial, "serial": FieldSerial, "serial number": FieldSerial, "serial no": FieldSerial,

	"systeme": FieldOS, "systeme d exploitation": FieldOS, "os": FieldOS, "se": FieldOS,
	"operating system": FieldOS, "system": FieldOS,

	"version du systeme": FieldOSVersion, "version": FieldOSVersion, "version os": FieldOSVersion,
	"os version": FieldOSVersion, "version de l os": FieldOSVersion,

	"date d achat": FieldPurchaseDate, "date achat": FieldPurchaseDate, "achat": FieldPurchaseDate,
	"achete le": FieldPurchaseDate, "annee d achat": FieldPurchaseDate, "purchase date": FieldPurchaseDate,
	"purchased": FieldPurchaseDate, "date of purchase": FieldPurchaseDate, "purchased on": FieldPurchaseDate,

	"fin de garantie": FieldWarrantyEnd, "garantie": FieldWarrantyEnd, "garantie jusqu au": FieldWarrantyEnd,
	"warranty end": FieldWarrantyEnd, "warranty": FieldWarrantyEnd, "end of warranty": FieldWarrantyEnd,

	"etat": FieldStatus, "statut": FieldStatus, "status": FieldStatus,

	"modele recommande": FieldRecommendedModel, "recommended model": FieldRecommendedModel,
	"remplacement conseille": FieldRecommendedModel,

	"remarques": FieldNotes, "remarque": FieldNotes, "notes": FieldNotes, "note": FieldNotes,
	"commentaire": FieldNotes, "commentaires": FieldNotes, "observations": FieldNotes,
	"comments": FieldNotes, "comment": FieldNotes,
}

// foldHeader returns a header in lower-case ASCII with single spaces
// between words: "N° de série" gives "n de serie".
func foldHeader(header string) string {
	folded := store.Fold(strings.TrimSpace(header))
	var b strings.Builder
	space := false
	for _, r := range folded {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// Mapping maps each column of a file, by index, to a field or to Ignore.
type Mapping []string

// Column is a header of a file with the field it maps to, as the web app
// shows them.
type Column struct {
	Header string `json:"header"`
	// Field is the field of the column, "" when the header is not
	// recognised and Ignore when the mapping leaves it out.
	Field string `json:"field"`
}

// MapHeaders maps each header to a field: first through custom, keyed by
// the header as written or folded, then through the usual names. A
// header that neither recognises maps to "". A field already taken by an earlier
// column is not given twice.
func MapHeaders(header []string, custom map[string]string) Mapping {
	folded := map[string]string{}
	for k, v := range custom {
		folded[foldHeader(k)] = v
	}
	m := make(Mapping, len(header))
	taken := map[string]bool{}
	for i, h := range header {
		field, ok := custom[strings.TrimSpace(h)]
		if !ok {
			field, ok = folded[foldHeader(h)]
		}
		if !ok {
			field = aliases[foldHeader(h)]
		}
		if field != Ignore && taken[field] {
			field = ""
		}
		if field != "" && field != Ignore {
			taken[field] = true
		}
		m[i] = field
	}
	return m
}

// Columns returns the headers with their fields.
func (m Mapping) Columns(header []string) []Column {
	out := make([]Column, len(header))
	for i, h := range header {
		out[i] = Column{Header: h, Field: m[i]}
	}
	return out
}

// Missing returns the required fields that no column maps to.
func (m Mapping) Missing() []string {
	var missing []string
	for _, f := range []string{FieldCommune, FieldSite} {
		if !slices.Contains(m, f) {
			missing = append(missing, f)
		}
	}
	return missing
}

// Has reports whether a column maps to field.
func (m Mapping) Has(field string) bool {
	return slices.Contains(m, field)
}

// ParseMap reads a mapping file: one "header = field" a line, where
// field is one of Fields or "-" to leave the column out. Blank lines and
// lines starting with # are skipped. The header is the text of the
// file's header cell; case, accents and punctuation do not matter.
func ParseMap(text string) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(strings.TrimPrefix(text, "\uFEFF")))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		header, field, ok := strings.Cut(line, "=")
		header, field = strings.TrimSpace(header), strings.TrimSpace(field)
		if !ok || header == "" {
			return nil, fmt.Errorf("mapping line %d %q: write \"header = field\"", n, line)
		}
		if field != Ignore && !slices.Contains(Fields, field) {
			return nil, fmt.Errorf("mapping line %d: unknown field %q; use one of %s or - to leave the column out",
				n, field, strings.Join(Fields, ", "))
		}
		out[header] = field
	}
	return out, sc.Err()
}
