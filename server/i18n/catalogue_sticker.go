package i18n

// The texts of the public page that the QR code of an asset's label
// opens (/t/{tag}), and of the problem reports made from it.
func init() {
	add(map[string]entry{
		"sticker_title":       {fr: "Signaler un problème", en: "Report a problem"},
		"sticker_asset":       {fr: "Matériel", en: "Equipment"},
		"sticker_place":       {fr: "Emplacement", en: "Location"},
		"sticker_tag":         {fr: "Numéro d'inventaire", en: "Asset tag"},
		"sticker_name":        {fr: "Votre nom", en: "Your name"},
		"sticker_description": {fr: "Quel est le problème ?", en: "What is the problem?"},
		"sticker_leave_empty": {fr: "Laissez ce champ vide", en: "Leave this field empty"},
		"sticker_send":        {fr: "Envoyer au correspondant", en: "Send to the correspondent"},
		"sticker_staff":       {fr: "Personnel du service : se connecter", en: "Service staff: log in"},
		"sticker_intro": {
			fr: "Décrivez le problème de ce matériel. Le correspondant informatique de la commune le reçoit et, s'il le faut, demande une intervention au service.",
			en: "Describe the problem with this equipment. The commune's IT correspondent receives it and, if needed, asks the service for an intervention.",
		},
		"sticker_privacy": {
			fr: "Votre nom et votre message sont conservés avec la demande pour le suivi de l'intervention, et ne servent à rien d'autre.",
			en: "Your name and message are kept with the request to follow up the intervention, and for nothing else.",
		},
		"sticker_fix": {
			fr: "Le signalement n'est pas parti : corrigez les champs indiqués.",
			en: "The report was not sent: correct the fields shown.",
		},
		"sticker_sent": {
			fr: "Merci, votre signalement a été transmis au correspondant informatique de la commune.",
			en: "Thank you, your report was passed on to the commune's IT correspondent.",
		},
		"sticker_unknown": {
			fr: "Cette étiquette ne correspond à aucun matériel en service. Prévenez le correspondant informatique de la commune.",
			en: "This label matches no equipment in service. Tell the commune's IT correspondent.",
		},
		"sticker_expired": {
			fr: "Le formulaire a expiré ou vient d'un autre site : rouvrez la page de l'étiquette et envoyez de nouveau votre signalement.",
			en: "The form expired or came from another site: open the label's page again and send your report again.",
		},
		"sticker_too_many": {
			fr: "Trop de signalements ont été envoyés depuis cet appareil ou pour ce matériel : réessayez plus tard, ou prévenez directement le correspondant.",
			en: "Too many reports were sent from this device or for this equipment: try again later, or tell the correspondent directly.",
		},
		"sticker_kind_pc":                     {fr: "Ordinateur", en: "Computer"},
		"sticker_kind_laptop":                 {fr: "Ordinateur portable", en: "Laptop"},
		"sticker_kind_printer":                {fr: "Imprimante", en: "Printer"},
		"sticker_kind_router":                 {fr: "Box ou routeur", en: "Router"},
		"sticker_kind_screen":                 {fr: "Écran", en: "Screen"},
		"sticker_kind_interactive_whiteboard": {fr: "Tableau numérique", en: "Interactive whiteboard"},
		"sticker_kind_tablet":                 {fr: "Tablette", en: "Tablet"},
		"sticker_kind_other":                  {fr: "Matériel", en: "Equipment"},
		"problem_report_description": {
			fr: "%s\n\nSignalé par %s depuis l'étiquette du matériel.",
			en: "%s\n\nReported by %s from the asset's label.",
		},
		"problem_report_not_found": {
			fr: "Aucun signalement n'a l'identifiant « %s ».",
			en: "No problem report has id %q.",
		},
		"problem_report_handled": {
			fr: "Ce signalement est déjà %s : il n'y a plus rien à faire.",
			en: "This report is already %s: there is nothing left to do.",
		},
		"problem_report_status_converted": {fr: "transformé en demande", en: "turned into a request"},
		"problem_report_status_dismissed": {fr: "classé sans suite", en: "dismissed"},
		"problem_report_status_new":       {fr: "nouveau", en: "new"},
	})
}
