// Stored files on the screens: an image (a request's photo, a work
// order's signature) read from the server, or from the device while it
// waits for its upload, and the link to a work order's PDF. The server's
// files need the network, so without it these show a note instead.

import { countByIndex } from '../db.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { waitingUpload } from '../uploads.js';

/**
 * Builds the image of a stored file, or of a file still on the device,
 * or a placeholder when it is on the server and the device is offline.
 * With link, the image is a link to the whole file.
 * @param {string} id a file id, or the local id of an upload
 * @param {{alt: string, className: string, link?: boolean}} options
 */
export async function storedImage(id, { alt, className, link = false }) {
  const upload = await waitingUpload(id);
  if (upload) return blobImage(upload.blob, { alt, class: className, dataset: { fileId: id, local: 'true' } });
  if (!navigator.onLine) return placeholder(id, className);

  const src = `/api/v1/files/${encodeURIComponent(id)}`;
  const img = h('img', { src, alt, class: className, loading: 'lazy', decoding: 'async', dataset: { fileId: id } });
  // No signal after all, or a file the server no longer shows.
  img.addEventListener('error', () => (link ? img.parentElement : img).replaceWith(placeholder(id, className)), { once: true });
  return link ? h('a', { href: src, target: '_blank', rel: 'noopener', class: 'file-link' }, img) : img;
}

/**
 * Builds an image of a file on the device. Its object URL is released
 * once the image has loaded, or failed to.
 * @param {Blob} blob
 * @param {Record<string, any>} props the img's attributes, as h() takes them
 */
export function blobImage(blob, props) {
  const url = URL.createObjectURL(blob);
  const img = h('img', { ...props, src: url });
  for (const type of ['load', 'error']) img.addEventListener(type, () => URL.revokeObjectURL(url), { once: true });
  return img;
}

function placeholder(id, className) {
  return h('span', { class: `${className} file-placeholder`, dataset: { fileId: id } }, t('file_unavailable'));
}

/**
 * Builds the link to the PDF of a done work order (« Bon d'intervention »),
 * which the server renders from its current data. While changes of the
 * work order wait on the device, or without network, it builds a note
 * that gives the reason instead.
 * @param {object} order a work order, done
 * @param {string} id the id of the link
 * @param {{describedBy?: string}} [options] the id of the text that sets
 *   this work order apart from others on the same screen
 */
export async function workOrderPDF(order, id, { describedBy } = {}) {
  const pending = await countByIndex('outbox', 'entity_id', order.id);
  if (pending > 0) return h('p', { id: `${id}-pending`, class: 'note' }, t('work_order_pdf_pending'));
  if (!navigator.onLine) return h('p', { id: `${id}-offline`, class: 'note' }, t('work_order_pdf_offline'));
  return h('a', { id, class: 'button', href: `/api/v1/work-orders/${encodeURIComponent(order.id)}/pdf`, download: '', 'aria-describedby': describedBy },
    t('work_order_pdf'));
}
