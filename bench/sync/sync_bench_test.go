package syncbench

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/valyala/fasthttp"

	"parc/server/assets"
	"parc/server/store"
)

const (
	// pushOps is the number of asset creations in one push.
	pushOps = 1000
	// pullAssets is the number of assets, demo ones included, that the
	// initial pull reads.
	pullAssets = 10000
	// pullLimit is the page size of the pull, the one the web app requests.
	pullLimit = 1000
)

// BenchmarkPush compares a push of 1,000 asset creations, sent over HTTP
// on loopback to the real handler, with bun inserts of the same rows in
// one transaction. Each iteration runs both, one after the other, so that
// a load from other processes weighs on both alike. It reports the rate
// of each in ops/s, one op being one asset created, push/raw the push's
// rate over the raw one, and the SQL statements per op of each.
func BenchmarkPush(b *testing.B) {
	dialects(b, func(b *testing.B, dialect store.Dialect) {
		srv := startServer(b, dialect)
		var push, raw, rawRows, rawAll phase
		for b.Loop() {
			b.StopTimer()
			body := pushBody(b, srv.newAssets(pushOps, "PUSH"))
			rows := srv.newAssets(pushOps, "RAW")
			all := srv.newAssets(pushOps, "ALL")
			single := srv.newAssets(pushOps, "ROW")
			b.StartTimer()
			push.measure(srv, func() { srv.push(b, body) })
			raw.measure(srv, func() { srv.insert(b, rows) })
			rawAll.measure(srv, func() { srv.insertWithRecords(b, all) })
			rawRows.measure(srv, func() { srv.insertOneByOne(b, single) })
		}

		ops := float64(pushOps * b.N)
		b.ReportMetric(ops/push.elapsed.Seconds(), "push-ops/s")
		b.ReportMetric(ops/raw.elapsed.Seconds(), "raw-ops/s")
		b.ReportMetric(raw.elapsed.Seconds()/push.elapsed.Seconds(), "push/raw")
		b.ReportMetric(rawAll.elapsed.Seconds()/push.elapsed.Seconds(), "push/raw-all")
		b.ReportMetric(rawRows.elapsed.Seconds()/push.elapsed.Seconds(), "push/raw-rows")
		b.ReportMetric(float64(push.queries)/ops, "push-queries/op")
		b.ReportMetric(float64(raw.queries)/ops, "raw-queries/op")
	})
}

// phase adds up the time and the statements of one side of a comparison.
type phase struct {
	elapsed time.Duration
	queries int64
}

func (p *phase) measure(srv *benchServer, fn func()) {
	queries, start := srv.queries.n.Load(), time.Now()
	fn()
	p.elapsed += time.Since(start)
	p.queries += srv.queries.n.Load() - queries
}

