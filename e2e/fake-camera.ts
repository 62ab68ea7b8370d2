/** Where the camera e2e's fake video (a real meter sample, see fake-camera.setup.ts) is written. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FAKE_CAMERA_FILE = join(tmpdir(), 'ax-playground-e2e-meter-camera.y4m');
/** The electricity meter sample: its second line reads `04721.6 kWh`. */
export const FAKE_CAMERA_SAMPLE = 'public/samples/ocr/energy-electricity-meter.png';
export const FAKE_CAMERA_SIZE = { width: 640, height: 480 };
