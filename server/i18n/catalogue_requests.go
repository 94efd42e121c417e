package i18n

// The messages of requests ("demandes d'intervention") and their comments
// (/api/v1/requests), including who handles what the service's charter
// leaves out.
func init() {
	add(map[string]entry{
		"request_status_new":         {fr: "nouvelle", en: "new"},
		"request_status_planned":     {fr: "planifiée", en: "planned"},
		"request_status_in_progress": {fr: "en cours", en: "in progress"},
		"request_status_done":        {fr: "terminée", en: "done"},
		"request_status_refused":     {fr: "refusée", en: "refused"},
		"request_not_found": {
			fr: "Aucune demande n'a l'identifiant « %s ».",
			en: "No request has id %q.",
		},
		"request_created_new": {
			fr: "Une demande est créée « nouvelle », pas « %s » : un technicien la planifie ensuite.",
			en: "A request is created \"new\", not \"%s\": a technician plans it afterwards.",
		},
		"request_transition": {
			fr: "Une demande « %s » ne peut pas passer à « %s ». Une demande terminée ou refusée est close : créez-en une nouvelle.",
			en: "A \"%s\" request cannot become \"%s\". A done or refused request is closed: create a new one.",
		},
		"request_status_technicians": {
			fr: "Seul un technicien du service planifie, commence, termine ou refuse une demande.",
			en: "Only a technician of the service plans, starts, finishes or refuses a request.",
		},
		"request_not_new": {
			fr: "La demande est « %s » : elle ne se modifie plus. Ajoutez plutôt un commentaire.",
			en: "The request is \"%s\": it can no longer be changed. Add a comment instead.",
		},
		"request_planned_needs_date": {
			fr: "Indiquez la date prévue de l'intervention pour planifier la demande.",
			en: "Give the planned date of the intervention to plan the request.",
		},
		"request_refused_needs_reason": {
			fr: "Indiquez le motif du refus : le correspondant le reçoit.",
			en: "Give the reason for the refusal: the correspondent receives it.",
		},
		"request_asset_unknown": {
			fr: "Aucun matériel n'a l'identifiant « %s » : scannez son étiquette ou choisissez-le dans la liste.",
			en: "No asset has id %q: scan its label or choose it from the list.",
		},
		"request_asset_other_site": {
			fr: "Ce matériel n'est pas sur le site « %s » : choisissez un matériel de ce site, ou le bon site.",
			en: "This asset is not at site %q: choose an asset of that site, or the right site.",
		},
		"request_asset_before_xp": {
			fr: "Ce PC fonctionne sous %s, un Windows antérieur à XP.",
			en: "This PC runs %s, a Windows older than XP.",
		},
		"request_town_hall_server": {
			fr: "La mairie de %s a son propre serveur : son informatique est suivie par le prestataire de la commune, pas par le service.",
			en: "The town hall of %s runs its own server: its IT is looked after by the commune's contractor, not by the service.",
		},
		"request_not_deletable": {
			fr: "Une demande ne se supprime pas : un technicien la refuse avec un motif.",
			en: "A request cannot be deleted: a technician refuses it with a reason.",
		},
		"request_comment_append_only": {
			fr: "Un commentaire ne se supprime pas : il reste dans l'historique de la demande.",
			en: "A comment cannot be deleted: it stays in the history of the request.",
		},
		"request_comment_changed": {
			fr: "Le commentaire %s a déjà été reçu avec un autre texte, et un commentaire ne se modifie pas : ajoutez-en un nouveau.",
			en: "Comment %s was already received with another text, and a comment does not change: add a new one.",
		},
		"invalid_json_type": {
			fr: "Le champ « %s » n'a pas le bon type : vérifiez s'il attend un texte entre guillemets, un nombre ou un booléen.",
			en: "Field %q has the wrong type: check whether it expects quoted text, a number or a boolean.",
		},
		"request_out_of_scope_copier": {
			fr: "Les photocopieurs ne relèvent pas du service : contactez le fournisseur ou le loueur du copieur.",
			en: "Copiers are outside the service: contact the copier's supplier or lessor.",
		},
		"request_out_of_scope_printer_consumables": {
			fr: "Les consommables d'imprimante (cartouches, toner, papier) ne relèvent pas du service : la commune les commande à son fournisseur.",
			en: "Printer consumables (cartridges, toner, paper) are outside the service: the commune orders them from its supplier.",
		},
		"request_out_of_scope_printer_repair": {
			fr: "La réparation des imprimantes (rouleaux, têtes, pièces) ne relève pas du service : faites appel au fabricant ou à un réparateur.",
			en: "Printer repairs (rollers, heads, parts) are outside the service: call the maker or a repairer.",
		},
		"request_out_of_scope_educational_software": {
			fr: "Les logiciels et matériels éducatifs et pédagogiques ne relèvent pas du service : adressez-vous à l'Éducation nationale (ERUN de la circonscription) ou à l'éditeur.",
			en: "Educational software and hardware are outside the service: ask the Education nationale (the district's ERUN) or the publisher.",
		},
		"request_out_of_scope_business_software": {
			fr: "Les logiciels métier (état civil, comptabilité, cantine…) ne relèvent pas du service : contactez l'assistance de l'éditeur.",
			en: "Business software (civil records, accounts, school meals…) is outside the service: contact the publisher's support.",
		},
		"request_out_of_scope_child_protection": {
			fr: "La protection des mineurs (filtrage, contrôle parental) ne relève pas du service : elle dépend de l'Éducation nationale et du fournisseur d'accès.",
			en: "Child protection (filtering, parental control) is outside the service: it is the Education nationale's and the Internet provider's.",
		},
		"request_out_of_scope_pupil_email": {
			fr: "La messagerie sur les PC des élèves ne relève pas du service : seuls les postes de direction et de secrétariat sont configurés.",
			en: "E-mail on pupils' PCs is outside the service: only head-teacher and office PCs are set up.",
		},
		"request_out_of_scope_legacy_os": {
			fr: "Les PC sous un Windows antérieur à XP ne relèvent pas du service : ce poste est à remplacer ; le service peut conseiller la commune sur le choix du nouveau.",
			en: "PCs running a Windows older than XP are outside the service: this one should be replaced, and the service can advise the commune on choosing the new one.",
		},
		"request_out_of_scope_user_assistance": {
			fr: "L'aide à l'utilisation des logiciels (Word, Excel…) ne relève pas du service : orientez vers une formation ou l'aide de l'éditeur.",
			en: "Help using software (Word, Excel…) is outside the service: point to a training course or the publisher's help.",
		},
		"request_out_of_scope_training": {
			fr: "Les formations spécifiques ne relèvent pas du service : adressez-vous à un organisme de formation.",
			en: "Specific training is outside the service: ask a training organisation.",
		},
	})
}
