package requests

import (
	"slices"

	"parc/server/assets"
	"parc/server/i18n"
)

// Categories the service's charter covers for schools and town halls
// without a server (level 1).
var InScope = []string{
	"advice", "supplier_contact", "workstation_install", "os_setup", "network_setup",
	"email_setup", "os_repair", "reinstall", "printer_install", "office_install",
	"antivirus", "driver", "virus", "peripheral", "preventive_maintenance", "loan",
}

// OutOfScope are the categories the charter leaves to others. A request
// in one of them is rejected at creation, with who handles it instead.
var OutOfScope = []string{
	"copier", "printer_consumables", "printer_repair", "educational_software",
	"business_software", "child_protection", "pupil_email", "legacy_os",
	"user_assistance", "training",
}

// widerScope are the out-of-scope categories that the service still
// handles for the CCBE's office and the libraries, at levels 2 and 3.
var widerScope = []string{"copier", "printer_consumables", "printer_repair"}

// Categories lists every category code, in scope first.
var Categories = append(slices.Clone(InScope), OutOfScope...)

// categoryRefusal returns the reason a request of category at a site of
// kind siteKind is outside the service's charter, and false when it is
// within.
func categoryRefusal(category, siteKind string) (i18n.Message, bool) {
	if !slices.Contains(OutOfScope, category) {
		return i18n.Message{}, false
	}
	wider := siteKind == assets.SiteKindLibrary || siteKind == assets.SiteKindCCBEOffice
	if wider && slices.Contains(widerScope, category) {
		return i18n.Message{}, false
	}
	return i18n.Msg("request_out_of_scope_" + category), true
}

// CategoryLabel returns the name of a category code in the catalogue,
// such as « Réinstallation d'un poste » for reinstall.
func CategoryLabel(code string) i18n.Message {
	return i18n.Msg("request_category_" + code)
}

// UrgencyLabel returns the name of an urgency in the catalogue.
func UrgencyLabel(urgency string) i18n.Message {
	return i18n.Msg("request_urgency_" + urgency)
}
