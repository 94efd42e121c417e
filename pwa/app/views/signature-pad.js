// The signature pad of a work order's closing step: a canvas that the
// person present signs with a finger, a stylus or a mouse, and
// « Effacer » to start again. It listens to pointer events, and the
// canvas alone sets touch-action: none (work.css), so the rest of the
// screen scrolls as usual. The drawing keeps its strokes in CSS pixels
// and draws them again at the device's pixel ratio whenever the canvas
// changes size, so that it stays sharp and survives a rotation.

import { h } from '../dom.js';
import { t } from '../i18n.js';

// The server takes a signature of at most 2000 × 1000 pixels.
const MAX_WIDTH = 2000;
const MAX_HEIGHT = 1000;
const INK = '#14286e';
const LINE_WIDTH = 2.5;

/**
 * Builds the pad and returns {element, hasInk, toBlob, markSaved}.
 * While it contains a drawing not yet saved, the canvas carries
 * data-unsaved="true", which keeps the screen from being drawn again
 * (see redrawUnlessTyping).
 * @param {string} id the id of the pad's container
 */
export function signaturePad(id) {
  const strokes = [];
  const canvas = h('canvas', {
    id: `${id}-canvas`, class: 'signature-canvas', tabindex: '0', role: 'img',
    'aria-labelledby': `${id}-label`, 'aria-describedby': `${id}-hint ${id}-status`,
  });
  const status = h('p', { id: `${id}-status`, class: 'detail', role: 'status' }, t('signature_empty'));
  const clear = h('button', { id: `${id}-clear`, type: 'button', class: 'button', disabled: true }, t('signature_clear'));
  let scale = 1;

  const draw = () => {
    const context = canvas.getContext('2d');
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = LINE_WIDTH;
    context.strokeStyle = INK;
    context.fillStyle = INK;
    for (const stroke of strokes) drawStroke(context, stroke);
  };

  const resize = () => {
    const box = canvas.getBoundingClientRect();
    if (!box.width || !box.height) return;
    scale = Math.min(window.devicePixelRatio || 1, MAX_WIDTH / box.width, MAX_HEIGHT / box.height);
    canvas.width = Math.round(box.width * scale);
    canvas.height = Math.round(box.height * scale);
    draw();
  };
  new ResizeObserver(resize).observe(canvas);

  const changed = () => {
    const inked = strokes.length > 0;
    canvas.dataset.unsaved = String(inked);
    canvas.dataset.strokes = String(strokes.length);
    clear.disabled = !inked;
    status.textContent = inked ? t('signature_drawn') : t('signature_empty');
  };

  trackPointers(canvas, strokes, draw, changed);
  clear.addEventListener('click', () => {
    strokes.length = 0;
    draw();
    changed();
    canvas.focus();
  });

  const element = h('div', { id, class: 'signature' },
    h('p', { id: `${id}-label`, class: 'signature-label' }, t('signature_title')),
    h('p', { id: `${id}-hint`, class: 'detail' }, t('signature_hint')),
    canvas,
    status,
    h('div', { class: 'actions' }, clear));

  return {
    element,
    hasInk: () => strokes.length > 0,
    /** Returns the drawing as a PNG on a transparent background. */
    toBlob: () => new Promise((resolve, reject) => {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob returned no PNG'))), 'image/png');
    }),
    markSaved: () => {
      canvas.dataset.unsaved = 'false';
    },
  };
}

/**
 * Adds the points of each pointer that touches the canvas to strokes:
 * one stroke from pointerdown to pointerup, with the coalesced events
 * that a fast finger produces between two frames.
 */
function trackPointers(canvas, strokes, draw, changed) {
  let current = null;
  const point = (event) => {
    const box = canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    try {
      // Strokes that leave the canvas keep drawing until the finger lifts.
      canvas.setPointerCapture(event.pointerId);
    } catch {
      // A pointer that is no longer active cannot be captured: draw anyway.
    }
    current = { pointer: event.pointerId, points: [point(event)] };
    strokes.push(current.points);
    draw();
    changed();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!current || event.pointerId !== current.pointer) return;
    event.preventDefault();
    const events = event.getCoalescedEvents?.() ?? [];
    for (const each of events.length ? events : [event]) current.points.push(point(each));
    draw();
  });
  const end = (event) => {
    if (current && event.pointerId === current.pointer) current = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
}

function drawStroke(context, points) {
  if (points.length === 1) {
    const [x, y] = points[0];
    context.beginPath();
    context.arc(x, y, LINE_WIDTH, 0, 2 * Math.PI);
    context.fill();
    return;
  }
  context.beginPath();
  context.moveTo(...points[0]);
  for (const [x, y] of points.slice(1)) context.lineTo(x, y);
  context.stroke();
}
