package i18n

// The messages of stored files (/api/v1/files), of the photos of requests
// and the signatures of work orders, and the texts of the work-order PDF
// ("bon d'intervention").
func init() {
	add(map[string]entry{
		// Uploads.
		"file_missing": {
			fr: "Aucun fichier reçu : envoyez-le dans le champ « file » d'un formulaire multipart/form-data, avec son type dans le champ « kind ».",
			en: "No file received: send it in the \"file\" field of a multipart/form-data form, with its kind in the \"kind\" field.",
		},
		"file_kind_missing": {
			fr: "Précisez le type du fichier dans le champ « kind » : %s.",
			en: "Give the kind of the file in the \"kind\" field: %s.",
		},
		"file_kind_unknown": {
			fr: "Le type de fichier « %s » n'existe pas : choisissez %s.",
			en: "File kind %q does not exist: choose %s.",
		},
		"file_photo_too_large": {
			fr: "La photo « %s » pèse %.1f Mio, au-delà de la limite de %.0f Mio : envoyez une photo moins lourde, par exemple en qualité réduite.",
			en: "Photo %q is %.1f MiB, over the limit of %.0f MiB: send a lighter photo, for example at a lower quality.",
		},
		"file_signature_too_large": {
			fr: "La signature « %s » pèse %d Kio, mais %d Kio au plus sont acceptés : envoyez-la en PNG depuis l'écran de signature.",
			en: "Signature %q is %d KiB, but at most %d KiB are accepted: send it as a PNG from the signature screen.",
		},
		"file_signature_not_png": {
			fr: "La signature « %s » n'est pas une image PNG : envoyez-la depuis l'écran de signature, qui l'enregistre en PNG.",
			en: "Signature %q is not a PNG image: send it from the signature screen, which saves it as a PNG.",
		},
		"file_signature_dimensions": {
			fr: "La signature mesure %d × %d pixels, mais %d × %d pixels au plus sont acceptés : réduisez la zone de signature.",
			en: "The signature is %d × %d pixels, but at most %d × %d pixels are accepted: make the signature area smaller.",
		},
		"file_signature_blank": {
			fr: "La signature « %s » est vide : faites signer la personne présente, puis envoyez-la.",
			en: "Signature %q is blank: have the person present sign, then send it.",
		},
		"file_signature_technicians": {
			fr: "Seuls les techniciens envoient une signature, pour clore une fiche d'intervention.",
			en: "Only technicians send a signature, to close a work order.",
		},
		"file_busy": {
			fr: "Le serveur traite déjà d'autres images : réessayez dans quelques secondes.",
			en: "The server is already processing other images: try again in a few seconds.",
		},
		"file_not_found": {
			fr: "Aucun fichier n'a l'identifiant « %s ».",
			en: "No file has id %q.",
		},

		// Files named by a request or a work order.
		"file_attach_unknown": {
			fr: "Aucun de vos fichiers n'a l'identifiant « %s » : envoyez d'abord le fichier par POST /api/v1/files, puis donnez l'identifiant reçu.",
			en: "None of your files has id %q: first send the file with POST /api/v1/files, then give the id it returns.",
		},
		"file_attach_kind": {
			fr: "Le fichier « %s » est de type « %s » : seul un fichier de type « %s » va ici.",
			en: "File %q is of kind %q: only a file of kind %q goes here.",
		},
		"request_photos_many": {
			fr: "La demande compte %d photos, mais %d au plus sont acceptées : retirez-en.",
			en: "The request has %d photos, but at most %d are accepted: remove some.",
		},
		"work_order_signed_by_missing": {
			fr: "Donnez le nom de la personne présente qui a signé (signed_by) avec sa signature.",
			en: "Give the name of the person present who signed (signed_by) with their signature.",
		},

		// The work-order PDF.
		"pdf_title":          {fr: "Bon d'intervention", en: "Work order"},
		"pdf_number":         {fr: "N° %s", en: "No. %s"},
		"pdf_date":           {fr: "Date : %s", en: "Date: %s"},
		"pdf_continued":      {fr: "Bon d'intervention n° %s (suite)", en: "Work order no. %s (continued)"},
		"pdf_page":           {fr: "Page %d sur %s", en: "Page %d of %s"},
		"pdf_place":          {fr: "Lieu", en: "Place"},
		"pdf_commune":        {fr: "Commune", en: "Municipality"},
		"pdf_site":           {fr: "Site", en: "Site (building)"},
		"pdf_address":        {fr: "Adresse", en: "Address"},
		"pdf_request":        {fr: "Demande", en: "Request"},
		"pdf_request_none":   {fr: "Intervention sans demande préalable.", en: "Work done without a prior request."},
		"pdf_request_of":     {fr: "Demande du", en: "Requested on"},
		"pdf_category":       {fr: "Catégorie", en: "Category"},
		"pdf_urgency":        {fr: "Urgence", en: "Urgency"},
		"pdf_description":    {fr: "Description", en: "Problem description"},
		"pdf_work":           {fr: "Intervention", en: "Work"},
		"pdf_worked_on":      {fr: "Date de l'intervention", en: "Day of work"},
		"pdf_level":          {fr: "Niveau", en: "Level"},
		"pdf_work_time":      {fr: "Temps de travail", en: "Work time"},
		"pdf_travel_time":    {fr: "Temps de déplacement", en: "Travel time"},
		"pdf_status":         {fr: "État de la fiche", en: "Work order status"},
		"pdf_assets":         {fr: "Matériel", en: "Assets"},
		"pdf_assets_none":    {fr: "Aucun matériel enregistré.", en: "No asset recorded."},
		"pdf_asset_tag":      {fr: "Étiquette", en: "Tag"},
		"pdf_asset_kind":     {fr: "Type", en: "Kind"},
		"pdf_asset_brand":    {fr: "Marque", en: "Brand"},
		"pdf_asset_model":    {fr: "Modèle", en: "Model"},
		"pdf_asset_serial":   {fr: "N° de série", en: "Serial number"},
		"pdf_checklist":      {fr: "Actions effectuées", en: "Actions done"},
		"pdf_checklist_none": {fr: "Aucune action cochée.", en: "No action ticked."},
		"pdf_notes":          {fr: "Observations", en: "Notes"},
		"pdf_summary":        {fr: "Compte rendu", en: "Summary"},
		"pdf_signatures":     {fr: "Signatures", en: "Sign-off"},
		"pdf_technician":     {fr: "Intervenant", en: "Technician"},
		"pdf_signed_by":      {fr: "Personne présente", en: "Person present"},
		"pdf_unsigned":       {fr: "Non signé", en: "Not signed"},

		// Names of the kinds of site and asset.
		"site_kind_school":                  {fr: "école", en: "school"},
		"site_kind_town_hall":               {fr: "mairie", en: "town hall"},
		"site_kind_library":                 {fr: "bibliothèque", en: "library"},
		"site_kind_ccbe_office":             {fr: "siège de la CCBE", en: "CCBE office"},
		"asset_kind_pc":                     {fr: "PC fixe", en: "Desktop PC"},
		"asset_kind_laptop":                 {fr: "PC portable", en: "Laptop"},
		"asset_kind_printer":                {fr: "Imprimante", en: "Printer"},
		"asset_kind_router":                 {fr: "Routeur", en: "Router"},
		"asset_kind_screen":                 {fr: "Écran", en: "Screen"},
		"asset_kind_interactive_whiteboard": {fr: "Tableau interactif", en: "Interactive whiteboard"},
		"asset_kind_tablet":                 {fr: "Tablette", en: "Tablet"},
		"asset_kind_other":                  {fr: "Autre", en: "Other"},
	})
}
