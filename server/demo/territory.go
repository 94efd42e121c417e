package demo

// communeSpec describes a commune of the demo territory: its schools with
// their number of PCs (desktops and laptops), and its town hall.
type communeSpec struct {
	name string
	// hasServer marks a town hall that runs its own server: it is listed
	// but out of scope, so the demo gives it no assets.
	hasServer bool
	schools   []schoolSpec
	// townHallPCs is the number of PCs of the town hall.
	townHallPCs int
}

type schoolSpec struct {
	name string
	// nursery selects the rooms of an école maternelle.
	nursery bool
	pcs     int
}

// territory lists the 13 communes of the Communauté de communes de Bièvre
// Est. The school PCs add up to 178 and the PCs of the town halls without a
// server to 11, the fleet the service charter starts from.
var territory = []communeSpec{
	{name: "Apprieu", townHallPCs: 1, schools: []schoolSpec{
		{name: "École élémentaire d'Apprieu", pcs: 14},
		{name: "École maternelle d'Apprieu", nursery: true, pcs: 8},
	}},
	{name: "Beaucroissant", townHallPCs: 1, schools: []schoolSpec{
		{name: "École primaire de Beaucroissant", pcs: 14},
	}},
	{name: "Bizonnes", townHallPCs: 1, schools: []schoolSpec{
		{name: "École primaire de Bizonnes", pcs: 8},
	}},
	{name: "Burcin", townHallPCs: 1, schools: []schoolSpec{
		{name: "École de Burcin", pcs: 5},
	}},
	{name: "Châbons", townHallPCs: 1, schools: []schoolSpec{
		{name: "École élémentaire de Châbons", pcs: 10},
		{name: "École maternelle de Châbons", nursery: true, pcs: 6},
	}},
	{name: "Colombe", townHallPCs: 1, schools: []schoolSpec{
		{name: "École primaire de Colombe", pcs: 12},
	}},
	{name: "Eydoche", townHallPCs: 1, schools: []schoolSpec{
		{name: "École d'Eydoche", pcs: 5},
	}},
	{name: "Flachères", townHallPCs: 1, schools: []schoolSpec{
		{name: "École de Flachères", pcs: 5},
	}},
	{name: "Izeaux", townHallPCs: 1, schools: []schoolSpec{
		{name: "École primaire d'Izeaux", pcs: 14},
	}},
	{name: "Le Grand-Lemps", hasServer: true, schools: []schoolSpec{
		{name: "École élémentaire du Grand-Lemps", pcs: 18},
		{name: "École maternelle du Grand-Lemps", nursery: true, pcs: 10},
	}},
	{name: "Oyeu", townHallPCs: 1, schools: []schoolSpec{
		{name: "École primaire d'Oyeu", pcs: 8},
	}},
	{name: "Renage", hasServer: true, schools: []schoolSpec{
		{name: "École élémentaire de Renage", pcs: 18},
		{name: "École maternelle de Renage", nursery: true, pcs: 12},
	}},
	{name: "Saint-Didier-de-Bizonnes", townHallPCs: 1, schools: []schoolSpec{
		{name: "École de Saint-Didier-de-Bizonnes", pcs: 11},
	}},
}

// The CCBE itself: its office, where the spare PCs wait for a loan, and the
// two libraries of the public-reading network.
const (
	ccbeName      = "Communauté de communes de Bièvre Est"
	ccbeSlug      = "ccbe"
	ccbeOffice    = "Siège de la CCBE"
	ccbeOfficePCs = 6
	spareLoanPCs  = 3
	libraryPCs    = 3
)

var libraries = []string{"Médiathèque du Grand-Lemps", "Médiathèque de Renage"}

// Rooms by kind of site. The first room of a school gets the most PCs.
var (
	elementaryRooms = []string{"Salle informatique", "Classe CP", "Classe CE1", "Classe CE2", "Classe CM1", "Classe CM2", "Bureau de direction", "BCD"}
	nurseryRooms    = []string{"Classe grande section", "Classe petite section", "Classe moyenne section", "Bureau de direction"}
	townHallRooms   = []string{"Secrétariat", "Accueil", "Bureau du maire"}
	officeRooms     = []string{"Bureau du service informatique", "Accueil", "Direction", "Réserve"}
	libraryRooms    = []string{"Espace multimédia", "Accueil"}
)
