package demo

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"parc/labels"
	"parc/server/assets"
	"parc/server/tags"
)

// untaggedOneIn leaves about one PC in that many without a label, as PCs
// still waiting for the inventory round.
const untaggedOneIn = 40

func (b *builder) addAsset(site assets.Site, room *uuid.UUID, m modelSpec) error {
	purchase := b.date(m.years[0], m.years[1])
	system := pickOne(b.rng, m.systems)
	a := assets.Asset{
		ID: b.ids.next(), Kind: m.kind, Brand: m.brand, Model: m.model,
		Serial: m.serialPrefix + b.serialNumber(10-len(m.serialPrefix)),
		OS:     system[0], OSVersion: system[1],
		PurchaseDate: &purchase,
		Status:       assets.StatusInService,
		CommuneID:    site.CommuneID, SiteID: site.ID, RoomID: room,
		CreatedAt: b.created, UpdatedAt: b.created, Version: 1,
	}
	if m.warrantyYears > 0 {
		end := assets.Date{Time: purchase.AddDate(m.warrantyYears, 0, 0)}
		a.WarrantyEnd = &end
	}

	isPC := m.kind == assets.KindPC || m.kind == assets.KindLaptop
	if (isPC && purchase.Year() < 2012 && b.rng.IntN(8) == 0) || b.rng.IntN(50) == 0 {
		a.Status = assets.StatusBroken
	}
	if isPC && unsupported(a.OS) {
		a.RecommendedModel = replacement
	}
	if isPC && m.kind == assets.KindLaptop && site.Kind == assets.SiteKindSchool {
		a.Notes = "Rangé dans la classe mobile."
	}

	if !isPC || b.rng.IntN(untaggedOneIn) != 0 {
		if err := b.tag(&a); err != nil {
			return err
		}
	}
	if isPC && a.Tag != nil && a.Status == assets.StatusInService && b.rng.IntN(5) != 0 {
		// The last round of preventive maintenance, in the summer holidays.
		t := time.Date(2026, time.July, 6+b.rng.IntN(50), 9+b.rng.IntN(8), 0, 0, 0, time.UTC)
		a.LastMaintainedAt = &t
	}

	b.data.assets = append(b.data.assets, a)
	return nil
}

// tag gives a the next tag of the batch printed for the initial inventory,
// and the day of that inventory.
func (b *builder) tag(a *assets.Asset) error {
	b.serial++
	t, err := labels.NewAssetTag(b.prefix, b.serial)
	if err != nil {
		return err
	}
	text := t.String()
	a.Tag = &text
	b.data.assigned = append(b.data.assigned, tags.Assignment{Tag: t, AssetID: a.ID})
	inventoried := time.Date(2025, time.September, 15+b.rng.IntN(40), 8+b.rng.IntN(9), b.rng.IntN(60), 0, 0, time.UTC)
	a.LastInventoriedAt = &inventoried
	return nil
}

// unsupported reports a system past its vendor's end of support.
func unsupported(os string) bool {
	return slices.Contains([]string{"Windows 98", "Windows 2000", "Windows XP", "Windows 7"}, os)
}

func (b *builder) date(firstYear, lastYear int) assets.Date {
	year := firstYear + b.rng.IntN(lastYear-firstYear+1)
	return assets.NewDate(year, time.Month(1+b.rng.IntN(12)), 1+b.rng.IntN(28))
}

// serialNumber draws n characters of a manufacturer's serial number.
func (b *builder) serialNumber(n int) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	var s strings.Builder
	for range n {
		s.WriteByte(alphabet[b.rng.IntN(len(alphabet))])
	}
	return s.String()
}