// insert stores rows with bun in one transaction.
func (srv *benchServer) insert(b *testing.B, rows []assets.Asset) {
	err := srv.store.DB.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		return store.InsertAll(ctx, tx, "assets", rows)
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkInitialPull compares an initial pull, every page of GET
// /api/v1/sync/pull from an empty cursor with the web app's page size,
// with a select of the same active communes, sites, rooms and assets and
// their JSON encoding. The fleet holds 10,000 assets, the demo ones and
// others created through pushes. Each iteration runs both, one after the
// other. It reports the time of each in ms, pull/raw the pull's time
// over the raw one, and the size of the pull's responses per asset, raw
// and compressed as gzip and brotli.
func BenchmarkInitialPull(b *testing.B) {
	dialects(b, func(b *testing.B, dialect store.Dialect) {
		srv := startServer(b, dialect)
		srv.fill(b, pullAssets)
		var pull, raw phase
		var pages [][]byte
		for b.Loop() {
			pull.measure(srv, func() { pages = srv.pullAll(b) })
			raw.measure(srv, func() { srv.selectAndEncode(b) })
		}

		n := float64(b.N)
		b.ReportMetric(pull.elapsed.Seconds()*1000/n, "pull-ms")
		b.ReportMetric(raw.elapsed.Seconds()*1000/n, "raw-ms")
		b.ReportMetric(pull.elapsed.Seconds()/raw.elapsed.Seconds(), "pull/raw")
		reportSizes(b, pages)
	})
}

// fill creates assets through pushes until the fleet holds n of them.
func (srv *benchServer) fill(b *testing.B, n int) {
	b.Helper()
	have, err := srv.store.Reader.NewSelect().Model((*assets.Asset)(nil)).Where("archived_at IS NULL").Count(context.Background())
	if err != nil {
		b.Fatalf("count assets: %v", err)
	}
	for missing := n - int(have); missing > 0; missing -= pushOps {
		srv.push(b, pushBody(b, srv.newAssets(min(missing, pushOps), "FILL")))
	}
}

// pullAll reads every page of an initial pull and returns the bodies.
// It reads the cursor and the flag "more" from the end of each body,
// where the server writes them after the changes, so that decoding the
// changes does not count as server time.
func (srv *benchServer) pullAll(b *testing.B) [][]byte {
	var pages [][]byte
	cursor := ""
	for {
		body := srv.get(b, "/api/v1/sync/pull?limit="+strconv.Itoa(pullLimit)+"&cursor="+url.QueryEscape(cursor))
		pages = append(pages, body)
		next, more := pageTail(b, body)
		if !more {
			return pages
		}
		cursor = next
	}
}

// pageTail returns the members cursor and more of a pull page, which
// follow the changes.
func pageTail(b *testing.B, body []byte) (string, bool) {
	i := bytes.LastIndex(body, []byte(`],"cursor":`))
	if i < 0 {
		b.Fatalf("pull page without a cursor after its changes: %.200s", body)
	}
	var tail struct {
		Cursor string `json:"cursor"`
		More   bool   `json:"more"`
	}
	if err := json.Unmarshal(append([]byte("{"), body[i+2:]...), &tail); err != nil {
		b.Fatalf("decode the end of a pull page: %v: %.200s", err, body[i:])
	}
	return tail.Cursor, tail.More
}

// reportSizes checks the pages of one pull, counts the assets in them and
// reports the bytes per asset: raw, gzip and brotli at the default levels
// of fasthttp (6 and 4), as a handler compressing each response would
// send them, and at their best levels (9 and 11).
func reportSizes(b *testing.B, pages [][]byte) {
	count := 0
	var raw, gzip, brotli, gzipBest, brotliBest int
	for _, page := range pages {
		count += countAssets(b, page)
		raw += len(page)
		gzip += len(fasthttp.AppendGzipBytesLevel(nil, page, fasthttp.CompressDefaultCompression))
		brotli += len(fasthttp.AppendBrotliBytesLevel(nil, page, fasthttp.CompressBrotliDefaultCompression))
		gzipBest += len(fasthttp.AppendGzipBytesLevel(nil, page, fasthttp.CompressBestCompression))
		brotliBest += len(fasthttp.AppendBrotliBytesLevel(nil, page, fasthttp.CompressBrotliBestCompression))
	}
	if count < pullAssets {
		b.Fatalf("the initial pull sent %d assets, want %d", count, pullAssets)
	}

	perAsset := func(n int) float64 { return float64(n) / float64(count) }
	b.ReportMetric(float64(count), "assets")
	b.ReportMetric(float64(len(pages)), "pages")
	b.ReportMetric(perAsset(raw), "B/asset")
	b.ReportMetric(perAsset(gzip), "gzip-B/asset")
	b.ReportMetric(perAsset(brotli), "br-B/asset")
	b.ReportMetric(perAsset(gzipBest), "gzip9-B/asset")
	b.ReportMetric(perAsset(brotliBest), "br11-B/asset")
}

// countAssets returns the number of asset upserts in a pull page.
func countAssets(b *testing.B, page []byte) int {
	var decoded struct {
		Changes []struct {
			Entity string `json:"entity"`
			Action string `json:"action"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(page, &decoded); err != nil {
		b.Fatalf("decode a pull page: %v", err)
	}
	n := 0
	for _, c := range decoded.Changes {
		if c.Entity == "asset" && c.Action == "upsert" {
			n++
		}
	}
	return n
}

// selectAndEncode reads the active communes, sites, rooms and assets with
// bun and encodes them as JSON, as the least a full load must do.
func (srv *benchServer) selectAndEncode(b *testing.B) {
	ctx := context.Background()
	db := srv.store.Reader
	var communes []assets.Commune
	var sites []assets.Site
	var rooms []assets.Room
	var list []assets.Asset
	queries := []*bun.SelectQuery{
		db.NewSelect().Model(&communes).Where("c.archived_at IS NULL"),
		db.NewSelect().Model(&sites).Where("s.archived_at IS NULL"),
		db.NewSelect().Model(&rooms).ColumnExpr("r.*").ColumnExpr("s.commune_id").
			Join("JOIN sites AS s ON s.id = r.site_id").Where("r.archived_at IS NULL"),
		db.NewSelect().Model(&list).ColumnExpr("a.*").ColumnExpr("s.commune_id").
			Join("JOIN sites AS s ON s.id = a.site_id").Where("a.archived_at IS NULL"),
	}
	for _, q := range queries {
		if err := q.Scan(ctx); err != nil {
			b.Fatalf("select: %v", err)
		}
	}
	if len(list) < pullAssets {
		b.Fatalf("selected %d assets, want %d", len(list), pullAssets)
	}
	for _, v := range []any{communes, sites, rooms, list} {
		if _, err := json.Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}
