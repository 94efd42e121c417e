// English messages of the sync, merged into en.js.

export default {
  sync_title: 'Synchronisation',
  sync_intro: 'Your changes are saved on this device, then sent to the server as soon as the network allows. The server sends back the changes made elsewhere.',
  sync_open: 'Open synchronisation',
  sync_now: 'Synchronise now',
  sync_done: 'Synchronisation complete.',
  sync_running: 'Synchronising…',
  sync_offline: 'Offline: sending resumes when the network is back.',
  sync_failed: 'Last attempt failed: {message} It will be retried automatically.',
  sync_last: 'Last synchronisation: {when}',
  sync_pending: {
    zero: 'No change waiting to be sent.',
    one: '{count} change waiting to be sent.',
    other: '{count} changes waiting to be sent.',
  },
  sync_rejected_count: {
    one: '{count} change rejected by the server: fix or discard it.',
    other: '{count} changes rejected by the server: fix or discard them.',
  },
  sync_conflict_count: {
    one: '{count} change replaced someone else’s: please read it.',
    other: '{count} changes replaced someone else’s: please read them.',
  },
  sync_bar_pending: { one: '{count} pending', other: '{count} pending' },
  sync_bar_problems: { one: '{count} to check', other: '{count} to check' },

  sync_conflicts_title: 'Changes also made elsewhere',
  sync_conflicts_intro: 'Someone else had changed the same fields since this device received the record. Your change arrived later and won. Tell the other person if their value was the right one.',
  sync_conflict_text: 'Sent on {when}. Fields replaced:',
  sync_conflict_field: '{field}: “{theirs}”, entered elsewhere, replaced by your value “{yours}”',
  sync_conflict_ok: 'Understood',

  sync_rejected_title: 'Rejected changes',
  sync_rejected_intro: 'The server did not apply these changes, for the reason given. Fix them, or discard them to go back to the server’s record.',
  sync_rejected_no_reason: 'The server gave no reason.',
  sync_field_error: '{field}: {message}',
  sync_fix: 'Fix',
  sync_discard: 'Discard',
  sync_discard_title: 'Discard this change?',
  sync_discard_text: 'The record goes back to the server’s version on this device. The change will be lost.',
  sync_discard_offline: 'Discarding needs the network, to read the server’s record again: try again once connected.',
  sync_discarded: 'Change discarded.',

  sync_pending_title: 'Waiting to be sent',
  sync_pending_none: 'No change waiting.',
  sync_field_archived: 'Archiving',
  sync_value_empty: '(empty)',
  sync_entity_asset: 'Asset',
  sync_entity_room: 'Room',
  sync_op_create: 'Creation',
  sync_op_edit: 'Change: {fields}',
  sync_op_archive: 'Archiving',
  sync_op_restore: 'Restoring',
  sync_op_scan: 'Inventory scan',
  sync_op_scan_moved: 'Inventory scan, with a move',

  saved_on_device: 'Saved on this device: the change will be sent to the server when the network is back.',
  saved_conflict: 'Saved. Someone else had changed the same fields: see the Synchronisation screen.',
  form_saves_offline: 'You are offline: the change stays on this device and goes when the network is back.',

  logout_unsent_title: 'Changes not sent',
  logout_unsent_text: {
    one: '{count} change has not reached the server. Logging out erases it from this device: it will be lost. To send it, cancel and synchronise first (Synchronisation screen).',
    other: '{count} changes have not reached the server. Logging out erases them from this device: they will be lost. To send them, cancel and synchronise first (Synchronisation screen).',
  },
  logout_unsent_confirm: 'Log out anyway',
};
