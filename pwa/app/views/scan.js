// The scanner: the rear camera decoding continuously, a photo decoded in
// the browser or else by the server, and a field to type a tag or a serial
// number. Every code read goes through openCode (scan.js), as hand scans do.

import { api, ApiError, NetworkError } from '../api.js';
import { loadDecoder } from '../decoder.js';
import { get } from '../db.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { checkTag, looksLikeTag, prefixOf } from '../tags.js';
import { currentPlace, openCode, tagErrorMessage } from '../scan.js';

// A code read again within this time is ignored, so that a label held in
// front of the camera opens its asset once.
const REPEAT_IGNORE_MS = 3000;
// The maximum side of the frames given to the decoder, in pixels.
const MAX_FRAME_SIDE = 1280;
// Frames are decoded as they come, or at least this often when the video
// gives no frame callbacks.
const FRAME_WAIT_MS = 100;

export async function scanScreen({ query }) {
  const title = t('scan_title');
  const ui = {
    video: h('video', { id: 'scan-video', class: 'scan-video', playsinline: '', muted: '', autoplay: '', 'aria-label': t('scan_camera_label') }),
    status: h('p', { id: 'scan-status', class: 'detail', role: 'status' }, t('scan_camera_starting')),
    torch: h('button', { id: 'scan-torch', type: 'button', class: 'button', hidden: '', 'aria-pressed': 'false' }, t('scan_torch_on')),
    restart: h('button', { id: 'scan-restart', type: 'button', class: 'button', hidden: '' }, t('scan_camera_start')),
    focusHint: h('p', { id: 'scan-focus-hint', class: 'detail', hidden: '' }, t('scan_focus_hint')),
    message: h('p', { id: 'scan-message', class: 'scan-message', role: 'alert' }),
    create: h('a', { id: 'scan-create', class: 'button', hidden: '', href: '/assets/new' }, t('scan_create_with_tag')),
    manual: h('input', {
      id: 'scan-manual-input', name: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'characters',
      spellcheck: 'false', enterkeyhint: 'go', maxlength: 100, 'aria-describedby': 'scan-manual-hint scan-message',
    }),
  };
  // Muted must be a property too for autoplay without a gesture.
  ui.video.muted = true;

  const showProblem = (result) => {
    ui.message.textContent = result.message;
    ui.create.hidden = !result.createPath;
    if (result.createPath) ui.create.setAttribute('href', result.createPath);
  };
  const clearProblem = () => {
    ui.message.textContent = '';
    ui.create.hidden = true;
    ui.manual.removeAttribute('aria-invalid');
  };

  const photoInput = h('input', { id: 'scan-photo', type: 'file', accept: 'image/*', capture: 'environment', class: 'visually-hidden' });
  photoInput.addEventListener('change', () => {
    const file = photoInput.files?.[0];
    photoInput.value = '';
    if (file) readPhoto(file, ui, showProblem, clearProblem);
  });

  const manualForm = h('form', { id: 'scan-manual', class: 'form', onsubmit: (event) => {
    event.preventDefault();
    clearProblem();
    const text = ui.manual.value.trim();
    if (!text || looksLikeTag(text) || prefixOf(text)) {
      const parsed = checkTag(text);
      if (parsed.error) {
        ui.manual.setAttribute('aria-invalid', 'true');
        ui.message.textContent = tagErrorMessage(parsed.error);
        return;
      }
    }
    openCode(text, { onProblem: showProblem }).catch((err) => {
      ui.message.textContent = err.message;
    });
  } },
  h('div', { class: 'field' },
    h('label', { for: 'scan-manual-input' }, t('scan_manual_label')),
    h('div', { class: 'inline' }, ui.manual, h('button', { id: 'scan-manual-submit', type: 'submit', class: 'button primary' }, t('scan_manual_submit'))),
    h('p', { id: 'scan-manual-hint', class: 'detail' }, t('scan_manual_hint'))));

  ui.restart.addEventListener('click', () => startCamera(ui, showProblem, clearProblem));
  setTimeout(() => startCamera(ui, showProblem, clearProblem), 0);

  const code = query.get('code');
  if (code) {
    ui.manual.value = code;
    openCode(code, { onProblem: showProblem }).catch((err) => {
      ui.message.textContent = err.message;
    });
  }

  return {
    title,
    body: [
      h('h1', null, title),
      h('p', { class: 'detail' }, t('scan_intro')),
      h('div', { class: 'scan-frame' }, ui.video),
      ui.status,
      ui.focusHint,
      h('div', { class: 'scan-actions' },
        h('label', { for: 'scan-photo', class: 'button primary', id: 'scan-photo-button' }, t('scan_photo')),
        photoInput,
        ui.torch,
        ui.restart),
      ui.message,
      ui.create,
      manualForm,
      await placeLine(),
    ],
    // New local data leaves the camera and the field as they are.
    refresh: null,
  };
}

