import { describe, expect, it } from 'vitest';
import type { ModelRunner, RgbaImage } from '../model-runner.ts';
import type { WireTensor } from '../../shared/tensor.ts';
import { classifyLines } from './classify.ts';
import { recognizeLines } from './recognize.ts';

/** A grey line `width` × 10 whose left half is `left` and right half `right` (0–255). */
function line(width: number, left: number, right = left): RgbaImage {
  const data = new Uint8ClampedArray(width * 10 * 4);
  for (let y = 0; y < 10; y++) for (let x = 0; x < width; x++) data.fill(x < width / 2 ? left : right, (y * width + x) * 4, (y * width + x) * 4 + 3);
  data.forEach((_, i) => i % 4 === 3 && (data[i] = 255));
  return { width, height: 10, data };
}

const input = (inputs: Record<string, WireTensor>) => {
  const x = inputs['x']!;
  if (x.type !== 'float32') throw new Error('expected float32');
  return { x, plane: x.dims[2]! * x.dims[3]! };
};

describe('recognizeLines with a stand-in model', () => {
  // The stand-in "reads" the first pixel: class 1 + round(brightness·2), one step per line.
  const dictionary = ['a', 'b', 'c'];
  const shapes: number[][] = [];
  const run: ModelRunner = async (_model, inputs) => {
    const { x, plane } = input(inputs);
    shapes.push(x.dims);
    const [n, classes] = [x.dims[0]!, dictionary.length + 2];
    const probs = new Float32Array(n * classes);
    for (let i = 0; i < n; i++) probs[i * classes + 1 + Math.round(((x.data[i * 3 * plane]! + 1) / 2) * 2)] = 1;
    return { y: { type: 'float32', dims: [n, 1, classes], data: probs } };
  };

  it('batches six at a time by aspect ratio, pads to at least 320 and returns results in input order', async () => {
    const lines = [line(300, 255), line(20, 0), line(40, 128), ...Array.from({ length: 5 }, () => line(30, 0))];
    const read = await recognizeLines(lines, { model: 'rec', dictionary }, run);
    expect(read.map((r) => r.text)).toEqual(['c', 'a', 'b', 'a', 'a', 'a', 'a', 'a']);
    expect(shapes).toEqual([
      [6, 3, 48, 320],
      [2, 3, 48, 1440], // the widest line: 48 · 300/10
    ]);
  });
});

describe('classifyLines with a stand-in model', () => {
  // Says "180°" with 0.95 when the line's first pixel is white, "0°" otherwise.
  const run: ModelRunner = async (_model, inputs) => {
    const { x, plane } = input(inputs);
    const n = x.dims[0]!;
    expect(x.dims.slice(1)).toEqual([3, 48, 192]);
    const probs = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) probs.set(x.data[i * 3 * plane]! > 0.9 ? [0.05, 0.95] : [0.99, 0.01], i * 2);
    return { softmax: { type: 'float32', dims: [n, 2], data: probs } };
  };

  it('turns only the lines the classifier is sure are upside down', async () => {
    const lines = [line(40, 255, 0), line(40, 0, 255)];
    const { lines: out, directions } = await classifyLines(lines, run);
    expect(directions.map((d) => d.flipped)).toEqual([true, false]);
    expect(out[0]!.data[0]).toBe(0); // the white half moved to the right
    expect(out[1]).toBe(lines[1]);
  });
});
