package assets_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

func TestFieldTellsAbsentFromNull(t *testing.T) {
	var req assets.SiteRequest
	if err := json.Unmarshal([]byte(`{"name":"Gymnase","address":null}`), &req); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if !req.Name.Set || req.Name.Null || req.Name.Value != "Gymnase" {
		t.Errorf("name = %+v, want set to Gymnase", req.Name)
	}
	if !req.Address.Set || !req.Address.Null {
		t.Errorf("address = %+v, want set to null", req.Address)
	}
	if req.Kind.Set || req.CommuneID.Set {
		t.Errorf("absent members read as set: kind %+v, commune_id %+v", req.Kind, req.CommuneID)
	}
}

func newWriter(s *store.Store) *assets.Writer {
	return &assets.Writer{
		DB:        s.DB,
		TagPrefix: func(context.Context) (string, error) { return "BE", nil },
		Tags:      tags.Registry{},
	}
}

// TestConcurrentSiteNamesStayUnique creates sites whose names differ only
// by case and accents from many goroutines at once, through two stores as
// two server processes would. The database's own constraint compares
// names exactly, so only the serialized check keeps a second one out.
func TestConcurrentSiteNamesStayUnique(t *testing.T) {
	for _, dialect := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			first, second := storetest.OpenTwo(t, dialect)
			ctx := context.Background()
			commune, err := newWriter(first).CreateCommune(ctx, nil, assets.CommuneRequest{
				Name: assets.Field[string]{Set: true, Value: "Sillans"},
			})
			if err != nil {
				t.Fatalf("create commune: %v", err)
			}

			// Each round races eight spellings of one name.
			for _, base := range []string{"Gymnase", "Cantine", "Préau", "Réfectoire", "Garderie"} {
				names := []string{
					base, strings.ToUpper(base), strings.ToLower(base), base + " ",
					" " + strings.ToLower(base), strings.ReplaceAll(base, "e", "é"),
					strings.ToUpper(strings.ReplaceAll(base, "e", "é")), strings.ReplaceAll(base, "é", "e"),
				}
				errs := make([]error, len(names))
				var wg sync.WaitGroup
				for i, name := range names {
					wg.Add(1)
					go func() {
						defer wg.Done()
						s := first
						if i%2 == 1 {
							s = second
						}
						_, errs[i] = newWriter(s).CreateSite(ctx, nil, assets.SiteRequest{
							CommuneID: assets.Field[string]{Set: true, Value: commune.ID.String()},
							Name:      assets.Field[string]{Set: true, Value: name},
							Kind:      assets.Field[string]{Set: true, Value: assets.SiteKindSchool},
						})
					}()
				}
				wg.Wait()

				created := 0
				for i, err := range errs {
					var ae *apierr.Error
					switch {
					case err == nil:
						created++
					case errors.As(err, &ae) && ae.Status == http.StatusUnprocessableEntity && ae.Fields["name"].Key == "fleet_site_name_taken":
					default:
						t.Errorf("site %q: %v, want success or a 422 on name", names[i], err)
					}
				}
				if created != 1 {
					t.Errorf("%d sites named like %s created, want 1", created, base)
				}
			}
			n, err := first.Reader.NewSelect().Model((*assets.Site)(nil)).Where("commune_id = ?", commune.ID).Count(ctx)
			if err != nil || n != 5 {
				t.Errorf("sites of the commune: %d, %v; want 5", n, err)
			}
		})
	}
}

func TestTextRulesCountCharacters(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	w := newWriter(s)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{strings.Repeat("É", 100), true},
		{strings.Repeat("É", 101), false},
		{"Œuvre", true},
		{"Tab\tinside", false},
	} {
		_, err := w.CreateCommune(ctx, nil, assets.CommuneRequest{Name: assets.Field[string]{Set: true, Value: c.name}})
		if (err == nil) != c.ok {
			t.Errorf("commune named %q (%d bytes): error %v, want ok %v", c.name, len(c.name), err, c.ok)
		}
	}
}
