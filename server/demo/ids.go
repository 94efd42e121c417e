package demo

import (
	"encoding/binary"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// idSource makes UUIDv7 ids that are the same at every load: the time
// field counts milliseconds from a fixed instant and the random bits come
// from a seeded generator. Demo records therefore keep their URLs across
// reloads, and tests and docs can name them.
type idSource struct {
	ms  int64
	rng *rand.Rand
}

func newIDSource(rng *rand.Rand) *idSource {
	start := time.Date(2025, time.September, 1, 8, 0, 0, 0, time.UTC)
	return &idSource{ms: start.UnixMilli(), rng: rng}
}

func (s *idSource) next() uuid.UUID {
	s.ms++
	var id uuid.UUID
	binary.BigEndian.PutUint64(id[0:8], uint64(s.ms)<<16|uint64(s.rng.Uint32()&0xffff))
	binary.BigEndian.PutUint64(id[8:16], s.rng.Uint64())
	id[6] = 0x70 | id[6]&0x0f // version 7
	id[8] = 0x80 | id[8]&0x3f // RFC 9562 variant
	return id
}
