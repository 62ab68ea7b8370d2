/** Debian Chromium as the e2e tests launch it (docs: /work/shared/PLATFORM.md, playwright.config.ts). */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGPU without a GPU: SwiftShader. Correct, but it says nothing about GPUs.
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** A fresh profile-like context: empty IndexedDB and HTTP cache, no service worker (its precache would compete). */
export function freshContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ serviceWorkers: 'block' });
}
