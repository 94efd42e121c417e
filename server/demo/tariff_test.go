package demo_test

import (
	"context"
	"strings"
	"testing"

	"parc/server/demo"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tariffs"
)

func TestDemoShipsAnExampleTariff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s, "BE", storetest.Logger()); err != nil {
			t.Fatalf("load demo: %v", err)
		}
		list, err := tariffs.List(ctx, s.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 {
			t.Fatalf("demo tariffs = %d, want 1", len(list))
		}
		if got := list[0].Name; got != demo.ExampleTariffName || !strings.Contains(got, "exemple") {
			t.Errorf("demo tariff named %q, want a name that says it is an example", got)
		}
		if list[0].ValidTo != nil || list[0].PCFeeCents == 0 {
			t.Errorf("demo tariff %+v: want an open period and a fee per PC", list[0])
		}
	})
}
