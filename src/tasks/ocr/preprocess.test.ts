import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../model-runner.ts';
import { resizeBilinear, rotate180, rotate90ccw } from './image.ts';
import { detectionInput, detectionSize, lineBatch } from './preprocess.ts';

/** A picture filled with one RGBA colour. */
const solid = (width: number, height: number, rgba: [number, number, number, number]): RgbaImage => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(rgba, i * 4);
  return { width, height, data };
};

describe('detection input', () => {
  it('keeps small pictures near their size, on multiples of 32', () => {
    expect(detectionSize(480, 200)).toEqual({ width: 480, height: 192 });
    expect(detectionSize(10, 10)).toEqual({ width: 32, height: 32 });
  });
  it('shrinks the long side to the limit', () => {
    expect(detectionSize(1920, 1080)).toEqual({ width: 960, height: 544 });
    expect(detectionSize(1080, 1920, 640)).toEqual({ width: 352, height: 640 });
  });
  it('is NCHW float32 in BGR order with ImageNet mean/std', () => {
    const x = detectionInput(solid(40, 20, [255, 0, 51, 255]));
    expect(x.dims).toEqual([1, 3, 32, 32]);
    const plane = 32 * 32;
    // Channel 0 is blue (51/255 = 0.2), normalized with the first mean/std pair.
    expect(x.data[0]).toBeCloseTo((0.2 - 0.485) / 0.229, 5);
    expect(x.data[plane]).toBeCloseTo((0 - 0.456) / 0.224, 5);
    expect(x.data[2 * plane + plane - 1]).toBeCloseTo((1 - 0.406) / 0.225, 5);
  });
});

describe('line batch', () => {
  it('scales to [-1, 1], keeps the aspect ratio and pads with 0', () => {
    const x = lineBatch([solid(20, 10, [255, 255, 255, 255]), solid(10, 10, [0, 0, 0, 255])], 48, 192);
    expect(x.dims).toEqual([2, 3, 48, 192]);
    const plane = 48 * 192;
    expect(x.data[0]).toBe(1); // white
    expect(x.data[95]).toBe(1); // last column of a 96-wide line
    expect(x.data[96]).toBe(0); // padding
    expect(x.data[3 * plane]).toBe(-1); // second line, black
    expect(x.data[3 * plane + 48]).toBe(0);
  });
});

describe('pixel operations', () => {
  const ramp: RgbaImage = { width: 3, height: 2, data: Uint8ClampedArray.from([0, 1, 2, 3, 4, 5].flatMap((v) => [v * 10, 0, 0, 255])) };
  const reds = (im: RgbaImage) => Array.from({ length: im.width * im.height }, (_, i) => im.data[i * 4]);
  it('turns by 180° and by a quarter counter-clockwise', () => {
    expect(reds(rotate180(ramp))).toEqual([50, 40, 30, 20, 10, 0]);
    const q = rotate90ccw(ramp);
    expect([q.width, q.height]).toEqual([2, 3]);
    expect(reds(q)).toEqual([20, 50, 10, 40, 0, 30]);
  });
  it('resizes bilinearly with half-pixel centres', () => {
    const up = resizeBilinear({ width: 2, height: 1, data: Uint8ClampedArray.from([0, 0, 0, 255, 100, 0, 0, 255]) }, 4, 1);
    expect(reds(up)).toEqual([0, 25, 75, 100]);
  });
});