/** Describes the current location, set by a room label scan or a room screen. */
async function placeLine() {
  const place = currentPlace();
  if (!place) return h('p', { id: 'scan-place', class: 'detail' }, t('scan_place_none'));
  const [site, room] = await Promise.all([get('sites', place.site_id), place.room_id ? get('rooms', place.room_id) : undefined]);
  const name = [site?.name, room?.name].filter(Boolean).join(' — ');
  return h('p', { id: 'scan-place', class: 'detail' }, name ? t('scan_place_set', { place: name }) : t('scan_place_none'));
}

/**
 * Starts the rear camera and decodes its frames until the video leaves the
 * page (another screen) or the stream ends. The decoder loads meanwhile.
 */
async function startCamera(ui, showProblem, clearProblem) {
  const { video, status, restart } = ui;
  restart.hidden = true;
  status.textContent = t('scan_camera_starting');
  const decoding = loadDecoder();
  decoding.catch(() => {});

  let stream;
  try {
    if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('getUserMedia'), { name: 'NotFoundError' });
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (err) {
    status.textContent = cameraError(err);
    restart.hidden = false;
    return;
  }
  const stop = () => stream.getTracks().forEach((track) => track.stop());
  if (!video.isConnected) {
    stop();
    return;
  }

  video.srcObject = stream;
  try {
    await video.play();
  } catch {
    // Autoplay of a muted video is allowed; frames still come if not.
  }
  const [track] = stream.getVideoTracks();
  setUpTorch(track, ui.torch);
  setUpFocus(track, video, ui.focusHint);

  await nextFrame(video);
  performance.mark('parc-scan-first-frame');

  let decoder;
  try {
    decoder = await decoding;
  } catch (err) {
    status.textContent = t('scan_decoder_failed', { reason: err.message });
    stop();
    return;
  }
  if (!video.isConnected) {
    stop();
    return;
  }
  status.textContent = t('scan_camera_ready');
  document.documentElement.dataset.scanDecoder = decoder.name;

  const canvas = document.createElement('canvas');
  const recent = new Map();
  while (video.isConnected && stream.active) {
    await nextFrame(video);
    if (document.hidden || !video.videoWidth) continue;
    let results = [];
    try {
      results = await decoder.decode(decoder.name === 'native' ? video : frameImage(video, canvas));
    } catch (err) {
      console.warn('decode a camera frame', err);
      continue;
    }
    const now = performance.now();
    const hit = results.find((r) => !(now - (recent.get(r.text) ?? -Infinity) < REPEAT_IGNORE_MS));
    if (!hit) continue;
    recent.set(hit.text, now);
    performance.mark('parc-scan-decoded');
    signalHit();
    clearProblem();
    status.textContent = t('scan_read', { code: hit.text });
    try {
      await openCode(hit.text, { onProblem: showProblem });
    } catch (err) {
      ui.message.textContent = err.message;
    }
  }
  stop();
}

