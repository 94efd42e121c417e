package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/tags"
)

// dataset is the whole demo set, built in memory before it is stored.
type dataset struct {
	communes []assets.Commune
	sites    []assets.Site
	rooms    []assets.Room
	assets   []assets.Asset
	users    []accounts.User
	// prefix and assigned are the tags of the initial inventory, in
	// serial order, for the registry.
	prefix   string
	assigned []tags.Assignment
	// spares are the assets of the pool of spare PCs that the service
	// lends.
	spares []uuid.UUID
}

// builder draws the demo set from a seeded generator, so every load gives
// the same records, ids included.
type builder struct {
	rng     *rand.Rand
	ids     *idSource
	prefix  string
	serial  int
	created time.Time
	data    dataset
}

// seed fixes the demo set; changing it changes every id and tag.
const seed = 20261204

func build(prefix string) (dataset, error) {
	rng := rand.New(rand.NewPCG(seed, seed))
	b := &builder{
		rng:     rng,
		ids:     newIDSource(rng),
		prefix:  prefix,
		created: time.Date(2025, time.September, 1, 8, 0, 0, 0, time.UTC),
	}
	b.data.prefix = prefix

	for _, spec := range territory {
		if err := b.addCommune(spec); err != nil {
			return dataset{}, err
		}
	}
	if err := b.addCCBE(); err != nil {
		return dataset{}, err
	}
	b.addUsers()
	return b.data, nil
}

func (b *builder) addCommune(spec communeSpec) error {
	pcs := spec.townHallPCs
	for _, school := range spec.schools {
		pcs += school.pcs
	}
	commune := b.commune(spec.name, assets.Slug(spec.name), assets.CommuneKindCommune, exampleAllowance(pcs), spec.hasServer)

	for _, school := range spec.schools {
		rooms := elementaryRooms
		if school.nursery {
			rooms = nurseryRooms
		}
		site, roomIDs := b.site(commune.ID, school.name, assets.SiteKindSchool, rooms)
		if err := b.addSchoolAssets(site, roomIDs, school); err != nil {
			return err
		}
	}

	site, roomIDs := b.site(commune.ID, "Mairie "+ofCommune(spec.name), assets.SiteKindTownHall, townHallRooms)
	if spec.hasServer {
		// Out of scope: an outside contractor looks after it.
		return nil
	}
	for range spec.townHallPCs {
		if err := b.addAsset(site, &roomIDs[0], b.pick(recentPCs, olderPCs, nil)); err != nil {
			return err
		}
	}
	if err := b.addAsset(site, &roomIDs[0], pickOne(b.rng, printers)); err != nil {
		return err
	}
	return b.addAsset(site, &roomIDs[1], pickOne(b.rng, routers))
}

