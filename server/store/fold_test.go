package store_test

import (
	"context"
	"testing"

	"parc/server/store"
	"parc/server/store/storetest"
)

var foldCases = []struct{ in, want string }{
	{"École élémentaire", "ecole elementaire"},
	{"Châbons", "chabons"},
	{"FLACHÈRES", "flacheres"},
	{"Saint-Didier-de-Bizonnes", "saint-didier-de-bizonnes"},
	{"Noël, Ÿ, Ñ, ç", "noel, y, n, c"},
	{"BE000123X", "be000123x"},
	{"50% _off_", "50% _off_"},
	{"", ""},
}

func TestFold(t *testing.T) {
	for _, c := range foldCases {
		if got := store.Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFoldSQLMatchesFold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, c := range foldCases {
			var got string
			err := s.Reader.NewSelect().
				TableExpr("(SELECT CAST(? AS TEXT) AS x) AS t", c.in).
				ColumnExpr(store.FoldSQL("t.x")).
				Scan(ctx, &got)
			if err != nil {
				t.Fatalf("FoldSQL(%q): %v", c.in, err)
			}
			if got != c.want {
				t.Errorf("FoldSQL on %q = %q, want %q as Fold gives", c.in, got, c.want)
			}
		}
	})
}
