package tags_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"parc/labels"
	"parc/server/apierr"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/tags"
)

func countTags(t *testing.T, s *store.Store) int {
	t.Helper()
	n, err := s.Reader.NewSelect().Model((*tags.Tag)(nil)).Count(context.Background())
	if err != nil {
		t.Fatalf("count tags: %v", err)
	}
	return int(n)
}

// TestParallelBatchesNeverOverlap reserves batches from many goroutines
// at once, through two stores on the same database as two server
// processes would have, and checks that no tag comes out twice.
func TestParallelBatchesNeverOverlap(t *testing.T) {
	for _, dialect := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			s, second := storetest.OpenTwo(t, dialect)
			parallelBatches(t, s, second)
		})
	}
}

func parallelBatches(t *testing.T, s, second *store.Store) {
	ctx := context.Background()

	const workers, batches, size = 8, 5, 7
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	errs := make(chan error, workers*batches)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := s.DB
			if w%2 == 1 {
				db = second.DB
			}
			for range batches {
				_, reserved, err := tags.Reserve(ctx, db, nil, tags.Request{Prefix: "BE", Kind: labels.AssetTag, Count: size})
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				for _, tag := range reserved {
					seen[tag.String()]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("reserve: %v", err)
	}

	want := workers * batches * size
	if len(seen) != want {
		t.Errorf("%d distinct tags, want %d", len(seen), want)
	}
	for tag, n := range seen {
		if n > 1 {
			t.Errorf("tag %s reserved %d times", tag, n)
		}
	}
	for serial := 1; serial <= want; serial++ {
		tag, _ := labels.NewAssetTag("BE", serial)
		if seen[tag.String()] == 0 {
			t.Errorf("serial %d skipped", serial)
		}
	}
	if got := countTags(t, s); got != want {
		t.Errorf("registry holds %d tags, want %d", got, want)
	}
}

func TestReserveRefusesBadInputAndReservesNothing(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	cases := []struct {
		name string
		req  tags.Request
	}{
		{"count zero", tags.Request{Prefix: "BE", Count: 0}},
		{"count negative", tags.Request{Prefix: "BE", Count: -3}},
		{"count above the maximum", tags.Request{Prefix: "BE", Count: tags.MaxBatch + 1}},
		{"prefix with a digit", tags.Request{Prefix: "B3", Count: 1}},
		{"prefix too long", tags.Request{Prefix: "ABCD", Count: 1}},
		{"asset tags for places", tags.Request{Prefix: "BE", Kind: labels.AssetTag, Places: []tags.Place{{}}}},
	}
	for _, c := range cases {
		_, _, err := tags.Reserve(ctx, s.DB, nil, c.req)
		var ae *apierr.Error
		if !errors.As(err, &ae) || ae.Status != 422 || len(ae.Fields) == 0 {
			t.Errorf("%s: error %v, want a 422 naming the field", c.name, err)
		}
	}
	if n := countTags(t, s); n != 0 {
		t.Errorf("refused batches reserved %d tags", n)
	}

	// Serials of a prefix run out at 999999 for asset tags.
	_, err := s.DB.NewInsert().Model(&map[string]any{"prefix": "ZZ", "kind": "asset", "next_serial": 999998}).
		TableExpr("tag_counters").Exec(ctx)
	if err != nil {
		t.Fatalf("preset counter: %v", err)
	}
	if _, _, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "ZZ", Count: 5}); err == nil {
		t.Error("a batch past serial 999999 succeeded")
	}
	if _, got, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "ZZ", Count: 2}); err != nil || got[1].Serial != 999999 {
		t.Errorf("the last two serials: %v, %v", got, err)
	}
}

func TestReprintAndVoid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, reserved, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "BE", Count: 3})
		if err != nil {
			t.Fatalf("reserve: %v", err)
		}

		rows, err := tags.Reprint(ctx, s.DB, nil, reserved[:2])
		if err != nil || len(rows) != 2 || rows[0].Prints != 2 {
			t.Fatalf("reprint: %+v, %v", rows, err)
		}
		if _, err := tags.Void(ctx, s.DB, nil, reserved[1]); err != nil {
			t.Fatalf("void: %v", err)
		}
		if _, err := tags.Reprint(ctx, s.DB, nil, []labels.Tag{reserved[0], reserved[1]}); err == nil {
			t.Error("reprint of a void tag succeeded")
		}
		again, _ := tags.Reprint(ctx, s.DB, nil, reserved[:1])
		if len(again) != 1 || again[0].Prints != 3 {
			t.Errorf("a refused reprint changed the count: %+v", again)
		}
		never, _ := labels.NewAssetTag("BE", 500)
		if _, err := tags.Reprint(ctx, s.DB, nil, []labels.Tag{never}); err == nil {
			t.Error("reprint of a tag never reserved succeeded")
		}

		// A new batch continues after the voided tag: no serial comes back.
		_, next, err := tags.Reserve(ctx, s.DB, nil, tags.Request{Prefix: "BE", Count: 1})
		if err != nil || next[0].Serial != 4 {
			t.Errorf("next batch: %v, %v; want serial 4", next, err)
		}
	})
}

func TestParseTags(t *testing.T) {
	good, _ := labels.NewAssetTag("BE", 12)
	got, err := tags.ParseTags("BE", " "+good.String()+", "+good.String())
	if err != nil || len(got) != 2 {
		t.Errorf("ParseTags of two good tags: %v, %v", got, err)
	}
	for _, list := range []string{"", " , ", "BE0000120", good.String() + ",nonsense"} {
		if _, err := tags.ParseTags("BE", list); err == nil {
			t.Errorf("ParseTags(%q) succeeded", list)
		}
	}
}
