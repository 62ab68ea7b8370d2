/**
 * Writes the `camera` project's fake camera before its browser starts: the electricity meter
 * sample as a one-frame .y4m that Chromium loops (`--use-file-for-fake-video-capture`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { stillToY4m } from '../scripts/lib/y4m.ts';
import { FAKE_CAMERA_FILE, FAKE_CAMERA_SAMPLE, FAKE_CAMERA_SIZE } from './fake-camera.ts';
import { test } from './fixtures.ts';

test('write the fake camera video from the meter sample', () => {
  const png = PNG.sync.read(readFileSync(FAKE_CAMERA_SAMPLE));
  writeFileSync(FAKE_CAMERA_FILE, stillToY4m({ width: png.width, height: png.height, data: png.data }, FAKE_CAMERA_SIZE.width, FAKE_CAMERA_SIZE.height));
});
