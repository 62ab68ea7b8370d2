/**
 * Pixel operations on RGBA pictures, the way OpenCV does them for PaddleOCR: bilinear
 * resize with half-pixel centres (`cv2.INTER_LINEAR`), quarter and half turns.
 */
import type { RgbaImage } from '../model-runner.ts';

/** A blank (transparent black) picture. */
export function blankImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(width * height * 4) };
}

/**
 * Bilinear resize. Like OpenCV's INTER_LINEAR it does not low-pass when shrinking, which
 * is what the models saw in training.
 */
export function resizeBilinear(src: RgbaImage, width: number, height: number): RgbaImage {
  const out = blankImage(width, height);
  const sx = src.width / width;
  const sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), src.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, src.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), src.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, src.width - 1);
      const wx = fx - x0;
      const [a, b, c, d] = [(y0 * src.width + x0) * 4, (y0 * src.width + x1) * 4, (y1 * src.width + x0) * 4, (y1 * src.width + x1) * 4];
      const o = (y * width + x) * 4;
      for (let k = 0; k < 4; k++) {
        const top = src.data[a + k]! + (src.data[b + k]! - src.data[a + k]!) * wx;
        const bottom = src.data[c + k]! + (src.data[d + k]! - src.data[c + k]!) * wx;
        out.data[o + k] = top + (bottom - top) * wy;
      }
    }
  }
  return out;
}

/** Turned by 180° (upside-down text put right). */
export function rotate180(src: RgbaImage): RgbaImage {
  const out = blankImage(src.width, src.height);
  const n = src.width * src.height;
  for (let i = 0; i < n; i++) out.data.set(src.data.subarray(i * 4, i * 4 + 4), (n - 1 - i) * 4);
  return out;
}

/** Turned a quarter counter-clockwise (NumPy's `rot90`), so a tall crop becomes a wide line. */
export function rotate90ccw(src: RgbaImage): RgbaImage {
  const { width: w, height: h } = src;
  const out = blankImage(h, w);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < h; x++) {
      const from = (x * w + (w - 1 - y)) * 4;
      out.data.set(src.data.subarray(from, from + 4), (y * h + x) * 4);
    }
  }
  return out;
}
