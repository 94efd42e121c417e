package i18n

// The messages of the sync endpoints (POST /api/v1/sync/push and
// GET /api/v1/sync/pull) and of the inventory scans pushed through them.
func init() {
	add(map[string]entry{
		"sync_client_id_missing": {
			fr: "Le champ « client_id » manque : envoyez l'identifiant de l'appareil, le même à chaque envoi.",
			en: "Field \"client_id\" is missing: send the device's id, the same one every time.",
		},
		"sync_client_id_long": {
			fr: "L'identifiant d'appareil « %s » dépasse 100 caractères : utilisez un UUID.",
			en: "Device id %q is longer than 100 characters: use a UUID.",
		},
		"sync_ops_missing": {
			fr: "Le champ « ops » est vide ou manque : envoyez au moins une opération.",
			en: "Field \"ops\" is empty or missing: send at least one operation.",
		},
		"sync_ops_too_many": {
			fr: "%d opérations reçues en un envoi, au plus %d sont acceptées : envoyez-les en plusieurs fois, dans l'ordre.",
			en: "%d operations received in one push, at most %d are accepted: send them in several pushes, in order.",
		},
		"sync_op_id_unreadable": {
			fr: "L'identifiant d'opération « %s » n'est pas un UUID : chaque opération doit avoir son propre UUID.",
			en: "Operation id %q is not a UUID: each operation needs its own UUID.",
		},
		"sync_op_id_taken": {
			fr: "L'identifiant d'opération %s a déjà servi sur un autre compte : créez l'opération avec un nouvel UUID.",
			en: "Operation id %s was already used by another account: create the operation with a new UUID.",
		},
		"sync_entity_id_unreadable": {
			fr: "L'identifiant d'enregistrement « %s » n'est pas un UUID : l'appareil doit en créer un (UUIDv7).",
			en: "Record id %q is not a UUID: the device must make one (UUIDv7).",
		},
		"sync_action_unknown": {
			fr: "L'action « %s » est inconnue : utilisez « upsert » ou « delete ».",
			en: "Action %q is unknown: use \"upsert\" or \"delete\".",
		},
		"sync_base_version": {
			fr: "La version de départ %d n'existe pas : les versions commencent à 1 ; omettez « base_version » pour une création.",
			en: "Base version %d does not exist: versions start at 1; leave \"base_version\" out for a creation.",
		},
		"sync_fields_not_object": {
			fr: "Le champ « fields » doit être un objet JSON, par exemple {\"brand\": \"Dell\"}.",
			en: "Field \"fields\" must be a JSON object, for example {\"brand\": \"Dell\"}.",
		},
		"sync_fields_unreadable": {
			fr: "Les champs de l'opération sont illisibles : vérifiez le type de chaque valeur (texte entre guillemets, nombre, booléen).",
			en: "The operation's fields cannot be read: check the type of each value (quoted text, number, boolean).",
		},
		"sync_entity_unknown": {
			fr: "Le type d'enregistrement « %s » ne se synchronise pas : les types acceptés sont %s.",
			en: "Record type %q is not synced: the accepted types are %s.",
		},
		"sync_forbidden": {
			fr: "Votre rôle ne permet pas de modifier ce type d'enregistrement (%s) : seuls les techniciens le peuvent.",
			en: "Your role cannot change this type of record (%s): only technicians can.",
		},
		"sync_cursor_unreadable": {
			fr: "Le curseur « %s » est illisible : recommencez la synchronisation sans curseur.",
			en: "Cursor %q cannot be read: start the sync again without a cursor.",
		},
		"sync_limit": {
			fr: "La limite « %s » n'est pas valide : donnez un nombre entier entre 1 et %d.",
			en: "Limit %q is not valid: give a whole number from 1 to %d.",
		},
		"inventory_scan_unreadable": {
			fr: "Le scan d'inventaire est illisible : corrigez les champs signalés.",
			en: "The inventory scan cannot be read: correct the fields shown.",
		},
		"inventory_tag_unreadable": {
			fr: "« %s » n'est pas un numéro d'inventaire lisible : le texte scanné doit faire de 1 à 32 caractères imprimables, sans espace.",
			en: "%q is not a readable asset tag: the scanned text must be 1 to 32 printable characters, without spaces.",
		},
		"inventory_time_unreadable": {
			fr: "L'heure du scan « %s » est illisible : une date et heure ISO 8601 est attendue, par exemple 2026-12-04T09:30:00Z.",
			en: "Scan time %q cannot be read: an ISO 8601 date and time is expected, for example 2026-12-04T09:30:00Z.",
		},
		"inventory_time_future": {
			fr: "L'heure du scan %s est dans le futur : réglez l'heure de l'appareil, puis scannez de nouveau.",
			en: "Scan time %s is in the future: set the device's clock, then scan again.",
		},
		"inventory_asset_unknown": {
			fr: "Aucun matériel n'a l'identifiant %s (étiquette %s) : il a peut-être été refusé ; scannez l'étiquette de nouveau.",
			en: "No asset has id %s (tag %s): it may have been refused; scan the tag again.",
		},
		"inventory_room_unknown": {
			fr: "La salle %s n'est pas une salle du site %s : choisissez une salle de ce site.",
			en: "Room %s is not a room of site %s: choose a room of that site.",
		},
		"inventory_scan_append_only": {
			fr: "Un scan d'inventaire ne se supprime pas : il reste dans l'historique de l'état des lieux.",
			en: "An inventory scan cannot be deleted: it stays in the history of the round.",
		},
		"inventory_scan_changed": {
			fr: "Le scan %s a déjà été reçu avec d'autres valeurs, et un scan ne se modifie pas : scannez de nouveau.",
			en: "Scan %s was already received with other values, and a scan does not change: scan again.",
		},
	})
}
