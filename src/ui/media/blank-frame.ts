/**
 * Whether a camera frame shows nothing: a camera warming up, or a lens still covered, gives
 * frames of one flat colour. Reading one would say "no text in view" about a picture the
 * camera has not taken yet, so live reading waits for a real frame instead.
 */

/** Smallest spread of brightness (0–255) between the darkest and lightest sampled pixel of a real picture. */
export const BLANK_SPREAD = 12;

/** `rgba`: a small copy of the frame (every pixel counts, so keep it a few hundred pixels). */
export function isBlankFrame(rgba: ArrayLike<number>, spread = BLANK_SPREAD): boolean {
  let low = 255;
  let high = 0;
  for (let i = 0; i + 2 < rgba.length; i += 4) {
    const luma = 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
    if (luma < low) low = luma;
    if (luma > high) high = luma;
  }
  return high - low < spread;
}
