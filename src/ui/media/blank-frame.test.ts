import { describe, expect, it } from 'vitest';
import { isBlankFrame } from './blank-frame.ts';

const frame = (pixels: [number, number, number][]) => Uint8ClampedArray.from(pixels.flatMap(([r, g, b]) => [r, g, b, 255]));

describe('isBlankFrame', () => {
  it('calls a black, a flat grey and a sensor-noise frame blank', () => {
    expect(isBlankFrame(frame(Array.from({ length: 64 }, () => [0, 0, 0])))).toBe(true);
    expect(isBlankFrame(frame(Array.from({ length: 64 }, () => [128, 128, 128])))).toBe(true);
    expect(isBlankFrame(frame(Array.from({ length: 64 }, (_, i) => [3 + (i % 5), 2, 4 + (i % 3)])))).toBe(true);
  });

  it('calls a frame with dark text on a light face a picture, even when most of it is plain', () => {
    const pixels = Array.from({ length: 64 }, (): [number, number, number] => [220, 224, 226]);
    pixels[30] = [30, 34, 28];
    expect(isBlankFrame(frame(pixels))).toBe(false);
  });

  it('calls an empty frame blank', () => {
    expect(isBlankFrame(new Uint8ClampedArray(0))).toBe(true);
  });
});
