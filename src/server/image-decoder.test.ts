/**
 * The picture decoder thread: the same pixels as the Node task environment decodes in
 * place, the event loop free while a 12-megapixel JPEG is decoded, and an unreadable file
 * still an UnreadableImageError (the route's 400).
 */
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TaskInputError, UnreadableImageError } from '../tasks/task.ts';
import { ImageDecoder } from './image-decoder.ts';
import { nodeTaskEnv } from './node-task-env.ts';

vi.setConfig({ testTimeout: 60_000 });
const decoder = new ImageDecoder();
afterAll(() => decoder.close());
const plate = new Uint8Array(readFileSync('public/samples/ocr/automotive-plate.png'));

/** Turns of the event loop (setImmediate) until `work` settles. */
async function loopTurnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  const pending = work();
  setImmediate(spin);
  const value = await pending.finally(() => (done = true));
  return { value, turns };
}

describe('the picture decoder thread', () => {
  it('gives the pixels the Node task environment gives', async () => {
    const [here, there] = await Promise.all([nodeTaskEnv('.').decodeImage(plate, 1920), decoder.decodeImage(plate, 1920)]);
    expect(there.original).toEqual(here.original);
    expect(there.image.width).toBe(here.image.width);
    expect(Buffer.from(there.image.data).equals(Buffer.from(here.image.data))).toBe(true);
  });

  it('leaves the event loop free while a 12-megapixel photo is decoded (the in-place decoder does not)', async () => {
    const big = { width: 4000, height: 3000, data: Buffer.alloc(4000 * 3000 * 4, 200) };
    const photo = new Uint8Array(jpeg.encode(big, 80).data);
    const inThread = await loopTurnsDuring(() => decoder.decodeImage(photo, 1920));
    expect(inThread.value.image).toMatchObject({ width: 1920, height: 1440 });
    expect(inThread.value.original).toEqual({ width: 4000, height: 3000 });
    expect(inThread.turns).toBeGreaterThan(0);
    expect((await loopTurnsDuring(() => nodeTaskEnv('.').decodeImage(photo, 1920))).turns).toBe(0);
  });

  it('rebuilds UnreadableImageError for a file that is no picture', async () => {
    const error = await decoder.decodeImage(new TextEncoder().encode('only words'), 1920).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableImageError);
    expect(error).toBeInstanceOf(TaskInputError);
    expect((error as Error).message).toMatch(/not a PNG or JPEG picture/);
  });

  it('refuses work once closed', async () => {
    const closing = new ImageDecoder();
    await closing.close();
    await expect(closing.decodeImage(plate, 1920)).rejects.toThrow(/stopped/);
  });
});