func (b *builder) addSchoolAssets(site assets.Site, roomIDs []uuid.UUID, school schoolSpec) error {
	// Half the PCs are in the first room, the computer room of an école
	// élémentaire. The others go one per room in turn, and laptops stay in
	// the mobile cart, outside any room.
	for i := range school.pcs {
		room := &roomIDs[0]
		if i >= school.pcs/2 {
			room = &roomIDs[1+i%(len(roomIDs)-1)]
		}
		model := b.pick(recentPCs, olderPCs, relicPCs)
		if model.kind == assets.KindLaptop {
			room = nil
		}
		if err := b.addAsset(site, room, model); err != nil {
			return err
		}
	}

	director := &roomIDs[len(roomIDs)-1]
	if !school.nursery {
		director = &roomIDs[6] // "Bureau de direction"
	}
	extras := []modelSpec{pickOne(b.rng, printers), pickOne(b.rng, routers)}
	for _, m := range extras {
		if err := b.addAsset(site, director, m); err != nil {
			return err
		}
	}

	// Interactive whiteboards hang in the older pupils' classrooms.
	boards := 1 + b.rng.IntN(3)
	if school.nursery {
		boards = b.rng.IntN(2)
	}
	for i := range boards {
		room := &roomIDs[0] // "Classe grande section"
		if !school.nursery {
			room = &roomIDs[5-i] // "Classe CM2", then CM1, then CE2
		}
		if err := b.addAsset(site, room, pickOne(b.rng, whiteboards)); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) addCCBE() error {
	ccbe := b.commune(ccbeName, ccbeSlug, assets.CommuneKindIntercommunality, 150*60, false)

	office, rooms := b.site(ccbe.ID, ccbeOffice, assets.SiteKindCCBEOffice, officeRooms)
	for i := range ccbeOfficePCs {
		if err := b.addAsset(office, &rooms[i%3], pickOne(b.rng, recentPCs)); err != nil {
			return err
		}
	}
	for n := range spareLoanPCs {
		spare := recentPCs[3] // ThinkCentre M75q: the spare PCs are the newest
		if err := b.addAsset(office, &rooms[3], spare); err != nil {
			return err
		}
		a := &b.data.assets[len(b.data.assets)-1]
		a.Status = assets.StatusInStock
		a.Notes = fmt.Sprintf("PC de prêt n° %d : poste complet, sans logiciel métier.", n+1)
		b.data.spares = append(b.data.spares, a.ID)
	}
	for _, m := range []modelSpec{pickOne(b.rng, printers), pickOne(b.rng, routers)} {
		if err := b.addAsset(office, &rooms[0], m); err != nil {
			return err
		}
	}

	for _, name := range libraries {
		site, rooms := b.site(ccbe.ID, name, assets.SiteKindLibrary, libraryRooms)
		for range libraryPCs {
			if err := b.addAsset(site, &rooms[0], pickOne(b.rng, recentPCs)); err != nil {
				return err
			}
		}
		if err := b.addAsset(site, &rooms[1], pickOne(b.rng, printers)); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) commune(name, slug, kind string, allowanceMinutes int, hasServer bool) assets.Commune {
	c := assets.Commune{
		ID: b.ids.next(), Name: name, Slug: slug, Kind: kind,
		AllowanceMinutes: allowanceMinutes, HasServer: hasServer,
		CreatedAt: b.created, UpdatedAt: b.created, Version: 1,
	}
	b.data.communes = append(b.data.communes, c)
	return c
}

func (b *builder) site(communeID uuid.UUID, name, kind string, roomNames []string) (assets.Site, []uuid.UUID) {
	s := assets.Site{
		ID: b.ids.next(), CommuneID: communeID, Name: name, Kind: kind,
		CreatedAt: b.created, UpdatedAt: b.created, Version: 1,
	}
	b.data.sites = append(b.data.sites, s)

	ids := make([]uuid.UUID, len(roomNames))
	for i, rn := range roomNames {
		ids[i] = b.ids.next()
		b.data.rooms = append(b.data.rooms, assets.Room{
			ID: ids[i], SiteID: s.ID, Name: rn,
			CreatedAt: b.created, UpdatedAt: b.created, Version: 1,
		})
	}
	return s, ids
}

// pick draws a PC model: mostly recent, some older, a few relics older
// than Windows XP when relics is given.
func (b *builder) pick(recent, older, relics []modelSpec) modelSpec {
	n := b.rng.IntN(100)
	switch {
	case relics != nil && n < 3:
		return pickOne(b.rng, relics)
	case n < 30:
		return pickOne(b.rng, older)
	default:
		return pickOne(b.rng, recent)
	}
}

func pickOne[T any](rng *rand.Rand, items []T) T {
	return items[rng.IntN(len(items))]
}

// exampleAllowance is the demo's yearly allowance of a commune: 10 hours
// plus 1.5 hours per PC, rounded up to 5 hours, in minutes. The committee
// sets the real figures.
func exampleAllowance(pcs int) int {
	hours := 10 + (3*pcs+1)/2
	hours = (hours + 4) / 5 * 5
	return hours * 60
}

func (b *builder) addUsers() {
	b.data.users = append(b.data.users,
		b.user("technicien@demo.invalid", "Technicien (démonstration)", accounts.RoleTechnician, nil),
		b.user("comite@demo.invalid", "Comité de suivi (démonstration)", accounts.RoleCommittee, nil),
	)
	for _, c := range b.data.communes {
		if c.Kind != assets.CommuneKindCommune {
			continue
		}
		email := "correspondant-" + c.Slug + "@demo.invalid"
		name := "Correspondant " + ofCommune(c.Name) + " (démonstration)"
		b.data.users = append(b.data.users, b.user(email, name, accounts.RoleCorrespondent, []uuid.UUID{c.ID}))
	}
}

// ofCommune returns "de" and the commune's name with French elision and
// contraction: "d'Apprieu", "du Grand-Lemps", "de Renage".
func ofCommune(name string) string {
	switch {
	case strings.HasPrefix(name, "Le "):
		return "du " + strings.TrimPrefix(name, "Le ")
	case strings.HasPrefix(name, "Les "):
		return "des " + strings.TrimPrefix(name, "Les ")
	case strings.ContainsRune("AEIOUYÉÈH", []rune(name)[0]):
		return "d'" + name
	default:
		return "de " + name
	}
}

func (b *builder) user(email, name, role string, communes []uuid.UUID) accounts.User {
	return accounts.User{
		ID: b.ids.next(), Email: strings.ToLower(email), Name: name, Role: role,
		Language: "fr", CommuneIDs: communes,
		CreatedAt: b.created, UpdatedAt: b.created, Version: 1,
	}
}
