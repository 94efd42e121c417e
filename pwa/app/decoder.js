// Barcode decoding in the browser. The browser's own BarcodeDetector is
// used when it exists and reads Code 128 (Chrome on Android and macOS).
// Otherwise, as in Chromium on Linux, Firefox and Safari, zxing-wasm (the
// ZXing-C++ reader compiled to WebAssembly, in lazy/zxing/) is loaded the
// first time a decoder is asked for, and never at the app's start.

// The symbologies read: Parc's labels (Code 128, QR code, Data Matrix) and
// the codes manufacturers print on their stickers and boxes.
const ZXING_FORMATS = ['Code128', 'QRCode', 'DataMatrix', 'Code39', 'Code93', 'EAN13', 'EAN8', 'UPCA', 'UPCE', 'ITF', 'Codabar', 'PDF417', 'Aztec'];
const DETECTOR_FORMATS = ['code_128', 'qr_code', 'data_matrix', 'code_39', 'code_93', 'ean_13', 'ean_8', 'upc_a', 'upc_e', 'itf', 'codabar', 'pdf417', 'aztec'];

let loading = null;

// The maximum number of codes read in one image when every code is
// requested, as by the inventory round with several labels in view.
const MAX_CODES_PER_IMAGE = 32;

/**
 * Returns the decoder, loading it on first use: an object with
 * name ('native' or 'zxing') and decode(source, {all}), which resolves to
 * [{text, format}] for an ImageData, an ImageBitmap, a video element or an
 * image file (Blob). Without all, zxing stops at the first code it reads.
 * BarcodeDetector always returns every code.
 */
export function loadDecoder() {
  loading ??= nativeDecoder().then((native) => native ?? zxingDecoder());
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

async function nativeDecoder() {
  if (typeof globalThis.BarcodeDetector !== 'function') return null;
  let supported = [];
  try {
    supported = await globalThis.BarcodeDetector.getSupportedFormats();
  } catch {
    return null;
  }
  if (!supported.includes('code_128')) return null;
  const detector = new globalThis.BarcodeDetector({ formats: DETECTOR_FORMATS.filter((f) => supported.includes(f)) });
  return {
    name: 'native',
    async decode(source) {
      const image = source instanceof Blob ? await createImageBitmap(source) : source;
      const found = await detector.detect(image);
      return found.map((b) => ({ text: b.rawValue, format: b.format }));
    },
  };
}

async function zxingDecoder() {
  const zxing = await import('./lazy/zxing/es/reader/index.js');
  // Without an override zxing-wasm 3.1.8 fetches its .wasm from a CDN
  // (fastly.jsdelivr.net): locateFile points it to Parc's own copy.
  const wasm = new URL('./lazy/zxing/reader/zxing_reader.wasm', import.meta.url).href;
  await zxing.prepareZXingModule({
    overrides: { locateFile: (path, prefix) => (path.endsWith('.wasm') ? wasm : prefix + path) },
    fireImmediately: true,
  });
  const first = { formats: ZXING_FORMATS, tryHarder: true, maxNumberOfSymbols: 1 };
  const every = { ...first, maxNumberOfSymbols: MAX_CODES_PER_IMAGE };
  return {
    name: 'zxing',
    async decode(source, { all = false } = {}) {
      const results = await zxing.readBarcodes(source, all ? every : first);
      return results.filter((r) => r.isValid && r.text).map((r) => ({ text: r.text, format: r.format }));
    },
  };
}
