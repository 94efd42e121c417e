// Command bare is the baseline of the load benchmark: a Fiber server with
// one handler that returns a constant asset document, encoded per request,
// without middleware or database. bench/run.sh compares
// GET /api/v1/assets/by-tag/{tag} with it.
package main

import (
	"flag"
	"log"

	"github.com/gofiber/fiber/v2"
)

// asset has the fields and size of an asset of the demo set.
type asset struct {
	ID                string  `json:"id"`
	Tag               string  `json:"tag"`
	Kind              string  `json:"kind"`
	Brand             string  `json:"brand"`
	Model             string  `json:"model"`
	Serial            string  `json:"serial"`
	OS                string  `json:"os"`
	OSVersion         string  `json:"os_version"`
	PurchaseDate      string  `json:"purchase_date"`
	WarrantyEnd       string  `json:"warranty_end"`
	Status            string  `json:"status"`
	CommuneID         string  `json:"commune_id"`
	SiteID            string  `json:"site_id"`
	RoomID            string  `json:"room_id"`
	RecommendedModel  string  `json:"recommended_model"`
	Notes             string  `json:"notes"`
	LastInventoriedAt string  `json:"last_inventoried_at"`
	LastMaintainedAt  *string `json:"last_maintained_at"`
	CreatedAt         string  `json:"created_at"`
	UpdatedAt         string  `json:"updated_at"`
	Version           int     `json:"version"`
}

var constant = asset{
	ID: "0199044a-440d-7cf0-83a0-56697d8abfa2", Tag: "BE000002D", Kind: "pc", Brand: "HP",
	Model: "ProDesk 400 G3", Serial: "CZCBURBEWA", OS: "Windows 10", OSVersion: "22H2",
	PurchaseDate: "2016-09-03", WarrantyEnd: "2019-09-03", Status: "in_service",
	CommuneID: "0199044a-4401-756a-9e78-38a27021e70a", SiteID: "0199044a-4402-7417-af7f-45a49a92e6cc",
	RoomID: "0199044a-4403-7c1a-8393-cd0dff4ff96e", LastInventoriedAt: "2025-10-14T12:32:00Z",
	CreatedAt: "2025-09-01T08:00:00Z", UpdatedAt: "2025-09-01T08:00:00Z", Version: 1,
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "host:port to listen on")
	flag.Parse()

	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/api/v1/assets/by-tag/:tag", func(c *fiber.Ctx) error {
		return c.JSON(constant)
	})
	log.Fatal(app.Listen(*addr))
}
