package i18n

// The names of request categories and urgencies, one entry per code of
// server/requests, for the work-order PDF and other server texts.
func init() {
	add(map[string]entry{
		// Within the charter, for schools and town halls (level 1).
		"request_category_advice":                 {fr: "Conseil informatique", en: "IT advice"},
		"request_category_supplier_contact":       {fr: "Mise en relation avec un fournisseur", en: "Putting in touch with a supplier"},
		"request_category_workstation_install":    {fr: "Installation d'un poste", en: "Workstation installation"},
		"request_category_os_setup":               {fr: "Paramétrage du système (vidéo, son, réseau)", en: "OS set-up (video, sound, network)"},
		"request_category_network_setup":          {fr: "Paramétrage réseau et Internet", en: "Network and Internet set-up"},
		"request_category_email_setup":            {fr: "Configuration de la messagerie", en: "E-mail set-up"},
		"request_category_os_repair":              {fr: "Dépannage du système", en: "OS troubleshooting"},
		"request_category_reinstall":              {fr: "Réinstallation d'un poste", en: "PC reinstallation"},
		"request_category_printer_install":        {fr: "Installation d'une imprimante", en: "Printer installation"},
		"request_category_office_install":         {fr: "Installation de logiciels de bureautique", en: "Office software installation"},
		"request_category_antivirus":              {fr: "Installation d'un antivirus", en: "Antivirus installation"},
		"request_category_driver":                 {fr: "Pilotes de périphériques", en: "Device drivers"},
		"request_category_virus":                  {fr: "Suppression de virus", en: "Virus removal"},
		"request_category_peripheral":             {fr: "Panne de périphérique", en: "Peripheral fault"},
		"request_category_preventive_maintenance": {fr: "Maintenance préventive", en: "Preventive maintenance"},
		"request_category_loan":                   {fr: "Prêt d'un poste de secours", en: "Loan of a spare PC"},

		// Outside the charter, refused at creation except copiers and
		// printers at the CCBE's office and the libraries.
		"request_category_copier":               {fr: "Photocopieur", en: "Photocopier"},
		"request_category_printer_consumables":  {fr: "Consommables d'imprimante", en: "Printer consumables"},
		"request_category_printer_repair":       {fr: "Réparation d'imprimante", en: "Printer repair"},
		"request_category_educational_software": {fr: "Logiciel pédagogique", en: "Educational software"},
		"request_category_business_software":    {fr: "Logiciel métier", en: "Business software"},
		"request_category_child_protection":     {fr: "Protection des mineurs", en: "Protection of minors"},
		"request_category_pupil_email":          {fr: "Messagerie des élèves", en: "Pupils' e-mail"},
		"request_category_legacy_os":            {fr: "Windows antérieur à XP", en: "Windows older than XP"},
		"request_category_user_assistance":      {fr: "Aide à l'utilisation des logiciels", en: "Help with using software"},
		"request_category_training":             {fr: "Formation", en: "Training"},

		"request_urgency_blocking": {fr: "bloquante", en: "blocking"},
		"request_urgency_normal":   {fr: "normale", en: "normal"},
	})
}
