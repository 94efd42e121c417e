package i18n

// catalogue maps each key to its French and English texts. Placeholders
// follow fmt and must match in both languages; a test checks it.
var catalogue = map[string]entry{
	// Generic HTTP failures.
	"route_not_found": {
		fr: "Adresse inconnue : %s. Vérifiez l'URL ou consultez la documentation de l'API.",
		en: "Unknown address: %s. Check the URL or see the API reference.",
	},
	"method_not_allowed": {
		fr: "La méthode %s n'est pas acceptée sur %s.",
		en: "Method %s is not allowed on %s.",
	},
	"internal": {
		fr: "Erreur interne du serveur. Réessayez ; si l'erreur persiste, transmettez à l'administrateur l'identifiant de requête %s.",
		en: "Internal server error. Try again; if it persists, give the administrator request id %s.",
	},
	"request_failed": {
		fr: "Requête illisible (%d %s) : le serveur n'a pas pu la lire. Vérifiez sa forme, ses en-têtes et son corps.",
		en: "Unreadable request (%d %s): the server could not read it. Check its form, headers and body.",
	},

	// Login, sessions and rights.
	"unauthenticated": {
		fr: "Connexion requise : connectez-vous pour accéder à cette page.",
		en: "Login required: log in to reach this page.",
	},
	"forbidden": {
		fr: "Votre rôle ne permet pas cette action. Demandez-la à un technicien du service.",
		en: "Your role does not allow this action. Ask a technician of the service.",
	},
	"csrf": {
		fr: "Jeton de sécurité (CSRF) absent ou périmé : rechargez la page puis recommencez.",
		en: "Missing or stale security (CSRF) token: reload the page and try again.",
	},
	"invalid_credentials": {
		fr: "Adresse e-mail ou mot de passe incorrect.",
		en: "Wrong e-mail address or password.",
	},
	"too_many_attempts": {
		fr: "Trop de tentatives de connexion : réessayez dans %d minute(s).",
		en: "Too many login attempts: try again in %d minute(s).",
	},
	"session_not_found": {
		fr: "Aucune de vos sessions n'a l'identifiant « %s ».",
		en: "None of your sessions has id %q.",
	},
	"user_not_found": {
		fr: "Aucun utilisateur n'a l'identifiant « %s ».",
		en: "No user has id %q.",
	},
	"version_conflict": {
		fr: "Quelqu'un d'autre a modifié cet enregistrement entre-temps : vérifiez la version actuelle, jointe à cette réponse, puis recommencez.",
		en: "Someone else changed this record in the meantime: check the current version, sent with this response, and try again.",
	},
	"audit_entity_required": {
		fr: "Précisez le type d'enregistrement (entity) et son identifiant (id), par exemple ?entity=user&id=….",
		en: "Give the kind of record (entity) and its id, for example ?entity=user&id=….",
	},

	// Request bodies.
	"invalid_json": {
		fr: "Le corps de la requête n'est pas un JSON valide.",
		en: "The request body is not valid JSON.",
	},
	"invalid_fields": {
		fr: "Certains champs sont invalides : voyez le détail par champ.",
		en: "Some fields are invalid: see the details per field.",
	},
	"field_required": {fr: "Ce champ est obligatoire.", en: "This field is required."},
	"field_email": {
		fr: "Saisissez une adresse e-mail valide, par exemple prenom.nom@mairie.fr.",
		en: "Enter a valid e-mail address, for example first.last@example.org.",
	},
	"field_email_taken": {
		fr: "L'adresse %s est déjà celle d'un autre utilisateur.",
		en: "Address %s already belongs to another user.",
	},
	"field_name":     {fr: "Saisissez un nom de 1 à 200 caractères.", en: "Enter a name of 1 to 200 characters."},
	"field_role":     {fr: "Choisissez un rôle parmi : %s.", en: "Choose a role among: %s."},
	"field_language": {fr: "Choisissez la langue fr ou en.", en: "Choose language fr or en."},
	"field_communes": {
		fr: "Un correspondant doit être rattaché à au moins une commune.",
		en: "A correspondent must be attached to at least one commune.",
	},
	"last_technician": {
		fr: "C'est le dernier technicien actif : créez ou réactivez un autre technicien avant de désactiver ou de changer celui-ci.",
		en: "This is the last active technician: create or enable another technician before disabling or changing this one.",
	},
	"field_tag_prefix": {fr: "Le préfixe doit compter 1 à 3 lettres A à Z.", en: "The prefix must be 1 to 3 letters A to Z."},
	"field_tag_count": {
		fr: "Le nombre d'étiquettes (%d) doit être compris entre 1 et %d.",
		en: "The number of tags (%d) must be from 1 to %d.",
	},
	"field_tag_places": {
		fr: "Seules les étiquettes de salle ou de site désignent un lieu.",
		en: "Only location tags name a place.",
	},
	"field_label_format": {
		fr: "Format « %s » inconnu : choisissez pdf ou zpl.",
		en: "Unknown format %q: choose pdf or zpl.",
	},
	"field_label_template": {
		fr: "Modèle d'étiquettes « %s » inconnu : modèles disponibles : %s.",
		en: "Unknown label template %q: available templates are %s.",
	},
	"field_label_kind": {
		fr: "Type d'étiquette inconnu : choisissez asset (matériel) ou location (salle ou site).",
		en: "Unknown kind of tag: choose asset or location.",
	},
	"field_label_skip": {
		fr: "Le nombre d'emplacements à sauter (%d) doit être compris entre 0 et %d sur cette planche.",
		en: "The number of positions to skip (%d) must be from 0 to %d on this sheet.",
	},
	"field_label_render": {
		fr: "Impossible de dessiner ces étiquettes sur ce modèle : %s.",
		en: "These labels cannot be drawn on this template: %s.",
	},
	"field_label_site": {
		fr: "Aucun site n'a l'identifiant « %s » : donnez l'identifiant (UUID) d'un site.",
		en: "No site has id %q: give the id (UUID) of a site.",
	},
	"field_label_site_done": {
		fr: "Le site « %s » et toutes ses salles ont déjà leur étiquette : pour en refaire une, réimprimez-la avec son numéro.",
		en: "Site %q and all its rooms already have their label: to print one again, reprint it by its tag.",
	},
	"field_label_tag": {
		fr: "L'étiquette « %s » à réimprimer n'est pas un numéro d'inventaire valide.",
		en: "Tag %q to reprint is not a valid asset tag.",
	},
	"tags_exhausted": {
		fr: "Plus assez de numéros libres pour le préfixe %s : il en reste %d. Réservez un lot plus petit.",
		en: "Not enough free serials left for prefix %s: %d remain. Reserve a smaller batch.",
	},
	"tag_not_in_registry": {
		fr: "L'étiquette « %s » n'a jamais été imprimée par Parc.",
		en: "Tag %q was never printed by Parc.",
	},
	"field_label_code_2d": {
		fr: "Code 2D « %s » inconnu : choisissez qr, datamatrix ou none.",
		en: "Unknown 2D code %q: choose qr, datamatrix or none.",
	},
	"field_label_format_template": {
		fr: "Le modèle %s s'imprime en %s, pas en %s : laissez le format vide ou choisissez un autre modèle.",
		en: "Template %s prints as %s, not %s: leave the format empty or choose another template.",
	},
	"tag_never_printed": {
		fr: "L'étiquette « %s » n'a jamais été imprimée par Parc : seule une étiquette déjà réservée peut être réimprimée.",
		en: "Tag %q was never printed by Parc: only a reserved tag can be reprinted.",
	},
	"tag_void": {
		fr: "L'étiquette « %s » est annulée (perdue ou détruite) et ne peut plus être imprimée.",
		en: "Tag %q is void (lost or destroyed) and cannot be printed again.",
	},
	"field_communes_unknown": {
		fr: "Une des communes indiquées n'existe pas.",
		en: "One of the given communes does not exist.",
	},

	// Query parameters and ids.
	"invalid_id": {
		fr: "L'identifiant « %s » n'est pas valide : un UUID est attendu, par exemple 01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f.",
		en: "Invalid id %q: a UUID is expected, for example 01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f.",
	},
	"invalid_filter_id": {
		fr: "Le filtre %s « %s » n'est pas valide : un identifiant (UUID) est attendu.",
		en: "Invalid %s filter %q: an id (UUID) is expected.",
	},
	"invalid_limit": {
		fr: "Le paramètre limit « %s » n'est pas valide : donnez un nombre entier entre 1 et %d.",
		en: "Invalid limit %q: give a whole number from 1 to %d.",
	},
	"invalid_cursor": {
		fr: "Le curseur « %s » n'est pas valide : reprenez la liste depuis le début, sans curseur.",
		en: "Invalid cursor %q: start the list again without a cursor.",
	},
	"invalid_enum": {
		fr: "Le filtre %s « %s » n'est pas valide : valeurs possibles : %s.",
		en: "Invalid %s filter %q: allowed values are %s.",
	},
	"invalid_query": {
		fr: "Le texte recherché (q) est trop long : %d caractères au plus.",
		en: "The search text (q) is too long: at most %d characters.",
	},
	"invalid_query_text": {
		fr: "Le texte recherché (q) contient des caractères de contrôle ou un encodage invalide : saisissez du texte simple.",
		en: "The search text (q) contains control characters or invalid encoding: type plain text.",
	},

	// Tags.
	"tag_empty": {
		fr: "L'étiquette est vide : saisissez ou scannez le numéro d'inventaire.",
		en: "The tag is empty: type or scan the asset tag.",
	},
	"tag_length": {
		fr: "L'étiquette « %s » n'a pas la bonne longueur : un numéro d'inventaire compte %d caractères, par exemple %s.",
		en: "Tag %q has the wrong length: an asset tag has %d characters, for example %s.",
	},
	"tag_prefix": {
		fr: "L'étiquette « %s » ne commence pas par le préfixe %s de ce service : vérifiez qu'elle vient bien de ce parc.",
		en: "Tag %q does not start with this service's prefix %s: check that it belongs to this fleet.",
	},
	"tag_charset": {
		fr: "L'étiquette « %s » contient des caractères non autorisés : seuls les chiffres et les lettres A à Z sont permis.",
		en: "Tag %q contains characters that are not allowed: only digits and letters A to Z.",
	},
	"tag_serial": {
		fr: "Le numéro de l'étiquette « %s » n'est pas valide : après le préfixe viennent des chiffres, différents de zéro.",
		en: "The serial of tag %q is invalid: digits, not all zero, follow the prefix.",
	},
	"tag_check": {
		fr: "L'étiquette « %s » est erronée : son caractère de contrôle ne correspond pas. Relisez-la ou scannez-la de nouveau.",
		en: "Tag %q is wrong: its check character does not match. Read it again or scan it again.",
	},

	// Not found.
	"demo_off": {
		fr: "Ce serveur ne contient pas les données de démonstration.",
		en: "This server does not hold the demo data.",
	},
	"commune_not_found": {
		fr: "Aucune commune n'a l'identifiant « %s ».",
		en: "No commune has id %q.",
	},
	"site_not_found": {
		fr: "Aucun site n'a l'identifiant « %s ».",
		en: "No site has id %q.",
	},
	"room_not_found": {
		fr: "Aucune salle n'a l'identifiant « %s ».",
		en: "No room has id %q.",
	},
	"asset_not_found": {
		fr: "Aucun matériel n'a l'identifiant « %s ».",
		en: "No asset has id %q.",
	},
	"tag_is_location": {
		fr: "L'étiquette « %s » est une étiquette de salle ou de site : elle ne désigne aucun matériel.",
		en: "Tag %q is a room or site label: it names no asset.",
	},
}
