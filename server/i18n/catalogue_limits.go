package i18n

// The messages of the server's limits and request checks: list pages
// larger than the maximum, requests that arrive too slowly, request
// headers that are too large and logins that are not sent as JSON. The
// body size messages are in catalogue_scan.go.
func init() {
	add(map[string]entry{
		"limit_too_large": {
			fr: "Le paramètre limit « %s » dépasse le maximum de %d éléments par page : demandez %d éléments au plus et suivez le curseur « next » pour lire la suite.",
			en: "Limit %q is over the maximum of %d items a page: request at most %d items and follow the \"next\" cursor for the rest.",
		},
		"limit_field": {
			fr: "%d au plus.",
			en: "At most %d.",
		},
		"request_timeout": {
			fr: "La requête n'est pas arrivée en entier dans les %d secondes permises : vérifiez la connexion puis envoyez-la de nouveau.",
			en: "The request did not arrive in full within the %d seconds allowed: check the connection, then send it again.",
		},
		"login_json_only": {
			fr: "La connexion s'envoie en JSON, avec l'en-tête Content-Type: application/json : connectez-vous depuis l'application.",
			en: "The login is sent as JSON, with the header Content-Type: application/json: log in from the app.",
		},
		"request_headers_too_large": {
			fr: "Les en-têtes de la requête dépassent la taille permise : supprimez les cookies du site ou les en-têtes inutiles, puis envoyez-la de nouveau.",
			en: "The request headers are over the size allowed: delete the site's cookies or unneeded headers, then send it again.",
		},
	})
}
