package demo

// modelSpec is a product the demo fleet may contain, with the years it was
// bought in and the system it runs.
type modelSpec struct {
	kind, brand, model string
	// years is the first and last purchase year.
	years [2]int
	// systems lists the OS and version pairs such a machine runs; one is
	// picked per asset.
	systems [][2]string
	// serialPrefix starts the manufacturer's serial number.
	serialPrefix string
	// warrantyYears is the length of the manufacturer's warranty.
	warrantyYears int
}

var (
	win11    = [][2]string{{"Windows 11", "23H2"}, {"Windows 11", "24H2"}}
	win10    = [][2]string{{"Windows 10", "22H2"}}
	win7     = [][2]string{{"Windows 7", "SP1"}, {"PrimTux", "7"}}
	winXP    = [][2]string{{"Windows XP", "SP3"}}
	preXP    = [][2]string{{"Windows 98", "SE"}, {"Windows 2000", "SP4"}}
	noSystem = [][2]string{{"", ""}}
)

// desktops and laptops are grouped by age so that the generator can draw a
// realistic mix: mostly recent machines, some old ones, a few relics.
var (
	recentPCs = []modelSpec{
		{kind: "pc", brand: "Dell", model: "OptiPlex 3080", years: [2]int{2020, 2022}, systems: append(win11, win10...), serialPrefix: "", warrantyYears: 3},
		{kind: "pc", brand: "Lenovo", model: "ThinkCentre M70q Gen 2", years: [2]int{2021, 2023}, systems: win11, serialPrefix: "MJ0", warrantyYears: 3},
		{kind: "pc", brand: "HP", model: "ProDesk 400 G7", years: [2]int{2020, 2022}, systems: append(win11, win10...), serialPrefix: "CZC", warrantyYears: 3},
		{kind: "pc", brand: "Lenovo", model: "ThinkCentre M75q Gen 5", years: [2]int{2024, 2025}, systems: win11, serialPrefix: "MJ0", warrantyYears: 5},
		{kind: "laptop", brand: "Lenovo", model: "ThinkPad E14 Gen 2", years: [2]int{2021, 2023}, systems: win11, serialPrefix: "PF2", warrantyYears: 3},
		{kind: "laptop", brand: "HP", model: "ProBook 450 G8", years: [2]int{2021, 2022}, systems: append(win11, win10...), serialPrefix: "5CD", warrantyYears: 3},
		{kind: "laptop", brand: "Dell", model: "Latitude 3520", years: [2]int{2021, 2023}, systems: win11, serialPrefix: "", warrantyYears: 3},
	}
	olderPCs = []modelSpec{
		{kind: "pc", brand: "Dell", model: "OptiPlex 3020", years: [2]int{2014, 2016}, systems: win10, serialPrefix: "", warrantyYears: 3},
		{kind: "pc", brand: "HP", model: "ProDesk 400 G3", years: [2]int{2016, 2018}, systems: win10, serialPrefix: "CZC", warrantyYears: 3},
		{kind: "pc", brand: "Lenovo", model: "ThinkCentre M700", years: [2]int{2016, 2018}, systems: win10, serialPrefix: "PC0", warrantyYears: 3},
		{kind: "pc", brand: "Dell", model: "OptiPlex 780", years: [2]int{2010, 2012}, systems: win7, serialPrefix: "", warrantyYears: 3},
		{kind: "pc", brand: "HP", model: "Compaq 6000 Pro", years: [2]int{2010, 2012}, systems: win7, serialPrefix: "CZC", warrantyYears: 3},
		{kind: "laptop", brand: "Acer", model: "TravelMate P253", years: [2]int{2013, 2015}, systems: win10, serialPrefix: "NXV", warrantyYears: 2},
		{kind: "pc", brand: "Fujitsu", model: "Esprimo E5730", years: [2]int{2008, 2010}, systems: winXP, serialPrefix: "YK", warrantyYears: 3},
	}
	relicPCs = []modelSpec{
		{kind: "pc", brand: "Compaq", model: "Deskpro EN", years: [2]int{1999, 2001}, systems: preXP, serialPrefix: "6J0", warrantyYears: 3},
		{kind: "pc", brand: "HP", model: "Vectra VL400", years: [2]int{2000, 2001}, systems: preXP, serialPrefix: "FR1", warrantyYears: 3},
	}
)

// Other equipment of a site.
var (
	printers = []modelSpec{
		{kind: "printer", brand: "Brother", model: "HL-L2350DW", years: [2]int{2019, 2024}, systems: noSystem, serialPrefix: "E7", warrantyYears: 2},
		{kind: "printer", brand: "HP", model: "LaserJet Pro M404dn", years: [2]int{2019, 2023}, systems: noSystem, serialPrefix: "PHB", warrantyYears: 1},
		{kind: "printer", brand: "Epson", model: "EcoTank ET-4850", years: [2]int{2021, 2025}, systems: noSystem, serialPrefix: "X5", warrantyYears: 2},
	}
	routers = []modelSpec{
		{kind: "router", brand: "Orange", model: "Livebox 5", years: [2]int{2019, 2023}, systems: noSystem, serialPrefix: "LK", warrantyYears: 0},
		{kind: "router", brand: "Bouygues Telecom", model: "Bbox Fibre", years: [2]int{2020, 2024}, systems: noSystem, serialPrefix: "BB", warrantyYears: 0},
		{kind: "router", brand: "Free", model: "Freebox Pro", years: [2]int{2021, 2025}, systems: noSystem, serialPrefix: "FBX", warrantyYears: 0},
	}
	whiteboards = []modelSpec{
		{kind: "interactive_whiteboard", brand: "Promethean", model: "ActivPanel 9 65\"", years: [2]int{2021, 2025}, systems: noSystem, serialPrefix: "AP9", warrantyYears: 5},
		{kind: "interactive_whiteboard", brand: "Epson", model: "EB-695Wi", years: [2]int{2016, 2019}, systems: noSystem, serialPrefix: "X4Q", warrantyYears: 3},
		{kind: "interactive_whiteboard", brand: "Speechi", model: "SPE-65-E", years: [2]int{2022, 2025}, systems: noSystem, serialPrefix: "SPE", warrantyYears: 3},
	}
)

// replacement is the model the service recommends in place of a PC whose
// system is no longer supported.
const replacement = "Lenovo ThinkCentre M75q Gen 5"
