package i18n

// The messages of the fleet's writes: communes, sites, rooms and assets.
func init() {
	add(map[string]entry{
		// Values that cannot be read (400) and ids already taken (409).
		"fleet_invalid_values": {
			fr: "Certaines valeurs sont illisibles : voyez le détail par champ.",
			en: "Some values cannot be read: see the details per field.",
		},
		"fleet_id_unreadable": {
			fr: "« %s » n'est pas un identifiant valide : un UUID est attendu, par exemple 01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f.",
			en: "%q is not a valid id: a UUID is expected, for example 01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f.",
		},
		"fleet_date_unreadable": {
			fr: "« %s » n'est pas une date valide : écrivez-la AAAA-MM-JJ, par exemple 2024-09-01.",
			en: "%q is not a valid date: write it YYYY-MM-DD, for example 2024-09-01.",
		},
		"fleet_id_taken": {
			fr: "Un enregistrement a déjà l'identifiant « %s ». Il est joint à cette réponse : si la requête a été envoyée deux fois, il n'y a rien à refaire.",
			en: "A record already has id %q. It is sent with this response: if the request was sent twice, there is nothing left to do.",
		},

		// Fields of any record.
		"fleet_text_empty": {
			fr: "Ce champ est obligatoire : saisissez 1 à %d caractères.",
			en: "This field is required: enter 1 to %d characters.",
		},
		"fleet_text_long": {
			fr: "« %s » compte %d caractères, mais %d au plus sont permis : raccourcissez le texte.",
			en: "%q has %d characters, but at most %d are allowed: shorten the text.",
		},
		"fleet_text_control_line": {
			fr: "« %s » contient un saut de ligne, un caractère de contrôle ou un caractère invisible : saisissez le texte sur une seule ligne, sans copier-coller de mise en forme.",
			en: "%q contains a line break, a control character or an invisible character: type the text on one line, without pasted formatting.",
		},
		"fleet_text_control": {
			fr: "« %s » contient des caractères de contrôle ou invisibles : saisissez du texte simple.",
			en: "%q contains control or invisible characters: type plain text.",
		},
		"fleet_enum_missing": {
			fr: "Ce champ est obligatoire : choisissez parmi %s.",
			en: "This field is required: choose among %s.",
		},
		"fleet_enum": {
			fr: "« %s » n'est pas une valeur possible : choisissez parmi %s.",
			en: "%q is not an allowed value: choose among %s.",
		},

		// Communes.
		"fleet_name_no_letter": {
			fr: "Le nom « %s » ne contient ni lettre ni chiffre : saisissez le nom de la commune.",
			en: "Name %q has no letter or digit: enter the commune's name.",
		},
		"fleet_commune_name_taken": {
			fr: "La commune « %s » existe déjà : choisissez un autre nom, ou modifiez la commune existante.",
			en: "Commune %q already exists: choose another name, or edit the existing commune.",
		},
		"fleet_commune_name_taken_archived": {
			fr: "La commune « %s » existe déjà parmi les communes archivées : restaurez-la plutôt que d'en créer une autre, ou choisissez un autre nom.",
			en: "Commune %q already exists among the archived communes: restore it instead of creating another one, or choose another name.",
		},
		"fleet_commune_slug_taken": {
			fr: "Le nom « %s » donne l'identifiant « %s », déjà celui de la commune « %s » : choisissez un nom qui s'en distingue davantage.",
			en: "Name %q gives the slug %q, which commune %q already has: choose a more distinct name.",
		},
		"fleet_allowance": {
			fr: "Le temps alloué doit être un nombre entier de minutes entre 0 et %d : %d n'est pas accepté.",
			en: "The allowance must be a whole number of minutes from 0 to %d: %d is not accepted.",
		},
		"fleet_commune_unknown": {
			fr: "Aucune commune n'a l'identifiant « %s » : choisissez une commune de la liste.",
			en: "No commune has id %q: choose a commune from the list.",
		},
		"fleet_commune_archived": {
			fr: "La commune « %s » est archivée : restaurez-la d'abord, ou choisissez-en une autre.",
			en: "Commune %q is archived: restore it first, or choose another one.",
		},
		"fleet_archive_commune_children": {
			fr: "La commune a encore %d site(s), %d salle(s) et %d matériel(s) non archivés : archivez-les ou déplacez-les d'abord.",
			en: "The commune still has %d site(s), %d room(s) and %d asset(s) that are not archived: archive or move them first.",
		},

		// Sites.
		"fleet_site_name_taken": {
			fr: "Cette commune a déjà un site nommé « %s » : choisissez un autre nom.",
			en: "This commune already has a site named %q: choose another name.",
		},
		"fleet_site_name_taken_archived": {
			fr: "Cette commune a déjà un site archivé nommé « %s » : restaurez-le, ou choisissez un autre nom.",
			en: "This commune already has an archived site named %q: restore it, or choose another name.",
		},
		"fleet_site_unknown": {
			fr: "Aucun site n'a l'identifiant « %s » : choisissez un site de la liste.",
			en: "No site has id %q: choose a site from the list.",
		},
		"fleet_site_archived": {
			fr: "Le site « %s » est archivé : restaurez-le d'abord, ou choisissez-en un autre.",
			en: "Site %q is archived: restore it first, or choose another one.",
		},
		"fleet_archive_site_children": {
			fr: "Le site a encore %d salle(s) et %d matériel(s) non archivés : archivez-les ou déplacez-les d'abord.",
			en: "The site still has %d room(s) and %d asset(s) that are not archived: archive or move them first.",
		},

		// Rooms.
		"fleet_room_name_taken": {
			fr: "Ce site a déjà une salle nommée « %s » : choisissez un autre nom.",
			en: "This site already has a room named %q: choose another name.",
		},
		"fleet_room_name_taken_archived": {
			fr: "Ce site a déjà une salle archivée nommée « %s » : restaurez-la, ou choisissez un autre nom.",
			en: "This site already has an archived room named %q: restore it, or choose another name.",
		},
		"fleet_room_unknown": {
			fr: "Aucune salle n'a l'identifiant « %s » : choisissez une salle de la liste, ou aucune.",
			en: "No room has id %q: choose a room from the list, or none.",
		},
		"fleet_room_archived": {
			fr: "La salle « %s » est archivée : restaurez-la d'abord, ou choisissez-en une autre.",
			en: "Room %q is archived: restore it first, or choose another one.",
		},
		"fleet_room_other_site": {
			fr: "La salle « %s » n'est pas dans le site « %s » : choisissez une salle de ce site, ou aucune.",
			en: "Room %q is not in site %q: choose a room of that site, or none.",
		},
		"fleet_room_move_assets": {
			fr: "La salle contient %d matériel(s), archivés compris : déplacez-les dans une autre salle avant de changer la salle de site.",
			en: "The room holds %d asset(s), archived ones included: move them to another room before moving the room to another site.",
		},
		"fleet_archive_room_children": {
			fr: "La salle contient encore %d matériel(s) non archivé(s) : archivez-les ou déplacez-les d'abord.",
			en: "The room still holds %d asset(s) that are not archived: archive or move them first.",
		},

		// Assets.
		"fleet_warranty_before_purchase": {
			fr: "La fin de garantie (%s) précède la date d'achat (%s) : corrigez l'une des deux.",
			en: "The warranty end (%s) is before the purchase date (%s): correct one of them.",
		},
		"fleet_tag_location": {
			fr: "L'étiquette « %s » est une étiquette de salle ou de site : scannez l'étiquette du matériel lui-même.",
			en: "Tag %q is a room or site label: scan the asset's own label.",
		},
		"fleet_tag_not_printed": {
			fr: "L'étiquette « %s » n'a jamais été imprimée par Parc : vérifiez le numéro, ou prenez une étiquette d'un lot imprimé.",
			en: "Tag %q was never printed by Parc: check the number, or take a label from a printed batch.",
		},
		"fleet_tag_void": {
			fr: "L'étiquette « %s » est annulée (perdue ou détruite) : collez une autre étiquette sur ce matériel.",
			en: "Tag %q is void (lost or destroyed): stick another label on this asset.",
		},
		"fleet_tag_taken": {
			fr: "L'étiquette « %s » est déjà attribuée au matériel %s : retirez-la d'abord de celui-ci, ou collez une autre étiquette.",
			en: "Tag %q is already assigned to asset %s: take it off that asset first, or stick another label.",
		},
	})
}
