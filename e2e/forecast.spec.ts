/**
 * The demand forecast demo (issue 15): a held-out day drawn against what happened, its error
 * and both baselines' errors, the same as the recipe measured; the same answer from the
 * datacenter and from WebGPU; numbers in Korean too.
 */
import recipe from '../models/demand-forecast/recipe-output.json' with { type: 'json' };
import { expect, test } from './fixtures.ts';

const day = recipe.days.find((d) => d.date === '2000-08-22')!;

test('the gallery lists the forecast among the energy demos', async ({ page }) => {
  await page.goto('./?lang=en');
  const card = page.locator('[data-demo-id="demand-forecast"]');
  await expect(card).toHaveAttribute('data-sector', 'energy');
  expect(await page.locator('a[data-sector="energy"]').count()).toBeGreaterThanOrEqual(2);
  await card.click();
  await expect(page.getByTestId('demo')).toHaveAttribute('data-demo', 'demand-forecast');
});

test('a held-out day: the chart, the model’s error and both baselines, as the recipe measured them', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/demand-forecast');
  await expect(page.getByTestId('model-quality')).toHaveAttribute('data-beats-both', String(recipe.heldOut.modelBeatsBoth));
  await expect(page.getByTestId('forecast-day')).toHaveCount(14);
  // Keyboard: the day buttons are ordinary buttons.
  const button = page.locator(`[data-testid="forecast-day"][data-date="${day.date}"]`);
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-pressed', 'true');

  const error = page.getByTestId('forecast-mape');
  await expect(error).toBeVisible({ timeout: 60_000 });
  // The browser's forecast (onnxruntime-web) gives the recipe's error for this day (torch).
  expect(Number(await error.getAttribute('data-value'))).toBeCloseTo(day.mape, 2);
  await expect(error).toHaveText(`${day.mape.toFixed(2)}%`);
  const baselines = page.getByTestId('baseline-mape');
  await expect(baselines).toHaveCount(2);
  const values = await baselines.evaluateAll((els) => els.map((e) => [e.getAttribute('data-baseline'), Number(e.getAttribute('data-value'))] as const));
  expect(values.map(([id]) => id)).toEqual(['seasonal-naive', 'same-weekday-mean']);
  expect(values[0]![1]).toBeCloseTo(day.seasonalNaiveMape, 3);
  expect(values[1]![1]).toBeCloseTo(day.sameWeekdayMeanMape, 3);
  await expect(page.getByTestId('result')).toContainText(/Peak: actual [\d,]+ MW at \d\d:\d\d/);

  // The chart is drawn: its canvas holds coloured pixels (Chart.js draws it after a lazy import).
  const chart = page.getByTestId('forecast-chart');
  await expect(chart).toBeVisible();
  await expect
    .poll(() => chart.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)))
    .toBe(true);
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  expect(Number(await page.getByTestId('latency-ms').textContent())).toBeGreaterThan(0);

  // The same figures in Korean.
  await page.getByTestId('lang-ko').click();
  await expect(page.getByTestId('result')).toContainText('이날의 오차');
  await expect(page.getByTestId('result')).toContainText(/최대 수요: 실제 \d\d:\d\d에 [\d,]+ MW/);
  await expect(error).toHaveText(`${day.mape.toFixed(2)}%`);
});

test('the datacenter forecasts the same day with the same error', async ({ page }) => {
  const forecast = async (backend: string) => {
    await page.goto(`./?backend=${backend}&consent=granted&lang=en#/demo/demand-forecast`);
    await page.locator(`[data-testid="forecast-day"][data-date="${recipe.days[0]!.date}"]`).click();
    await expect(page.getByTestId('backend')).toHaveText(backend, { timeout: 60_000 });
    return Number(await page.getByTestId('forecast-mape').getAttribute('data-value'));
  };
  const remote = await forecast('datacenter');
  expect(remote).toBeCloseTo(recipe.days[0]!.mape, 2);
  expect(remote).toBeCloseTo(await forecast('wasm'), 3);
});

test('WebGPU (SwiftShader) forecasts the same day as WASM', async ({ page }) => {
  const forecast = async (backend: string) => {
    await page.goto(`./?backend=${backend}&lang=en#/demo/demand-forecast`);
    await page.locator(`[data-testid="forecast-day"][data-date="${day.date}"]`).click();
    await expect(page.getByTestId('backend')).toHaveText(backend, { timeout: 110_000 });
    return Number(await page.getByTestId('forecast-mape').getAttribute('data-value'));
  };
  expect(await forecast('webgpu')).toBeCloseTo(await forecast('wasm'), 3);
});
