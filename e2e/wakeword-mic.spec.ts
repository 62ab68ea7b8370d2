/**
 * The live microphone (Chromium's fake device playing the hey-jarvis sample once): chunk
 * after chunk, each a job carrying the stream state, the wake word triggers once.
 * Run with --project=wakeword-mic.
 */
import { expect, test } from './fixtures.ts';

test('the microphone streams chunk jobs and "hey jarvis" triggers once', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/voice-trigger');
  await page.getByTestId('mic-start').click();
  await expect(page.getByTestId('mic-stop')).toBeVisible();
  const events = page.getByTestId('wake-event');
  await expect(events).toHaveCount(1, { timeout: 60_000 });
  await expect(events).toHaveAttribute('data-word', 'hey-jarvis');
  // The clip is 5.7 s long and plays once: no second trigger after it ends.
  await page.waitForTimeout(3000);
  await expect(events).toHaveCount(1);
  await page.getByTestId('mic-stop').click();
  await expect(page.getByTestId('mic-start')).toBeVisible();
  await expect(events).toHaveCount(1);
});
