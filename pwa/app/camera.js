// The camera scanner shared by the scanner screen and the inventory round:
// the rear camera's video, decoded frame after frame until the video leaves
// the page, with a torch button and touch-to-focus where the camera has them.

import { loadDecoder } from './decoder.js';
import { h } from './dom.js';
import { t } from './i18n.js';

// A code read again within this time is ignored, so that a label held in
// front of the camera is handled once.
const REPEAT_IGNORE_MS = 3000;
// The maximum side of the frames given to the decoder, in pixels.
const MAX_FRAME_SIDE = 1280;
// Frames are decoded as they come, or at least this often when the video
// gives no frame callbacks.
const FRAME_WAIT_MS = 100;

/**
 * Creates the camera's elements, with ids that start with prefix: the
 * video, the status line, the torch and restart buttons and the focus hint.
 */
export function cameraElements(prefix) {
  const ui = {
    video: h('video', { id: `${prefix}-video`, class: 'scan-video', playsinline: '', muted: '', autoplay: '', 'aria-label': t('scan_camera_label') }),
    status: h('p', { id: `${prefix}-status`, class: 'detail', role: 'status' }, t('scan_camera_starting')),
    torch: h('button', { id: `${prefix}-torch`, type: 'button', class: 'button', hidden: '', 'aria-pressed': 'false' }, t('scan_torch_on')),
    restart: h('button', { id: `${prefix}-restart`, type: 'button', class: 'button', hidden: '' }, t('scan_camera_start')),
    focusHint: h('p', { id: `${prefix}-focus-hint`, class: 'detail', hidden: '' }, t('scan_focus_hint')),
  };
  // Muted must be a property too for autoplay without a gesture.
  ui.video.muted = true;
  return ui;
}

/**
 * Starts the rear camera and decodes its frames until the video leaves the
 * page (another screen) or the stream ends. The decoder loads meanwhile.
 * Each code read, except one read within REPEAT_IGNORE_MS before, is
 * awaited through onCode(text). With all, every code of a frame is; without
 * it, the first new one only.
 * @param {ReturnType<typeof cameraElements>} ui
 * @param {{onCode: (text: string) => Promise<void>, all?: boolean}} options
 */
export async function startCamera(ui, { onCode, all = false }) {
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
      results = await decoder.decode(decoder.name === 'native' ? video : frameImage(video, canvas), { all });
    } catch (err) {
      console.warn('decode a camera frame', err);
      continue;
    }
    const now = performance.now();
    const hits = results.filter((r) => !(now - (recent.get(r.text) ?? -Infinity) < REPEAT_IGNORE_MS));
    for (const hit of all ? hits : hits.slice(0, 1)) {
      // The same code can come twice in one frame.
      if (recent.get(hit.text) === now) continue;
      recent.set(hit.text, now);
      performance.mark('parc-scan-decoded');
      signalHit();
      status.textContent = t('scan_read', { code: hit.text });
      await onCode(hit.text);
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
export function signalHit() {
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
