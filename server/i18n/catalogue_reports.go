package i18n

// The messages of the reports (/api/v1/reports), the tariffs
// (/api/v1/tariffs) and the fleet growth setting, and the texts of the
// report's PDF and CSV.
func init() {
	add(map[string]entry{
		"setting_fleet_growth_percent": {
			fr: "Croissance du parc « %s » invalide : donnez un pourcentage de %d à %d, avec au plus une décimale, par exemple 3 ou 2.5.",
			en: "Invalid fleet growth %q: give a percentage from %d to %d with at most one decimal, for example 3 or 2.5.",
		},

		// Tariffs.
		"tariff_technicians": {
			fr: "Seul un technicien du service modifie les tarifs ; le comité de suivi les consulte.",
			en: "Only a technician of the service changes the tariffs; the committee reads them.",
		},
		"tariff_not_found": {
			fr: "Aucun tarif n'a l'identifiant « %s » : il a peut-être été supprimé, rechargez la liste.",
			en: "No tariff has id %q: it may have been deleted, reload the list.",
		},
		"tariff_to_before_from": {
			fr: "La fin de validité %s précède le début %s : donnez une date de fin égale ou postérieure au début, ou aucune.",
			en: "The end of validity %s comes before the start %s: give an end on or after the start, or none.",
		},
		"tariff_cents_range": {
			fr: "Le montant de %d centimes (%s) est hors limites : donnez de 0 à %d centimes, soit %s au plus.",
			en: "The amount of %d cents (%s) is out of range: give from 0 to %d cents, that is %s at most.",
		},
		"tariff_minutes_range": {
			fr: "La durée de %d minutes (%s) est hors limites : donnez de 0 à %d minutes, soit %d heures au plus.",
			en: "The time of %d minutes (%s) is out of range: give from 0 to %d minutes, that is %d hours at most.",
		},
		"tariff_euros": {fr: "%s%d,%02d €", en: "%s€%d.%02d"},
		"tariff_overlap": {
			fr: "La période du tarif « %s » (%s) chevauche celle du tarif « %s » (%s) : un jour n'a qu'un tarif. Terminez l'un avant le début de l'autre.",
			en: "The period of tariff %q (%s) overlaps that of tariff %q (%s): a day has one tariff only. End one before the other starts.",
		},

		// Reports.
		"report_period_date": {
			fr: "La date « %s » n'est pas valide : écrivez-la AAAA-MM-JJ, par exemple 2026-01-01.",
			en: "Date %q is not valid: write it YYYY-MM-DD, for example 2026-01-01.",
		},
		"report_period_order": {
			fr: "La période du %s au %s finit avant de commencer : donnez un début (from) antérieur ou égal à la fin (to).",
			en: "The period from %s to %s ends before it starts: give a start (from) on or before the end (to).",
		},
		"report_period_year": {
			fr: "La période du %s au %s sort de l'année %d : gardez from et to dans l'année demandée.",
			en: "The period from %s to %s is not within year %d: keep from and to within the year asked for.",
		},
		"report_view": {
			fr: "La vue « %s » n'existe pas : donnez full (le rapport entier, par défaut) ou time (le temps par commune seulement).",
			en: "View %q does not exist: give full (the whole report, the default) or time (the time per commune only).",
		},
		"report_separator": {
			fr: "Le séparateur « %s » n'est pas valide : donnez , (par défaut) ou ; pour un tableur en français.",
			en: "Separator %q is not valid: give , (the default) or ; for a French spreadsheet.",
		},
		"report_commune_not_found": {
			fr: "Aucune commune visible n'a l'identifiant « %s » : choisissez une commune de la liste.",
			en: "No commune you may see has id %q: pick a commune from the list.",
		},
	})
}
