package i18n

// The messages that reject malformed input: files that are not CSV
// tables, column mappings that are not JSON, and values out of range.
func init() {
	add(map[string]entry{
		"import_quote_open": {
			fr: "Ligne %d : un guillemet ouvre une cellule et n'est jamais refermé, si bien que toutes les lignes suivantes seraient lues comme une seule cellule. Refermez ce guillemet ou supprimez-le.",
			en: "Line %d: a quote opens a cell and is never closed, so every following line would be read as one cell. Close that quote or delete it.",
		},
		"import_cell_rows": {
			fr: "Ligne %d : une cellule entre guillemets contient ce qui ressemble à plusieurs lignes du tableau, car un guillemet de cette ligne est mal fermé. Vérifiez les guillemets de cette ligne.",
			en: "Line %d: a quoted cell holds what looks like several rows of the table, because a quote on that line is not closed where it should be. Check the quotes of that line.",
		},
		"import_cell_long": {
			fr: "Ligne %d : une cellule entre guillemets dépasse %d octets, car un guillemet de cette ligne est mal fermé. Vérifiez les guillemets de cette ligne.",
			en: "Line %d: a quoted cell is longer than %d bytes, because a quote on that line is not closed where it should be. Check the quotes of that line.",
		},
		"import_file_not_csv": {
			fr: "Ce fichier n'est pas un tableau CSV : il contient des données binaires. Dans le tableur, enregistrez-le au format CSV (séparateur ; ou ,) et envoyez ce fichier-là.",
			en: "This file is not a CSV table: it holds binary data. In the spreadsheet program, save it as CSV (separator ; or ,) and send that file.",
		},
		"import_map_not_json": {
			fr: "La correspondance des colonnes (map) n'est pas un objet JSON valide : écrivez {\"en-tête du fichier\": \"champ\"}, par exemple {\"N° inventaire\": \"tag\", \"Ville\": \"commune\"}, avec pour champ l'un de %s, ou - pour ignorer la colonne.",
			en: "The column mapping (map) is not a valid JSON object: write {\"file header\": \"field\"}, for example {\"N° inventaire\": \"tag\", \"Ville\": \"commune\"}, where field is one of %s, or - to leave the column out.",
		},
		"import_map_field_unknown": {
			fr: "La correspondance des colonnes donne à « %s » le champ « %s », qui n'existe pas : choisissez l'un de %s, ou - pour ignorer la colonne.",
			en: "The column mapping gives %q the field %q, which does not exist: choose one of %s, or - to leave the column out.",
		},

		"push_email_not_bool": {
			fr: "La valeur de « email » doit être true (recevoir les notifications par e-mail) ou false, pas null.",
			en: "The value of \"email\" must be true (receive notifications by e-mail) or false, not null.",
		},

		"maintenance_time_outside_campaign": {
			fr: "L'heure du contrôle, %s, est hors de la campagne %d : donnez une heure entre %s et %s, ou n'envoyez pas checked_at pour l'heure actuelle.",
			en: "The time of the check, %s, is outside the %d campaign: give a time between %s and %s, or send no checked_at for the current time.",
		},

		"request_planned_for_range": {
			fr: "Jour prévu %s hors des dates possibles : donnez un jour entre le %s et le %s, au format AAAA-MM-JJ, soit au plus tôt la veille de la demande (et pas avant l'an dernier), au plus tard dans cinq ans.",
			en: "Planned day %s is out of range: give a day between %s and %s, as YYYY-MM-DD, that is no earlier than the day before the request (and not before last year) and no later than five years ahead.",
		},

		// A JSON value of the wrong type, named by its member.
		"invalid_json_integer": {
			fr: "Le champ « %s » attend un nombre entier entre %d et %d, sans virgule ni exposant : corrigez sa valeur.",
			en: "Field %q expects a whole number between %d and %d, without a decimal point or exponent: fix its value.",
		},
		"invalid_json_whole": {
			fr: "Le champ « %s » attend un nombre entier, sans guillemets, virgule ni exposant : corrigez sa valeur.",
			en: "Field %q expects a whole number, without quotes, decimal point or exponent: fix its value.",
		},
		"invalid_json_number": {
			fr: "Le champ « %s » attend un nombre, sans guillemets : corrigez sa valeur.",
			en: "Field %q expects a number, without quotes: fix its value.",
		},
		"invalid_json_string": {
			fr: "Le champ « %s » attend un texte entre guillemets : corrigez sa valeur.",
			en: "Field %q expects quoted text: fix its value.",
		},
		"invalid_json_bool": {
			fr: "Le champ « %s » attend true ou false, sans guillemets : corrigez sa valeur.",
			en: "Field %q expects true or false, without quotes: fix its value.",
		},
		"invalid_json_list": {
			fr: "Le champ « %s » attend une liste entre crochets [ ] : corrigez sa valeur.",
			en: "Field %q expects a list in brackets [ ]: fix its value.",
		},
		"invalid_json_object": {
			fr: "Le champ « %s » attend un objet entre accolades { } : corrigez sa valeur.",
			en: "Field %q expects an object in braces { }: fix its value.",
		},

		"messages_joined": {
			fr: "%s De plus : %s",
			en: "%s Also: %s",
		},
		"setting_holiday_year": {
			fr: "Période n° %d (« %s ») : le jour %s est hors des années %d à %d ; corrigez l'année.",
			en: "Range %d (%q): day %s is outside the years %d to %d; fix the year.",
		},
		"ical_year_range": {
			fr: "L'événement « %s » de la ligne %d tombe en %d, hors des années %d à %d : corrigez ses dates dans le fichier ou saisissez les périodes à la main.",
			en: "The event %q at line %d falls in %d, outside the years %d to %d: fix its dates in the file or enter the ranges by hand.",
		},

		// A required field that is missing, with what to send.
		"field_required_named": {
			fr: "Le champ « %s » est obligatoire : donnez-lui une valeur.",
			en: "Field %q is required: give it a value.",
		},
		"field_required_version": {
			fr: "Le champ « version » est obligatoire : envoyez la version lue avec l'objet, un nombre entier, pour ne pas écraser une modification faite entre-temps.",
			en: "Field \"version\" is required: send the version read with the record, a whole number, so that a change made in the meantime is not overwritten.",
		},
		"field_required_year": {
			fr: "Le champ « year » est obligatoire : donnez l'année, un nombre entier comme 2027.",
			en: "Field \"year\" is required: give the year, a whole number such as 2027.",
		},
		"field_required_site_id": {
			fr: "Le champ « site_id » est obligatoire : donnez l'identifiant (UUID) du site, que donne GET /api/v1/sites.",
			en: "Field \"site_id\" is required: give the site's id (a UUID), as GET /api/v1/sites returns it.",
		},
		"field_required_commune_id": {
			fr: "Le champ « commune_id » est obligatoire : donnez l'identifiant (UUID) de la commune, que donne GET /api/v1/communes.",
			en: "Field \"commune_id\" is required: give the commune's id (a UUID), as GET /api/v1/communes returns it.",
		},
		"field_required_valid_from": {
			fr: "Le champ « valid_from » est obligatoire : donnez le premier jour d'application, au format AAAA-MM-JJ.",
			en: "Field \"valid_from\" is required: give the first day it applies, as YYYY-MM-DD.",
		},
		"field_required_password": {
			fr: "Le champ « password » est obligatoire : saisissez votre mot de passe.",
			en: "Field \"password\" is required: enter your password.",
		},
		"field_required_tags": {
			fr: "Le champ « tags » est obligatoire : donnez une liste d'au moins une étiquette.",
			en: "Field \"tags\" is required: give a list of at least one tag.",
		},

		"list_parameter_unknown": {
			fr: "Paramètre « %s » inconnu : cette liste accepte %s. Corrigez son nom, sans quoi le filtre serait ignoré.",
			en: "Unknown parameter %q: this list accepts %s. Fix its name, as the filter would otherwise be ignored.",
		},

		// The report that "parc import" prints, one fault or count a line.
		"cli_import_file": {
			fr: "fichier : %s, séparateur « %s »",
			en: "file: %s, separator %q",
		},
		"cli_import_column": {
			fr: "colonne « %s » -> %s",
			en: "column %q -> %s",
		},
		"cli_import_column_ignored": {
			fr: "(ignorée)",
			en: "(ignored)",
		},
		"cli_import_missing": {
			fr: "colonnes manquantes : %s ; nommez-les dans un fichier --map",
			en: "missing columns: %s; name them in a --map file",
		},
		"cli_import_error": {
			fr: "ligne %d : erreur : %s",
			en: "line %d: error: %s",
		},
		"cli_import_warning": {
			fr: "ligne %d : avertissement : %s",
			en: "line %d: warning: %s",
		},
		"cli_import_counts": {
			fr: "lignes : %d (créées : %d, mises à jour : %d, inchangées : %d, doublons : %d, en erreur : %d) ; sites créés : %d, salles créées : %d ; %s",
			en: "lines: %d (created: %d, updated: %d, unchanged: %d, duplicates: %d, with errors: %d); sites created: %d, rooms created: %d; %s",
		},
		"cli_import_written": {
			fr: "enregistré",
			en: "written",
		},
		"cli_import_not_written": {
			fr: "rien n'est enregistré",
			en: "nothing written",
		},
	})
}
