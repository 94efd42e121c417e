package i18n

// The messages of barcode decoding from photos (POST /api/v1/decode), and
// of request bodies over their size limit.
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
	})
}
