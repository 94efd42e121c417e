package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

func TestImportRejectsBadFiles(t *testing.T) {
	goodLines := strings.Repeat("Apprieu;Mairie d'Apprieu;Accueil;HP;ProDesk;S\n", 200)
	header := "Commune;Site;Salle;Marque;Modèle;N° de série\n"
	cases := []struct {
		name, file, want string
	}{
		{"unclosed quote", header + "\"Apprieu;Mairie;HP\n" + goodLines, "Ligne 2 : un guillemet"},
		{"quote closed rows later", header + "\"Apprieu;Mairie;HP\n" + goodLines + "Apprieu;Mairie;Accueil;HP;\"x\"\n", "Ligne 2 : une cellule"},
		{"empty file", "", "Le fichier est vide"},
		{"blank file", " \n\n", "Le fichier est vide"},
		{"binary file", "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01", "n'est pas un tableau CSV"},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		for _, c := range cases {
			for _, path := range []string{"/api/v1/import/assets", "/api/v1/import/assets?allow_partial=true"} {
				body, contentType := multipartFile(t, "inventaire.csv", c.file)
				r := tech.do(t, http.MethodPost, path, body, "Content-Type", contentType)
				if r.status != http.StatusBadRequest || r.envelop.Error.Code != "invalid_file" || !strings.Contains(r.envelop.Error.Message, c.want) {
					t.Errorf("%s, POST %s: %d %s %q, want 400 invalid_file with %q", c.name, path, r.status, r.envelop.Error.Code, r.envelop.Error.Message, c.want)
				}
			}
		}
	})
}

func TestImportRejectsBadMaps(t *testing.T) {
	csvBody := "commune,site,numéro\nApprieu,Mairie d'Apprieu,IMP-1\n"
	cases := []struct {
		name, mapping string
		want          []string
	}{
		{"not json", "notjson", []string{"n'est pas un objet JSON valide", `{"en-tête du fichier": "champ"}`, "serial"}},
		{"unknown field", `{"numéro":"numero"}`, []string{"« numéro »", "« numero »", "tag, kind, commune", "serial"}},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		for _, c := range cases {
			path := "/api/v1/import/assets?dry_run=true&map=" + url.QueryEscape(c.mapping)
			r := tech.do(t, http.MethodPost, path, csvBody, "Content-Type", "text/csv")
			if r.status != http.StatusBadRequest {
				t.Errorf("%s: %d %s, want 400", c.name, r.status, r.body)
			}
			for _, w := range c.want {
				if !strings.Contains(r.envelop.Error.Message, w) {
					t.Errorf("%s: message %q lacks %q", c.name, r.envelop.Error.Message, w)
				}
			}
			if strings.Contains(r.envelop.Error.Message, "invalid character") {
				t.Errorf("%s: message %q shows the Go error", c.name, r.envelop.Error.Message)
			}
		}
	})
}
