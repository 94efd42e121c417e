package i18n

// The messages of problem reports handled through a push, of maintenance
// campaigns opened on a device, and of upload ids.
func init() {
	add(map[string]entry{
		"problem_report_not_deletable": {
			fr: "Un signalement ne se supprime pas : classez-le sans suite, avec la raison.",
			en: "A problem report is never deleted: dismiss it, with the reason.",
		},
		"problem_report_sync_request_missing": {
			fr: "Donnez l'identifiant de la demande créée à partir de ce signalement.",
			en: "Give the id of the request made from this report.",
		},
		"problem_report_sync_request_body": {
			fr: "La demande « %s » n'existe pas encore : envoyez sa catégorie et son urgence dans « request » pour la créer.",
			en: "Request %q does not exist yet: send its category and urgency in \"request\" to create it.",
		},
		"problem_report_sync_request_commune": {
			fr: "La demande « %s » concerne une autre commune que le matériel signalé : choisissez une demande de sa commune, ou créez-en une.",
			en: "Request %q is about another commune than the reported asset: choose a request of its commune, or make a new one.",
		},
		"problem_report_sync_request_taken": {
			fr: "La demande « %s » vient déjà d'un autre signalement : créez une nouvelle demande pour celui-ci.",
			en: "Request %q already comes from another report: make a new request for this one.",
		},
		"file_upload_id_unreadable": {
			fr: "L'en-tête X-Upload-Id « %s » n'est pas un identifiant valide : un UUID est attendu, le même à chaque nouvel envoi du fichier.",
			en: "Header X-Upload-Id %q is not a valid id: a UUID is expected, the same each time the file is sent again.",
		},
		"maintenance_campaign_keeps_year": {
			fr: "Cette campagne est celle de %d et le reste : ouvrez une autre campagne pour une autre année.",
			en: "This campaign is the one of %d and stays so: open another campaign for another year.",
		},
		"maintenance_campaign_not_deletable": {
			fr: "Une campagne de maintenance ne se supprime pas : laissez-la, même sans passage.",
			en: "A maintenance campaign is never deleted: keep it, even without visits.",
		},
	})
}
