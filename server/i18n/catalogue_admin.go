package i18n

// Messages of the deployment settings, the school-holiday import and the
// personal-data duties (export and erasure).
func init() {
	add(map[string]entry{
		// PATCH /api/v1/settings.
		"setting_unknown": {
			fr: "Réglage inconnu « %s » : les réglages sont %s.",
			en: "Unknown setting %q: the settings are %s.",
		},
		"setting_from_environment": {
			fr: "La variable d'environnement %s fixe ce réglage sur le serveur : changez-la sur le serveur puis redémarrez Parc, ou retirez-la pour régler la valeur ici.",
			en: "The environment variable %s sets this on the server: change it there and restart Parc, or remove it to set the value here.",
		},
		"setting_organisation_name": {
			fr: "Nom « %s » invalide : saisissez le nom de l'organisation, de 1 à %d caractères.",
			en: "Invalid name %q: enter the organisation's name, 1 to %d characters.",
		},
		"setting_label_owner": {
			fr: "Ligne du propriétaire « %s » invalide : écrivez une seule ligne de %d caractères au plus, en lettres latines, chiffres et ponctuation, qui s'impriment sur les étiquettes.",
			en: "Invalid owner line %q: write one line of at most %d characters, in Latin letters, digits and punctuation, which labels can print.",
		},
		"setting_base_url": {
			fr: "Adresse « %s » invalide : donnez l'adresse publique complète du serveur, comme https://parc.exemple.fr, sans « ? » ni « # », en %d caractères au plus ; laissez vide si le serveur n'en a pas.",
			en: "Invalid address %q: give the server's full public address, such as https://parc.example.org, without \"?\" or \"#\", in at most %d characters; leave it empty if the server has none.",
		},
		"setting_tag_prefix": {
			fr: "Préfixe « %s » invalide : donnez 1 à %d lettres de A à Z, comme BE.",
			en: "Invalid prefix %q: give 1 to %d letters A to Z, such as BE.",
		},
		"setting_smtp_shape": {
			fr: "Donnez l'adresse du serveur de courrier sous forme de texte, comme \"smtp://utilisateur@serveur:587\", ou d'objet {\"url\": \"…\", \"password\": \"…\"} ; null la retire.",
			en: "Give the mail server as text, such as \"smtp://user@host:587\", or as an object {\"url\": \"…\", \"password\": \"…\"}; null removes it.",
		},
		"setting_smtp_unreadable": {
			fr: "Adresse SMTP illisible : écrivez-la comme smtp://utilisateur@serveur:587 (STARTTLS) ou smtps://utilisateur@serveur:465 (TLS), et donnez le mot de passe à part dans « password ».",
			en: "Unreadable SMTP address: write it as smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (TLS), and give the password on its own in \"password\".",
		},
		"setting_smtp_url": {
			fr: "Adresse SMTP « %s » invalide : écrivez smtp://utilisateur@serveur:587 (STARTTLS) ou smtps://utilisateur@serveur:465 (TLS), sans chemin ni paramètres.",
			en: "Invalid SMTP address %q: write smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (TLS), without path or parameters.",
		},
		"setting_smtp_password_user": {
			fr: "Un mot de passe SMTP va avec un utilisateur : ajoutez-le à l'adresse « %s », comme smtp://utilisateur@serveur:587.",
			en: "An SMTP password needs a user: add one to the address %q, such as smtp://user@host:587.",
		},
		"setting_calibration_shape": {
			fr: "Donnez pour chaque modèle d'étiquettes un objet {\"offset_x_mm\": nombre, \"offset_y_mm\": nombre}, par exemple {\"avery-l7160\": {\"offset_x_mm\": 0.5, \"offset_y_mm\": -1}}.",
			en: "Give an object {\"offset_x_mm\": number, \"offset_y_mm\": number} for each label template, for example {\"avery-l7160\": {\"offset_x_mm\": 0.5, \"offset_y_mm\": -1}}.",
		},
		"setting_calibration_template": {
			fr: "Modèle d'étiquettes inconnu « %s » : choisissez parmi %s.",
			en: "Unknown label template %q: choose one of %s.",
		},
		"setting_calibration_offset": {
			fr: "Décalage de %s mm hors limites pour « %s » : chaque décalage va de -%d à %d mm ; imprimez une page de test et mesurez à nouveau.",
			en: "Offset of %s mm out of range for %q: each offset is from -%d to %d mm; print a test page and measure again.",
		},
		"setting_holidays_shape": {
			fr: "Donnez une liste de périodes {\"name\": \"…\", \"start\": \"AAAA-MM-JJ\", \"end\": \"AAAA-MM-JJ\"}, ou [] pour n'en garder aucune.",
			en: "Give a list of ranges {\"name\": \"…\", \"start\": \"YYYY-MM-DD\", \"end\": \"YYYY-MM-DD\"}, or [] to keep none.",
		},
		"setting_holidays_count": {
			fr: "%d périodes de vacances : %d au plus. Retirez les années passées.",
			en: "%d holiday ranges: at most %d. Remove the past years.",
		},
		"setting_holiday_name": {
			fr: "Période n° %d : saisissez un nom de 1 à %d caractères, comme « Vacances de Noël ».",
			en: "Range %d: enter a name of 1 to %d characters, such as \"Christmas holidays\".",
		},
		"setting_holiday_date": {
			fr: "Période n° %d (« %s ») : date « %s » invalide ; écrivez-la AAAA-MM-JJ, comme 2026-12-19.",
			en: "Range %d (%q): invalid date %q; write it YYYY-MM-DD, such as 2026-12-19.",
		},
		"setting_holiday_order": {
			fr: "Période n° %d (« %s ») : le dernier jour (%s) précède le premier (%s) ; inversez-les.",
			en: "Range %d (%q): the last day (%s) comes before the first (%s); swap them.",
		},
		"setting_max_loan_days": {
			fr: "Durée de prêt « %s » invalide : donnez un nombre entier de jours de 1 à %d.",
			en: "Invalid loan length %q: give a whole number of days from 1 to %d.",
		},
		"setting_retention_shape": {
			fr: "Donnez un objet dont les champs, tous facultatifs, sont public_reports_days, photos_days, signatures_days et audit_details_days.",
			en: "Give an object whose fields, all optional, are public_reports_days, photos_days, signatures_days and audit_details_days.",
		},
		"setting_retention_days": {
			fr: "Durée de conservation %s « %s » invalide : donnez un nombre entier de jours de %d à %d.",
			en: "Invalid retention period %s %q: give a whole number of days from %d to %d.",
		},

		// POST /api/v1/settings/school-holidays/import.
		"ical_content_type": {
			fr: "Envoyez le fichier iCalendar (.ics) tel quel, avec l'en-tête Content-Type: text/calendar.",
			en: "Send the iCalendar (.ics) file as it is, with the header Content-Type: text/calendar.",
		},
		"ical_not_calendar": {
			fr: "Ce fichier n'est pas un calendrier iCalendar en UTF-8 : il doit commencer par BEGIN:VCALENDAR. Envoyez le fichier .ics de votre zone tel que le publie le ministère de l'Éducation nationale.",
			en: "This file is not a UTF-8 iCalendar calendar: it must start with BEGIN:VCALENDAR. Send the .ics file of your zone as the Ministry of Education publishes it.",
		},
		"ical_line": {
			fr: "Fichier iCalendar illisible à la ligne %d : « %s » n'a pas la forme NOM:valeur. Téléchargez à nouveau le fichier d'origine.",
			en: "Unreadable iCalendar file at line %d: %q is not of the form NAME:value. Download the original file again.",
		},
		"ical_nesting": {
			fr: "Fichier iCalendar incomplet à la ligne %d : les blocs BEGIN et END ne se répondent pas. Téléchargez à nouveau le fichier d'origine.",
			en: "Incomplete iCalendar file at line %d: the BEGIN and END blocks do not match. Download the original file again.",
		},
		"ical_date": {
			fr: "Date ou durée « %s » illisible à la ligne %d : le fichier doit donner les dates sous la forme AAAAMMJJ ou AAAAMMJJTHHMMSS.",
			en: "Unreadable date or duration %q at line %d: the file must give dates as YYYYMMDD or YYYYMMDDTHHMMSS.",
		},
		"ical_no_start": {
			fr: "L'événement de la ligne %d n'a pas de premier jour (DTSTART) : corrigez le fichier ou saisissez les périodes à la main.",
			en: "The event at line %d has no first day (DTSTART): fix the file or enter the ranges by hand.",
		},
		"ical_end_before_start": {
			fr: "L'événement « %s » de la ligne %d finit avant de commencer : corrigez le fichier ou saisissez les périodes à la main.",
			en: "The event %q at line %d ends before it starts: fix the file or enter the ranges by hand.",
		},
		"ical_empty": {
			fr: "Le fichier ne contient aucun événement (VEVENT), donc aucune période de vacances à importer.",
			en: "The file holds no event (VEVENT), so no holiday range to import.",
		},
		"ical_too_many": {
			fr: "Le fichier contient %d périodes, et Parc en garde %d au plus : retirez les années passées du fichier, ou saisissez les périodes à la main.",
			en: "The file holds %d ranges, and Parc keeps at most %d: remove the past years from the file, or enter the ranges by hand.",
		},

		// Export and erasure of a person's data.
		"erase_confirm": {
			fr: "Pour confirmer l'effacement, saisissez dans « confirm » l'adresse e-mail actuelle de la personne.",
			en: "To confirm the erasure, enter the person's current e-mail address in \"confirm\".",
		},
		"erase_self": {
			fr: "Vous ne pouvez pas effacer votre propre compte : demandez-le à un autre technicien.",
			en: "You cannot erase your own account: ask another technician.",
		},
		"erase_last_technician": {
			fr: "C'est le dernier technicien actif : créez ou réactivez un autre technicien avant d'effacer celui-ci.",
			en: "This is the last active technician: create or enable another technician before erasing this one.",
		},
	})
}
