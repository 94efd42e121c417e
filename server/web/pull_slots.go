package web

import (
	"runtime"

	"github.com/gofiber/fiber/v2"
)

// pullSlots bounds the sync pulls that the server builds at once. A page
// holds up to 1,000 records, loaded and encoded in memory, and 50 phones
// doing their first sync together held about 45 MiB of live heap (and
// twice that in RSS before a collection). Past the slots, a pull waits
// for a free one; the CPU does the same work in the same time.
var pullSlots = make(chan struct{}, 2*runtime.GOMAXPROCS(0))

// withPullSlot runs h in one of the pullSlots. A request whose client
// leaves while it waits still takes its turn, which is short.
func withPullSlot(h fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		pullSlots <- struct{}{}
		defer func() { <-pullSlots }()
		return h(c)
	}
}
