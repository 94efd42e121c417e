package i18n

// The messages of spare-PC loans (/api/v1/loans, /api/v1/spares), of the
// yearly preventive-maintenance round (/api/v1/maintenance), and of a
// reference to an asset by id or tag, which both take.
func init() {
	add(map[string]entry{
		// An asset named by id or by the tag on its label.
		"asset_ref_empty": {
			fr: "Ce champ est obligatoire : scannez l'étiquette du matériel ou donnez son identifiant.",
			en: "This field is required: scan the asset's label or give its id.",
		},
		"asset_ref_unknown_id": {
			fr: "Aucun matériel n'a l'identifiant « %s » : scannez plutôt son étiquette.",
			en: "No asset has id %q: scan its label instead.",
		},
		"asset_ref_unknown_tag": {
			fr: "Aucun matériel ne porte l'étiquette « %s » : vérifiez le numéro, ou collez d'abord l'étiquette sur le matériel dans le parc.",
			en: "No asset carries tag %q: check the number, or first put the label on the asset in the fleet.",
		},

		// Loans.
		"loan_technicians": {
			fr: "Seul un technicien du service prête un PC de prêt ou le reprend.",
			en: "Only a technician of the service lends a spare PC or takes it back.",
		},
		"loan_not_found": {
			fr: "Aucun prêt n'a l'identifiant « %s ».",
			en: "No loan has id %q.",
		},
		"loan_none_open": {
			fr: "Le matériel « %s » n'est pas prêté en ce moment : vérifiez l'étiquette scannée.",
			en: "Asset %q is not on loan at the moment: check the scanned label.",
		},
		"loan_not_deletable": {
			fr: "Un prêt ne se supprime pas : il se clôt au retour du PC, et reste dans l'historique.",
			en: "A loan cannot be deleted: it closes when the PC comes back, and stays in the history.",
		},
		"loan_returned": {
			fr: "Ce prêt est clos : le PC a été rendu le %s. Pour le prêter de nouveau, créez un autre prêt.",
			en: "This loan is closed: the PC was returned on %s. To lend it again, create another loan.",
		},
		"loan_damaged_needs_note": {
			fr: "Décrivez le dommage constaté au retour : le PC passe « en panne » jusqu'à sa réparation.",
			en: "Describe the damage found on return: the PC becomes \"broken\" until it is repaired.",
		},
		"loan_asset_missing": {
			fr: "Scannez l'étiquette du PC de prêt, ou donnez son identifiant.",
			en: "Scan the label of the spare PC, or give its id.",
		},
		"loan_asset_archived": {
			fr: "Le matériel « %s » est archivé : restaurez-le d'abord dans le parc, ou prenez un autre PC de prêt.",
			en: "Asset %q is archived: restore it in the fleet first, or take another spare PC.",
		},
		"loan_asset_not_spare": {
			fr: "Le matériel « %s » ne fait pas partie des PC de prêt : prenez un PC de la réserve, ou ajoutez celui-ci aux PC de prêt.",
			en: "Asset %q is not one of the spare PCs: take a PC from the pool, or add this one to the spare PCs.",
		},
		"loan_asset_on_loan": {
			fr: "Le PC « %s » est déjà prêté, jusqu'au %s : enregistrez d'abord son retour.",
			en: "PC %q is already on loan, until %s: record its return first.",
		},
		"loan_asset_marked_on_loan": {
			fr: "Le PC « %s » est noté « en prêt » dans le parc sans prêt ouvert : corrigez son état dans sa fiche avant de le prêter.",
			en: "PC %q is marked \"on loan\" in the fleet without an open loan: correct its status on its sheet before lending it.",
		},
		"loan_asset_broken": {
			fr: "Le PC « %s » est en panne : faites-le réparer, ou prenez un autre PC de prêt.",
			en: "PC %q is broken: have it repaired, or take another spare PC.",
		},
		"loan_asset_retired": {
			fr: "Le PC « %s » est réformé : prenez un autre PC de prêt.",
			en: "PC %q is retired: take another spare PC.",
		},
		"loan_site_other_commune": {
			fr: "Le site « %s » n'appartient pas à la commune « %s » : choisissez un site de cette commune.",
			en: "Site %q does not belong to commune %q: choose a site of that commune.",
		},
		"loan_due_missing": {
			fr: "Indiquez la date de retour prévue, au format AAAA-MM-JJ.",
			en: "Give the due date of the return, as YYYY-MM-DD.",
		},
		"loan_due_past": {
			fr: "La date de retour %s est déjà passée : choisissez aujourd'hui (%s) ou plus tard.",
			en: "Due date %s is already past: choose today (%s) or later.",
		},
		"loan_due_too_far": {
			fr: "La date de retour %s dépasse la durée maximale d'un prêt, %d jours : choisissez le %s au plus tard.",
			en: "Due date %s exceeds the maximum loan duration of %d days: choose %s at the latest.",
		},
		"loan_keeps_place": {
			fr: "Un prêt garde son PC, sa commune et son site : enregistrez le retour, puis créez un autre prêt.",
			en: "A loan keeps its PC, commune and site: record the return, then create another loan.",
		},
		"loan_spare_not_pc": {
			fr: "Le matériel « %s » est de type « %s » : seuls les PC et portables complets servent de PC de prêt.",
			en: "Asset %q is of kind %q: only complete PCs and laptops serve as spare PCs.",
		},
		"loan_spare_not_found": {
			fr: "Le matériel « %s » ne fait pas partie des PC de prêt.",
			en: "Asset %q is not one of the spare PCs.",
		},
		"loan_spare_on_loan": {
			fr: "Le PC « %s » est prêté en ce moment : enregistrez son retour avant de le retirer des PC de prêt.",
			en: "PC %q is on loan at the moment: record its return before taking it out of the spare PCs.",
		},

		// Campaigns of preventive maintenance.
		"maintenance_technicians": {
			fr: "Seul un technicien du service planifie la maintenance préventive et coche ses contrôles.",
			en: "Only a technician of the service plans the preventive maintenance and ticks its checks.",
		},
		"maintenance_year_range": {
			fr: "L'année %d n'est pas possible : choisissez une année de %d à %d.",
			en: "Year %d is not possible: choose a year from %d to %d.",
		},
		"maintenance_year_unreadable": {
			fr: "« %s » n'est pas une année valide : donnez une année de %d à %d, par exemple 2026.",
			en: "%q is not a valid year: give a year from %d to %d, for example 2026.",
		},
		"maintenance_campaign_exists": {
			fr: "La campagne %d existe déjà : elle est jointe à cette réponse.",
			en: "The %d campaign already exists: it is sent with this response.",
		},
		"maintenance_campaign_not_found": {
			fr: "Aucune campagne de maintenance pour l'année %d : un technicien la crée d'abord.",
			en: "No maintenance campaign for year %d: a technician creates it first.",
		},

		// Visits.
		"maintenance_visit_status_planned":   {fr: "planifié", en: "planned"},
		"maintenance_visit_status_done":      {fr: "effectué", en: "done"},
		"maintenance_visit_status_cancelled": {fr: "annulé", en: "cancelled"},
		"maintenance_visit_not_found": {
			fr: "Aucun passage de maintenance n'a l'identifiant « %s ».",
			en: "No maintenance visit has id %q.",
		},
		"maintenance_visit_not_deletable": {
			fr: "Un passage de maintenance ne se supprime pas : passez-le à « annulé ».",
			en: "A maintenance visit cannot be deleted: set it to \"cancelled\".",
		},
		"maintenance_visit_created_planned": {
			fr: "Un passage est créé « planifié », pas « %s » : il passe ensuite à « effectué » ou « annulé ».",
			en: "A visit is created \"planned\", not %q: it becomes \"done\" or \"cancelled\" afterwards.",
		},
		"maintenance_visit_transition": {
			fr: "Un passage « %s » ne peut pas passer à « %s ». Un passage effectué est clos : planifiez-en un autre.",
			en: "A \"%s\" visit cannot become \"%s\". A done visit is closed: plan another one.",
		},
		"maintenance_visit_keeps_site": {
			fr: "Un passage garde son site : annulez-le, puis planifiez un passage sur l'autre site.",
			en: "A visit keeps its site: cancel it, then plan a visit to the other site.",
		},
		"maintenance_visit_done_day": {
			fr: "Ce passage a été effectué (prévu le %s) : sa date ne change plus.",
			en: "This visit is done (planned for %s): its day no longer changes.",
		},
		"maintenance_day_missing": {
			fr: "Indiquez le jour prévu du passage, au format AAAA-MM-JJ.",
			en: "Give the planned day of the visit, as YYYY-MM-DD.",
		},
		"maintenance_no_campaign": {
			fr: "Aucune campagne de maintenance pour %[2]d, l'année du %[1]s : créez d'abord la campagne %[2]d.",
			en: "No maintenance campaign for %[2]d, the year of %[1]s: create the %[2]d campaign first.",
		},
		"maintenance_site_server": {
			fr: "La mairie de %s a son propre serveur : ses PC sont suivis par le prestataire de la commune, hors de la maintenance du service.",
			en: "The town hall of %s runs its own server: its PCs are looked after by the commune's contractor, outside the service's maintenance.",
		},
		"maintenance_no_holidays": {
			fr: "Une école se visite pendant les vacances scolaires, et aucune période n'est saisie pour le %s : ajoutez les vacances dans les réglages (saisie ou import iCalendar).",
			en: "A school is visited during the school holidays, and no range is entered for %s: add the holidays in the settings (typed or imported from iCalendar).",
		},
		"maintenance_outside_holidays": {
			fr: "Le %s tombe hors des vacances scolaires, or une école se visite pendant les vacances. Périodes les plus proches : %s, et %s.",
			en: "%s falls outside the school holidays, and a school is visited during the holidays. Nearest ranges: %s, and %s.",
		},
		"maintenance_outside_holidays_next": {
			fr: "Le %s tombe hors des vacances scolaires, or une école se visite pendant les vacances. Prochaine période : %s.",
			en: "%s falls outside the school holidays, and a school is visited during the holidays. Next range: %s.",
		},
		"maintenance_outside_holidays_previous": {
			fr: "Le %s tombe hors des vacances scolaires, or une école se visite pendant les vacances. Dernière période saisie : %s ; ajoutez les suivantes dans les réglages.",
			en: "%s falls outside the school holidays, and a school is visited during the holidays. Last range entered: %s; add the next ones in the settings.",
		},
		"maintenance_holiday_range": {
			fr: "« %s » du %s au %s",
			en: "%q from %s to %s",
		},

		// Checks of the PCs on a visit.
		"maintenance_asset_missing": {
			fr: "Scannez l'étiquette du PC contrôlé, ou donnez son identifiant.",
			en: "Scan the label of the checked PC, or give its id.",
		},
		"maintenance_time_unreadable": {
			fr: "« %s » n'est pas une heure valide : écrivez-la au format RFC 3339, par exemple 2026-07-08T09:30:00Z.",
			en: "%q is not a valid time: write it in RFC 3339 format, for example 2026-07-08T09:30:00Z.",
		},
		"maintenance_time_future": {
			fr: "L'heure du contrôle, %s, est dans le futur : vérifiez l'horloge de l'appareil.",
			en: "The time of the check, %s, is in the future: check the device's clock.",
		},
		"maintenance_visit_closed": {
			fr: "Ce passage est « %s » : planifiez un autre passage pour contrôler d'autres PC.",
			en: "This visit is \"%s\": plan another visit to check more PCs.",
		},
		"maintenance_asset_other_site": {
			fr: "Le PC « %s » n'est pas sur le site « %s » du passage : contrôlez-le lors d'un passage sur son site, ou corrigez son site dans le parc.",
			en: "PC %q is not at site %q of the visit: check it on a visit to its site, or correct its site in the fleet.",
		},
		"maintenance_asset_out_of_scope": {
			fr: "Le matériel « %s » est hors de la maintenance préventive : %s",
			en: "Asset %q is outside the preventive maintenance: %s",
		},
		"maintenance_asset_not_pc": {
			fr: "c'est un matériel de type « %s », et seuls les PC et portables sont concernés.",
			en: "it is of kind %q, and only PCs and laptops are covered.",
		},
		"maintenance_asset_archived": {
			fr: "il est archivé.",
			en: "it is archived.",
		},
		"maintenance_asset_retired": {
			fr: "il est réformé.",
			en: "it is retired.",
		},
		"maintenance_asset_before_xp": {
			fr: "il fonctionne sous %s, un Windows antérieur à XP, que le service ne suit pas.",
			en: "it runs %s, a Windows older than XP, which the service does not look after.",
		},
		"maintenance_asset_server_town_hall": {
			fr: "il est dans une mairie qui a son propre serveur, suivie par le prestataire de la commune.",
			en: "it is in a town hall that runs its own server, looked after by the commune's contractor.",
		},
		"maintenance_check_changed": {
			fr: "Le contrôle « %s » est déjà enregistré avec d'autres valeurs : un contrôle ne se modifie pas, enregistrez-en un nouveau.",
			en: "Check %q is already recorded with other values: a check cannot be changed, record a new one.",
		},
		"maintenance_check_append_only": {
			fr: "Un contrôle ne se supprime pas : enregistrez-en un nouveau pour le corriger.",
			en: "A check cannot be deleted: record a new one to correct it.",
		},
	})
}
