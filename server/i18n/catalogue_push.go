package i18n

// The messages of Web Push and e-mail notifications: errors of
// /api/v1/push and /api/v1/me/notifications, and the texts of the
// notifications themselves.
func init() {
	add(map[string]entry{
		// Subscriptions.
		"push_endpoint_missing": {
			fr: "Ce champ est obligatoire : envoyez l'objet PushSubscription du navigateur, avec son « endpoint ».",
			en: "This field is required: send the browser's PushSubscription object, with its endpoint.",
		},
		"push_endpoint_long": {
			fr: "L'adresse d'abonnement dépasse %d octets : ce n'est pas celle d'un service de notification.",
			en: "The subscription endpoint is over %d bytes: it is not a push service's.",
		},
		"push_endpoint_unreadable": {
			fr: "L'adresse d'abonnement « %s » n'est pas une URL lisible : envoyez l'objet PushSubscription du navigateur tel quel.",
			en: "The subscription endpoint %q is not a readable URL: send the browser's PushSubscription object as it is.",
		},
		"push_endpoint_not_https": {
			fr: "L'adresse d'abonnement « %s » n'est pas en HTTPS : Parc n'envoie des notifications qu'aux services en HTTPS.",
			en: "The subscription endpoint %q does not use HTTPS: Parc sends notifications to HTTPS push services only.",
		},
		"push_endpoint_unresolvable": {
			fr: "Le nom d'hôte de l'adresse d'abonnement « %s » est introuvable : vérifiez la connexion du serveur, puis réessayez.",
			en: "The host name of the subscription endpoint %q cannot be resolved: check the server's network, then try again.",
		},
		"push_endpoint_private": {
			fr: "L'adresse d'abonnement « %s » mène à l'adresse privée ou réservée %s : Parc n'y envoie rien. Pour un service de notification interne, ajoutez son préfixe à PARC_PUSH_ENDPOINT_ALLOW.",
			en: "The subscription endpoint %q leads to the private or reserved address %s: Parc sends nothing there. For an internal push service, add its prefix to PARC_PUSH_ENDPOINT_ALLOW.",
		},
		"push_key_p256dh": {
			fr: "La clé « keys.p256dh » (« %s ») n'est pas une clé publique P-256 en base64 : envoyez l'objet PushSubscription du navigateur tel quel.",
			en: "The key keys.p256dh (%q) is not a base64 P-256 public key: send the browser's PushSubscription object as it is.",
		},
		"push_key_auth": {
			fr: "La clé « keys.auth » (« %s ») n'est pas un secret de 16 octets en base64 : envoyez l'objet PushSubscription du navigateur tel quel.",
			en: "The key keys.auth (%q) is not a 16-byte base64 secret: send the browser's PushSubscription object as it is.",
		},

		// Notification settings.
		"push_preference_unknown": {
			fr: "Réglage inconnu « %s » : les réglages sont « events » et « email ».",
			en: "Unknown setting %q: the settings are events and email.",
		},
		"push_event_unknown": {
			fr: "Événement inconnu pour votre rôle : « %s ». Les événements possibles sont : %s.",
			en: "Unknown event for your role: %q. The possible events are: %s.",
		},
		"push_event_not_bool": {
			fr: "La valeur de l'événement « %s » doit être true ou false.",
			en: "The value of event %q must be true or false.",
		},

		// Notifications: a title, then a body that starts with the site.
		"push_request_created_title": {
			fr: "Nouvelle demande",
			en: "New request",
		},
		"push_request_created_blocking_title": {
			fr: "Nouvelle demande bloquante",
			en: "New blocking request",
		},
		"push_request_created_body": {
			fr: "%s : %s",
			en: "%s: %s",
		},
		"push_request_planned_title": {
			fr: "Intervention planifiée",
			en: "Visit planned",
		},
		"push_request_planned_body": {
			fr: "%s : le technicien passera le %s.",
			en: "%s: the technician will come on %s.",
		},
		"push_request_planned_undated_body": {
			fr: "%s : le technicien a planifié l'intervention.",
			en: "%s: the technician planned the visit.",
		},
		"push_request_started_title": {
			fr: "Intervention commencée",
			en: "Work started",
		},
		"push_request_started_body": {
			fr: "%s : le technicien a commencé l'intervention.",
			en: "%s: the technician started work on your request.",
		},
		"push_request_done_title": {
			fr: "Intervention terminée",
			en: "Work done",
		},
		"push_request_done_body": {
			fr: "%s : la demande est traitée.",
			en: "%s: your request is done.",
		},
		"push_request_refused_title": {
			fr: "Demande refusée",
			en: "Request refused",
		},
		"push_request_refused_body": {
			fr: "%s : %s",
			en: "%s: %s",
		},
		"push_loan_overdue_title": {
			fr: "Prêt en retard",
			en: "Loan overdue",
		},
		"push_loan_overdue_body": {
			fr: "%s : le PC de prêt %s devait être rendu le %s.",
			en: "%s: spare PC %s was due back on %s.",
		},
		"push_visit_planned_title": {
			fr: "Maintenance préventive planifiée",
			en: "Maintenance visit planned",
		},
		"push_visit_planned_body": {
			fr: "%s : visite de maintenance le %s.",
			en: "%s: maintenance visit on %s.",
		},

		// The e-mail that replaces a notification.
		"push_email_link": {
			fr: "Ouvrir dans Parc : %s",
			en: "Open in Parc: %s",
		},
		"push_email_footer": {
			fr: "%s. Vous recevez ce message parce que les notifications de cet appareil sont désactivées ou indisponibles. Pour ne plus recevoir de courriel, décochez « Courriel » dans Réglages, Notifications.",
			en: "%s. You get this message because notifications are off or unavailable on your devices. To stop these e-mails, untick E-mail in Settings, Notifications.",
		},
	})
}
