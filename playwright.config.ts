import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';
import { FAKE_CAMERA_FILE } from './e2e/fake-camera.ts';
import { SERVER_NODE_ARGS, SERVER_PROCESS_ENV } from './src/server/process-env.ts';

/**
 * Real Debian Chromium (Playwright cannot download browsers here). WebGPU runs on the
 * CPU through SwiftShader; the `no-webgpu` project launches without those flags.
 */
const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const quiet = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const webgpu = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];
/** Chromium with a fake camera and microphone, granted without asking, playing the given files. */
const fakeMedia = (...files: string[]) => ({
  launchOptions: { executablePath: chromium, args: [...quiet, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', ...files] },
});
const port = Number(process.env['E2E_PORT'] ?? 4179);

export default defineConfig({
  testDir: 'e2e',
  // SwiftShader compiles shaders on the CPU: first WebGPU runs take seconds, not milliseconds.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}/`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu\.spec\.ts|media\.spec\.ts|wakeword-mic\.spec\.ts|live-camera\.spec\.ts/,
      use: { launchOptions: { executablePath: chromium, args: [...quiet, ...webgpu] } },
    },
    {
      name: 'media',
      testMatch: /media\.spec\.ts/,
      use: fakeMedia(`--use-file-for-fake-audio-capture=${resolve('public/samples/vad/en-car-commands.wav')}`),
    },
    // Live camera reading (issue 14): the fake camera shows a real meter sample, written first.
    { name: 'camera-setup', testMatch: /fake-camera\.setup\.ts/ },
    {
      name: 'camera',
      testMatch: /live-camera\.spec\.ts/,
      dependencies: ['camera-setup'],
      use: fakeMedia(`--use-file-for-fake-video-capture=${FAKE_CAMERA_FILE}`),
    },
    {
      // The microphone plays the hey-jarvis sample once (%noloop) when the page opens it.
      name: 'wakeword-mic',
      testMatch: /wakeword-mic\.spec\.ts/,
      use: fakeMedia(`--use-file-for-fake-audio-capture=${resolve('public/samples/wakeword/en-hey-jarvis.wav')}%noloop`),
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: { launchOptions: { executablePath: chromium, args: [...quiet, '--disable-gpu'] } },
    },
  ],
  // The real server: the built app, /models and the KServe v2 endpoint on one origin.
  // Other loopback ports are allowed as connect-src for the tests' own misbehaving servers.
  webServer: {
    command: [JSON.stringify(process.execPath), ...SERVER_NODE_ARGS].join(' '),
    env: { ...SERVER_PROCESS_ENV, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CSP_CONNECT_SRC: 'http://127.0.0.1:*', WORKERS: '1', LAB_UPLOADS: 'on' },
    url: `http://localhost:${port}/v2/health/ready`,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});
