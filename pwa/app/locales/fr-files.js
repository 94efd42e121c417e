// French messages of the files that the daily work takes on the device:
// the signature of the person present, the photos of a request, and the
// PDF of a work order. Merged into fr.js.

export default {
  signature_title: 'Signature de la personne présente',
  signature_hint: 'La personne présente signe dans le cadre, du doigt, au stylet ou à la souris. Si elle est absente ou ne peut pas signer, clôturez sans signature : son nom suffit.',
  signature_empty: 'Pas encore de signature.',
  signature_drawn: 'Signature tracée. « Effacer » la retire pour recommencer.',
  signature_clear: 'Effacer',
  signature_name_missing: 'Saisissez le nom de la personne qui a signé.',
  signature_kept: 'Une signature est déjà enregistrée : elle reste, sauf si une nouvelle est tracée.',
  signature_alt: 'Signature de {name}',
  signature_none: 'Sans signature',
  signature_drawn_short: 'signature tracée',

  work_order_pdf: 'Bon d’intervention (PDF)',
  work_order_pdf_offline: 'Le bon d’intervention en PDF se télécharge avec le réseau.',
  work_order_pdf_pending: 'Le bon d’intervention en PDF sera disponible une fois la fiche envoyée au serveur.',

  file_unavailable: 'Visible avec le réseau',
  photos_title: 'Photos',
  photos_none: 'Aucune photo.',
  photos_hint: 'Une photo du problème aide le technicien : jusqu’à 10 photos, en JPEG ou PNG.',
  photos_full: 'Cette demande a déjà {max} photos, le maximum.',
  photos_offline: {
    one: '{count} photo est sur le serveur : elle s’affiche avec le réseau.',
    other: '{count} photos sont sur le serveur : elles s’affichent avec le réseau.',
  },
  photos_count: { zero: 'aucune photo', one: '{count} photo', other: '{count} photos' },
  photo_add: 'Ajouter une photo',
  photo_alt: 'Photo {n} sur {count}',
  photo_remove: 'Retirer la photo {n}',
  photo_remove_short: 'Retirer',
  photo_not_image: 'Le fichier « {name} » n’est pas une photo JPEG ou PNG : prenez une photo avec l’appareil ou choisissez une image JPEG ou PNG.',
  photo_too_large: 'La photo « {name} » pèse {size} Mio, au-delà de la limite de 10 Mio : choisissez une photo moins lourde.',

  sync_op_waits_files: { one: 'Attend l’envoi d’un fichier', other: 'Attend l’envoi de {count} fichiers' },
};
