package i18n

// The messages of barcode decoding from photos (POST /api/v1/decode), of
// request bodies over their size limit, and of scanned tags that name no
// asset or place (GET /api/v1/assets/by-tag/{tag} and
// GET /api/v1/places/by-tag/{tag}).
func init() {
	add(map[string]entry{
		"decode_missing_image": {
			fr: "Aucune photo reçue : envoyez l'image dans le champ « image » d'un formulaire multipart/form-data.",
			en: "No photo received: send the image in the \"image\" field of a multipart/form-data form.",
		},
		"decode_empty": {
			fr: "Le fichier « %s » est vide (0 octet) : reprenez la photo et envoyez-la de nouveau.",
			en: "File %q is empty (0 bytes): take the photo again and send it again.",
		},
		"decode_not_image": {
			fr: "Le fichier « %s » n'est pas une image JPEG ou PNG : envoyez une photo prise par l'appareil ou une capture d'écran.",
			en: "File %q is not a JPEG or PNG image: send a photo from the camera or a screenshot.",
		},
		"decode_corrupt": {
			fr: "L'image « %s » est tronquée ou endommagée : l'envoi a peut-être été interrompu. Envoyez-la de nouveau.",
			en: "Image %q is truncated or damaged: the upload may have been cut off. Send it again.",
		},
		"decode_too_many_pixels": {
			fr: "L'image mesure %d × %d pixels, soit plus de %d mégapixels : réduisez sa définition et envoyez-la de nouveau.",
			en: "The image is %d × %d pixels, more than %d megapixels: lower its resolution and send it again.",
		},
		"decode_no_barcode": {
			fr: "Aucun code-barres n'a été trouvé sur la photo. Reprenez-la plus près de l'étiquette, bien à plat, nette et bien éclairée, ou saisissez le numéro d'inventaire.",
			en: "No barcode was found in the photo. Take it again closer to the label, flat, sharp and well lit, or type the asset tag.",
		},
		"decode_busy": {
			fr: "Le serveur lit déjà d'autres photos : réessayez dans quelques secondes.",
			en: "The server is already reading other photos: try again in a few seconds.",
		},
		"body_too_large": {
			fr: "La requête pèse %.1f Mio, mais %.1f Mio au plus sont acceptés ici : envoyez un fichier plus léger.",
			en: "The request is %.1f MiB, but at most %.1f MiB are accepted here: send a smaller file.",
		},
		"body_too_large_unknown": {
			fr: "La requête dépasse la taille maximale de %.1f Mio acceptée ici : envoyez un fichier plus léger.",
			en: "The request exceeds the maximum size of %.1f MiB accepted here: send a smaller file.",
		},
		"decode_image_too_large": {
			fr: "L'image « %s » pèse %.1f Mio, mais %.1f Mio au plus sont acceptés : envoyez une photo moins lourde, par exemple en qualité réduite.",
			en: "Image %q is %.1f MiB, but at most %.1f MiB are accepted: send a lighter photo, for example at a lower quality.",
		},
		"scan_tag_unassigned": {
			fr: "L'étiquette « %s » est imprimée mais n'est encore sur aucun matériel : enregistrez le matériel qui la porte.",
			en: "Tag %q is printed but on no asset yet: record the asset that carries it.",
		},
		"scan_tag_void": {
			fr: "L'étiquette « %s » a été annulée (perdue ou détruite) : réimprimez l'étiquette du matériel ou collez-en une autre.",
			en: "Tag %q was voided (lost or destroyed): reprint the asset's label or stick another one on it.",
		},
		"scan_tag_unknown": {
			fr: "Aucun matériel ne porte l'étiquette « %s » : elle n'a pas été imprimée pour votre parc. C'est peut-être l'étiquette d'un autre parc.",
			en: "No asset carries tag %q: it was not printed for your fleet. It may be another fleet's label.",
		},
		"place_tag_unassigned": {
			fr: "L'étiquette de lieu « %s » est imprimée mais ne désigne encore aucun site ni aucune salle.",
			en: "Location tag %q is printed but names no site or room yet.",
		},
		"place_tag_unknown": {
			fr: "L'étiquette de lieu « %s » ne désigne aucun site ni aucune salle de votre parc : elle n'a pas été imprimée ici.",
			en: "Location tag %q names no site or room of your fleet: it was not printed here.",
		},
		"place_tag_is_asset": {
			fr: "L'étiquette « %s » est une étiquette de matériel : elle ne désigne aucun site ni aucune salle.",
			en: "Tag %q is an asset label: it names no site or room.",
		},
	})
}
