package assets

import "testing"

func TestSlug(t *testing.T) {
	cases := []struct{ name, want string }{
		{"Châbons", "chabons"},
		{"Saint-Didier-de-Bizonnes", "saint-didier-de-bizonnes"},
		{"Le Grand-Lemps", "le-grand-lemps"},
		{"Flachères", "flacheres"},
		{"  École  d'Eydoche ", "ecole-d-eydoche"},
		{"Œuvre Cœur", "oeuvre-coeur"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Slug(c.name); got != c.want {
			t.Errorf("Slug(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
