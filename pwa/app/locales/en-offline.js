// English messages of work done offline: problem reports, maintenance
// campaigns and the pool of spare PCs. Merged into en.js.

export default {
  loan_out_not_spare: 'Asset "{tag}" is not one of the spare PCs: take a PC from the pool, or add this one to the spare PCs.',
  loan_out_spare_on_loan: 'PC "{tag}" is already on loan, until {date}: record its return first.',
  loan_spares_device_none: 'No spare PC available according to this device.',
  campaign_on_device: 'Campaign opened on this device: its coverage shows once the campaign has reached the server.',
  sync_entity_campaign: 'Maintenance campaign {year}',
  sync_entity_report: 'Problem report: {text}',
  sync_op_report_converted: 'Turned into a request',
  sync_op_report_dismissed: 'Dismissed',
  sync_field_year: 'Year',
  sync_field_request_id: 'Request',
  sync_field_request: 'Request to create',
};
