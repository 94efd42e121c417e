package i18n

// The messages of work orders ("fiches d'intervention"), their time
// entries (/api/v1/work-orders) and the time report per commune
// (/api/v1/reports/communes).
func init() {
	add(map[string]entry{
		"work_order_status_planned":     {fr: "planifiée", en: "planned"},
		"work_order_status_in_progress": {fr: "en cours", en: "in progress"},
		"work_order_status_done":        {fr: "terminée", en: "done"},
		"timer_state_idle":              {fr: "pas encore démarré", en: "not started yet"},
		"timer_state_running":           {fr: "en marche", en: "running"},
		"timer_state_paused":            {fr: "en pause", en: "paused"},
		"timer_state_stopped":           {fr: "arrêté", en: "stopped"},

		// The checklist of actions done.
		"work_order_check_updates_installed": {fr: "Mises à jour installées", en: "Updates installed"},
		"work_order_check_antivirus_checked": {fr: "Antivirus vérifié", en: "Antivirus checked"},
		"work_order_check_disk_checked":      {fr: "Disque vérifié", en: "Disk checked"},
		"work_order_check_backup_checked":    {fr: "Sauvegarde vérifiée", en: "Backup checked"},
		"work_order_check_cleaned":           {fr: "Poste nettoyé", en: "Computer cleaned"},
		"work_order_check_network_checked":   {fr: "Réseau vérifié", en: "Network checked"},
		"work_order_check_printer_tested":    {fr: "Impression testée", en: "Printing tested"},
		"work_order_check_user_informed":     {fr: "Utilisateur informé", en: "User informed"},

		// Work orders.
		"work_order_not_found": {
			fr: "Aucune fiche d'intervention n'a l'identifiant « %s ».",
			en: "No work order has id %q.",
		},
		"work_order_transition": {
			fr: "Une fiche « %s » ne peut pas passer à « %s ». Une fiche planifiée passe en cours ou terminée, une fiche en cours passe terminée, et une fiche terminée ne peut que se rouvrir en cours.",
			en: "A \"%s\" work order cannot become \"%s\". A planned work order goes in progress or done, one in progress goes done, and a done one can only be reopened in progress.",
		},
		"work_order_level_unknown": {
			fr: "Le niveau %d n'existe pas : choisissez 1, 2 ou 3.",
			en: "Level %d does not exist: choose 1, 2 or 3.",
		},
		"work_order_level_wider": {
			fr: "Le niveau %d est réservé aux bibliothèques et aux locaux de la CCBE : au site « %s », le service intervient au niveau 1 seulement.",
			en: "Level %d is for the libraries and the CCBE's office only: at site %q, the service works at level 1 only.",
		},
		"work_order_request_unknown": {
			fr: "Aucune demande n'a l'identifiant « %s » : choisissez une demande de la liste, ou créez la fiche sans demande.",
			en: "No request has id %q: choose a request from the list, or create the work order without a request.",
		},
		"work_order_request_refused": {
			fr: "Cette demande a été refusée : aucune fiche ne s'y rattache. Créez la fiche sans demande si vous êtes intervenu.",
			en: "This request was refused: no work order can answer it. Create the work order without a request if you did the work.",
		},
		"work_order_request_other_site": {
			fr: "La demande concerne un autre site : créez la fiche sur le site de la demande, ou sans demande.",
			en: "The request is for another site: create the work order at the request's site, or without a request.",
		},
		"work_order_creation_only": {
			fr: "Ce champ ne se donne qu'à la création de la fiche. Pour le temps, ajoutez une correction par POST /api/v1/work-orders/{id}/time-entries.",
			en: "This field is only given when the work order is created. For the time, add a correction with POST /api/v1/work-orders/{id}/time-entries.",
		},
		"work_order_asset_unknown": {
			fr: "Aucun matériel n'a l'identifiant « %s » : scannez son étiquette ou choisissez-le dans la liste.",
			en: "No asset has id %q: scan its label or choose it from the list.",
		},
		"work_order_asset_other_site": {
			fr: "Le matériel « %s » n'est pas sur le site « %s » : liez un matériel de ce site, ou déplacez d'abord celui-ci.",
			en: "Asset %q is not at site %q: link an asset of that site, or move this one first.",
		},
		"work_order_asset_archived": {
			fr: "Le matériel « %s » est archivé : restaurez-le d'abord.",
			en: "Asset %q is archived: restore it first.",
		},
		"work_order_assets_many": {
			fr: "La fiche lie %d matériels, mais %d au plus sont permis : créez plusieurs fiches.",
			en: "The work order links %d assets, but at most %d are allowed: create several work orders.",
		},
		"work_order_check_twice": {
			fr: "L'action « %s » figure deux fois dans la liste : gardez-en une seule.",
			en: "Action %q appears twice in the list: keep only one.",
		},
		"work_order_other_items": {
			fr: "La liste compte %d actions, mais %d au plus sont permises : regroupez-les.",
			en: "The list has %d actions, but at most %d are allowed: group them.",
		},
		"work_order_other_empty": {
			fr: "Une action de la liste est vide : saisissez son texte ou retirez-la.",
			en: "An action of the list is empty: type its text or remove it.",
		},
		"work_order_travel_range": {
			fr: "Le temps de trajet (%d min) doit être compris entre 0 et %d minutes.",
			en: "The travel time (%d min) must be from 0 to %d minutes.",
		},
		"work_order_time_unreadable": {
			fr: "« %s » n'est pas une date et heure valide : écrivez-la au format RFC 3339, par exemple 2026-12-07T09:30:00+01:00.",
			en: "%q is not a valid date and time: write it in RFC 3339, for example 2026-12-07T09:30:00+01:00.",
		},
		"work_order_opened_at_range": {
			fr: "L'ouverture de la fiche (%s) doit dater de moins d'un an et ne pas être dans le futur : vérifiez l'horloge de l'appareil.",
			en: "The opening of the work order (%s) must be less than a year old and not in the future: check the device's clock.",
		},
		"work_order_worked_on_range": {
			fr: "Le jour du travail (%s) doit être compris entre le %s et le %s.",
			en: "The day of the work (%s) must be from %s to %s.",
		},
		"work_order_worked_on_timer": {
			fr: "Le jour du travail suit le premier démarrage du chronomètre (%s) : il ne se modifie pas.",
			en: "The day of the work follows the first start of the timer (%s): it cannot be changed.",
		},
		"work_order_timer_running": {
			fr: "Le chronomètre tourne encore : arrêtez-le avant de terminer la fiche.",
			en: "The timer is still running: stop it before finishing the work order.",
		},
		"work_order_minutes_or_entries": {
			fr: "Donnez soit un temps saisi (minutes), soit les événements du chronomètre (time_entries), pas les deux.",
			en: "Give either a recorded time (minutes) or the timer's events (time_entries), not both.",
		},
		"work_order_entries_many": {
			fr: "La fiche porte %d temps, mais %d au plus sont permis à la création : envoyez les suivants par POST /api/v1/work-orders/{id}/time-entries.",
			en: "The work order carries %d time entries, but at most %d are allowed at creation: send the others with POST /api/v1/work-orders/{id}/time-entries.",
		},
		"work_order_not_deletable": {
			fr: "Une fiche d'intervention ne se supprime pas : ramenez son temps à zéro par une correction si elle a été créée par erreur.",
			en: "A work order cannot be deleted: bring its time to zero with a correction if it was created by mistake.",
		},

		// Time entries.
		"time_entry_at_missing": {
			fr: "Un événement « %s » du chronomètre porte l'heure de l'appareil (at) : ajoutez-la.",
			en: "A timer event %q carries the device's time (at): add it.",
		},
		"time_entry_before_previous": {
			fr: "Cet événement (%s) précède le précédent événement du chronomètre (%s) : envoyez les événements dans l'ordre et vérifiez l'horloge de l'appareil.",
			en: "This event (%s) is before the timer's previous event (%s): send the events in order and check the device's clock.",
		},
		"time_entry_too_early": {
			fr: "Ce temps (%s) précède de plus d'un jour l'ouverture de la fiche (%s) : vérifiez l'horloge de l'appareil.",
			en: "This time entry (%s) is more than a day before the opening of the work order (%s): check the device's clock.",
		},
		"time_entry_future": {
			fr: "Ce temps (%s) est en avance de plus de %d minutes sur l'horloge du serveur : vérifiez l'horloge de l'appareil.",
			en: "This time entry (%s) is more than %d minutes ahead of the server's clock: check the device's clock.",
		},
		"time_entry_start_running": {
			fr: "Le chronomètre tourne déjà depuis %s : mettez-le en pause ou arrêtez-le d'abord.",
			en: "The timer has been running since %s: pause or stop it first.",
		},
		"time_entry_start_paused": {
			fr: "Le chronomètre est en pause : reprenez-le (resume) au lieu de le redémarrer.",
			en: "The timer is paused: resume it instead of starting it again.",
		},
		"time_entry_pause_not_running": {
			fr: "Le chronomètre n'est pas en marche (état : %s) : seul un chronomètre en marche se met en pause.",
			en: "The timer is not running (state: %s): only a running timer can be paused.",
		},
		"time_entry_resume_not_paused": {
			fr: "Le chronomètre n'est pas en pause (état : %s) : seul un chronomètre en pause se reprend.",
			en: "The timer is not paused (state: %s): only a paused timer can be resumed.",
		},
		"time_entry_stop_not_running": {
			fr: "Le chronomètre n'est pas lancé (état : %s) : démarrez-le avant de l'arrêter.",
			en: "The timer is not started (state: %s): start it before stopping it.",
		},
		"time_entry_minutes_on_event": {
			fr: "Un événement « %s » du chronomètre ne porte pas de minutes : retirez minutes, ou envoyez une correction.",
			en: "A timer event %q carries no minutes: remove minutes, or send a correction.",
		},
		"time_entry_minutes_missing": {
			fr: "Un temps « %s » porte un nombre de minutes : ajoutez minutes.",
			en: "A %q time entry carries a number of minutes: add minutes.",
		},
		"time_entry_correction_range": {
			fr: "Une correction de %d min n'est pas possible : donnez un nombre de minutes non nul entre -%d et %d.",
			en: "A correction of %d min is not possible: give a non-zero number of minutes from -%d to %d.",
		},
		"time_entry_manual_range": {
			fr: "Un temps saisi de %d min n'est pas possible : donnez de 1 à %d minutes.",
			en: "A recorded time of %d min is not possible: give 1 to %d minutes.",
		},
		"time_entry_reason_required": {
			fr: "Indiquez le motif de la correction : il figure dans l'historique de la fiche.",
			en: "Give the reason for the correction: it appears in the work order's history.",
		},
		"time_entry_negative_total": {
			fr: "Une correction de %d min porterait le temps de travail de la fiche à %d min : il ne peut pas être négatif.",
			en: "A correction of %d min would bring the work order's work time to %d min: it cannot be negative.",
		},
		"time_entry_id_twice": {
			fr: "L'identifiant « %s » figure deux fois parmi les temps : chaque temps a le sien.",
			en: "Id %q appears twice among the time entries: each entry has its own.",
		},
		"time_entry_work_order_done": {
			fr: "La fiche est terminée : rouvrez-la (statut « en cours ») avant d'y ajouter du temps.",
			en: "The work order is done: reopen it (status \"in progress\") before adding time to it.",
		},
		"time_entry_changed": {
			fr: "Le temps %s a déjà été reçu avec un autre contenu, et un temps ne se modifie pas : ajoutez une correction.",
			en: "Time entry %s was already received with other content, and a time entry does not change: add a correction.",
		},
		"time_entry_append_only": {
			fr: "Un temps ne se supprime pas : ajoutez une correction de signe opposé.",
			en: "A time entry cannot be deleted: add a correction of the opposite sign.",
		},

		// The time report per commune.
		"report_year": {
			fr: "L'année « %s » n'est pas valide : donnez une année de %d à %d, par exemple ?year=2026.",
			en: "Year %q is not valid: give a year from %d to %d, for example ?year=2026.",
		},
	})
}