function cameraError(err) {
  switch (err?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return t('scan_camera_denied');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return t('scan_camera_missing');
    default:
      return t('scan_camera_failed', { reason: err?.message || String(err) });
  }
}

/** Resolves at the next video frame, or after FRAME_WAIT_MS. */
function nextFrame(video) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FRAME_WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    if (typeof video.requestVideoFrameCallback === 'function') {
      video.requestVideoFrameCallback(done);
    } else {
      requestAnimationFrame(done);
    }
  });
}

/** Returns the video's current frame as ImageData, scaled down to MAX_FRAME_SIDE. */
function frameImage(video, canvas) {
  const scale = Math.min(1, MAX_FRAME_SIDE / Math.max(video.videoWidth, video.videoHeight));
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

/** Shows the torch button when the camera reports a torch. */
function setUpTorch(track, button) {
  const capabilities = track?.getCapabilities?.() ?? {};
  if (!capabilities.torch) return;
  let on = false;
  button.hidden = false;
  button.onclick = async () => {
    try {
      await track.applyConstraints({ advanced: [{ torch: !on }] });
      on = !on;
    } catch (err) {
      console.warn('switch the torch', err);
    }
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? t('scan_torch_off') : t('scan_torch_on');
  };
}

/** Focuses where the image is touched, when the camera supports it. */
function setUpFocus(track, video, hint) {
  const capabilities = track?.getCapabilities?.() ?? {};
  const modes = capabilities.focusMode ?? [];
  const points = 'pointsOfInterest' in capabilities || 'pointsOfInterest' in (track?.getSettings?.() ?? {});
  const singleShot = modes.includes('single-shot') || modes.includes('manual');
  if (!points && !singleShot) return;
  hint.hidden = false;
  video.addEventListener('pointerdown', (event) => {
    const box = video.getBoundingClientRect();
    const constraint = {};
    if (points) constraint.pointsOfInterest = [{ x: (event.clientX - box.left) / box.width, y: (event.clientY - box.top) / box.height }];
    if (singleShot) constraint.focusMode = modes.includes('single-shot') ? 'single-shot' : 'manual';
    track.applyConstraints({ advanced: [constraint] }).catch((err) => console.warn('focus the camera', err));
  });
}

let audio = null;

/** Beeps and vibrates, as a hand scanner does after a read. */
function signalHit() {
  navigator.vibrate?.(80);
  try {
    audio ??= new AudioContext();
    audio.resume().catch(() => {});
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 1760;
    gain.gain.value = 0.1;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.12);
  } catch (err) {
    console.warn('beep', err);
  }
}

/**
 * Decodes a photo in the browser and, when that finds no code and the
 * server is reachable, sends it to POST /api/v1/decode.
 */
async function readPhoto(file, ui, showProblem, clearProblem) {
  clearProblem();
  ui.status.textContent = t('scan_photo_reading');
  let text = '';
  try {
    const decoder = await loadDecoder();
    const [found] = await decoder.decode(file);
    text = found?.text ?? '';
  } catch (err) {
    console.warn('decode a photo in the browser', err);
  }

  if (!text && navigator.onLine) {
    const form = new FormData();
    form.append('image', file, file.name || 'photo.jpg');
    try {
      const answer = await api('/api/v1/decode', { method: 'POST', body: form });
      text = answer?.text ?? '';
    } catch (err) {
      if (err instanceof NetworkError) {
        ui.message.textContent = t('scan_photo_offline');
      } else if (err instanceof ApiError) {
        ui.message.textContent = err.message;
      } else {
        throw err;
      }
      ui.status.textContent = '';
      return;
    }
  }

  if (!text) {
    ui.status.textContent = '';
    ui.message.textContent = navigator.onLine ? t('scan_photo_none') : t('scan_photo_offline');
    return;
  }
  signalHit();
  ui.status.textContent = t('scan_read', { code: text });
  await openCode(text, { onProblem: showProblem });
}
