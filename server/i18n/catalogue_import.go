package i18n

// The messages of the inventory import (/api/v1/import/assets and
// "parc import"), the CSV exports and the calendar feed.
func init() {
	add(map[string]entry{
		// Faults of one line of an imported file.
		"import_commune_missing": {
			fr: "La commune manque : indiquez la commune du matériel.",
			en: "The commune is missing: give the asset's commune.",
		},
		"import_site_missing": {
			fr: "Le site manque : indiquez l'école, la mairie ou le bâtiment du matériel.",
			en: "The site is missing: give the asset's school, town hall or building.",
		},
		"import_commune_unknown": {
			fr: "La commune « %s » n'existe pas dans Parc : l'import ne crée pas de commune, un administrateur doit d'abord la créer (ou corrigez son nom).",
			en: "Commune %q does not exist in Parc: the import creates no commune, so an administrator must create it first (or fix its name).",
		},
		"import_site_kind_unknown": {
			fr: "Type de site « %s » inconnu : écrivez école, mairie, bibliothèque ou CCBE.",
			en: "Unknown site kind %q: write school, town hall, library or CCBE.",
		},
		"import_site_kind_needed": {
			fr: "Le site « %s » est nouveau et son nom ne dit pas s'il s'agit d'une école, d'une mairie, d'une bibliothèque ou de la CCBE : ajoutez une colonne « Type de site ».",
			en: "Site %q is new and its name does not say whether it is a school, a town hall, a library or the CCBE: add a \"Site kind\" column.",
		},
		"import_kind_unknown": {
			fr: "Type de matériel « %s » inconnu : écrivez PC, portable, imprimante, routeur, écran, TBI, tablette ou autre.",
			en: "Unknown asset kind %q: write PC, laptop, printer, router, screen, interactive whiteboard, tablet or other.",
		},
		"import_status_unknown": {
			fr: "État « %s » inconnu : écrivez en service, en panne, prêté, en stock ou réformé.",
			en: "Unknown status %q: write in service, broken, on loan, in stock or retired.",
		},
		"import_date_unreadable": {
			fr: "Date « %s » illisible : écrivez-la jj/mm/aaaa, mm/aaaa ou aaaa.",
			en: "Unreadable date %q: write it as dd/mm/yyyy, mm/yyyy or yyyy.",
		},
		"import_date_month": {
			fr: "Date partielle « %s » : enregistrée au %s, premier jour du mois.",
			en: "Partial date %q: stored as %s, the first day of the month.",
		},
		"import_date_year": {
			fr: "Date partielle « %s » : enregistrée au %s, premier jour de l'année.",
			en: "Partial date %q: stored as %s, the first day of the year.",
		},
		"import_tag_repeated": {
			fr: "L'étiquette %s figure déjà ligne %d avec d'autres valeurs : une étiquette ne va que sur un matériel, corrigez l'une des deux lignes.",
			en: "Tag %s is already on line %d with other values: a tag goes on one asset only, so fix one of the two lines.",
		},
		"import_serial_repeated": {
			fr: "Le numéro de série « %s » figure déjà ligne %d avec d'autres valeurs : corrigez l'une des deux lignes, ou supprimez le doublon.",
			en: "Serial number %q is already on line %d with other values: fix one of the two lines, or delete the copy.",
		},
		"import_line_duplicate": {
			fr: "Ligne identique à la ligne %d : ignorée.",
			en: "Same line as line %d: skipped.",
		},
		"import_asset_claimed": {
			fr: "La ligne %d met déjà à jour ce matériel : vérifiez l'étiquette et le numéro de série des deux lignes.",
			en: "Line %d already updates this asset: check the tag and serial number of both lines.",
		},

		// Faults of the whole file.
		"import_technicians": {
			fr: "Seul un technicien du service importe un inventaire.",
			en: "Only a technician of the service imports an inventory.",
		},
		"import_file_missing": {
			fr: "Aucun fichier reçu : envoyez le fichier CSV dans le champ « file » ou comme corps de la requête en text/csv.",
			en: "No file received: send the CSV file in the \"file\" field or as the request body in text/csv.",
		},
		"import_file_too_large": {
			fr: "Le fichier fait %.1f Mio, au-delà de la limite de %.0f Mio : coupez-le en plusieurs fichiers.",
			en: "The file is %.1f MiB, over the %.0f MiB limit: split it into several files.",
		},
		"import_file_empty": {
			fr: "Le fichier est vide : il doit commencer par une ligne d'en-têtes.",
			en: "The file is empty: it must start with a header line.",
		},
		"import_file_unreadable": {
			fr: "Le fichier est illisible ligne %d (%s) : vérifiez les guillemets de cette ligne.",
			en: "The file cannot be read at line %d (%s): check the quotes of that line.",
		},
		"import_failed": {
			fr: "%d lignes ou colonnes en erreur : rien n'a été enregistré. Corrigez le fichier, ou importez seulement les lignes sans erreur.",
			en: "%d lines or columns have faults: nothing was written. Fix the file, or import only the lines without fault.",
		},
		"import_flag_invalid": {
			fr: "Valeur « %s » invalide pour %s : écrivez true ou false.",
			en: "Invalid value %q for %s: write true or false.",
		},

		// Exports and the calendar feed.
		"export_separator_invalid": {
			fr: "Séparateur « %s » invalide : écrivez ; ou ,.",
			en: "Invalid separator %q: write ; or ,.",
		},
		"ics_token_unknown": {
			fr: "Ce lien d'agenda n'est pas ou plus valable : copiez le nouveau lien dans Réglages.",
			en: "This calendar link is not valid or no longer valid: copy the new link from Settings.",
		},
	})
}
