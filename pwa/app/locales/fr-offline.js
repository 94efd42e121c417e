// French messages of work done offline: a problem report turned into a
// request or dismissed, a maintenance campaign opened, and a spare PC
// checked against the pool kept on the device. Merged into fr.js.

export default {
  // The same text as the server's, so that the refusal reads alike online and offline.
  loan_out_not_spare: 'Le matériel « {tag} » ne fait pas partie des PC de prêt : prenez un PC de la réserve, ou ajoutez celui-ci aux PC de prêt.',
  loan_out_spare_on_loan: 'Le PC « {tag} » est déjà prêté, jusqu\'au {date} : enregistrez d\'abord son retour.',
  loan_spares_device_none: 'Aucun PC de prêt disponible d’après cet appareil.',
  campaign_on_device: 'Campagne ouverte sur cet appareil : sa couverture s’affiche une fois la campagne envoyée au serveur.',
  sync_entity_campaign: 'Campagne de maintenance {year}',
  sync_entity_report: 'Signalement : {text}',
  sync_op_report_converted: 'Transformé en demande',
  sync_op_report_dismissed: 'Classé sans suite',
  sync_field_year: 'Année',
  sync_field_request_id: 'Demande',
  sync_field_request: 'Demande à créer',
};
