// English messages of the files that the daily work takes on the device:
// the signature of the person present, the photos of a request, and the
// PDF of a work order. Merged into en.js.

export default {
  signature_title: 'Signature of the person present',
  signature_hint: 'The person present signs in the frame with a finger, a stylus or the mouse. If they have left or cannot sign, close without a signature: their name is enough.',
  signature_empty: 'No signature yet.',
  signature_drawn: 'Signature drawn. "Clear" removes it to start again.',
  signature_clear: 'Clear',
  signature_name_missing: 'Enter the name of the person who signed.',
  signature_kept: 'A signature is already recorded: it stays unless a new one is drawn.',
  signature_alt: 'Signature of {name}',
  signature_none: 'Not signed',
  signature_drawn_short: 'drawn signature',

  work_order_pdf: 'Work order (PDF)',
  work_order_pdf_offline: 'The work-order PDF downloads when the device is online.',
  work_order_pdf_pending: 'The work-order PDF will be available once the work order has reached the server.',

  file_unavailable: 'Shown when online',
  photos_title: 'Photos',
  photos_none: 'No photos.',
  photos_hint: 'A photo of the problem helps the technician: up to 10 photos, as JPEG or PNG.',
  photos_full: 'This request already has {max} photos, the maximum.',
  photos_offline: {
    one: '{count} photo is on the server: it shows when the device is online.',
    other: '{count} photos are on the server: they show when the device is online.',
  },
  photos_count: { zero: 'no photos', one: '{count} photo', other: '{count} photos' },
  photo_add: 'Add a photo',
  photo_alt: 'Photo {n} of {count}',
  photo_remove: 'Remove photo {n}',
  photo_remove_short: 'Remove',
  photo_not_image: 'File "{name}" is not a JPEG or PNG photo: take a photo with the device or choose a JPEG or PNG image.',
  photo_too_large: 'Photo "{name}" is {size} MiB, over the 10 MiB limit: choose a smaller photo.',

  sync_op_waits_files: { one: 'Waits for a file to upload', other: 'Waits for {count} files to upload' },
};
