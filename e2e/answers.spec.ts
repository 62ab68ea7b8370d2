/**
 * Each demo answers the visitor's question (issue 17): every sample of the meter, label and
 * sign demos gives the card written by eye in src/tasks/ocr/answers/sample-answers.json,
 * through the UI on WASM; the health form takes check-up units and names what moved it.
 */
import { readFileSync } from 'node:fs';
import recipe from '../models/health-risk/recipe-output.json' with { type: 'json' };
import expected from '../src/tasks/ocr/answers/sample-answers.json' with { type: 'json' };
import { healthValuesOf } from '../src/tasks/tabular/health-fields.ts';
import { riskFactors } from '../src/tasks/tabular/risk-factors.ts';
import { expect, test } from './fixtures.ts';

const samplesJson = JSON.parse(readFileSync('public/samples/ocr/samples.json', 'utf8')) as { file: string; framing: string }[];
const DEMOS = [
  { id: 'meter-reader', framing: 'energy' },
  { id: 'medication-label', framing: 'healthcare' },
  { id: 'road-sign', framing: 'automotive' },
] as const;
type Card = Record<string, unknown> & { kind: string };
const cards = expected.samples as Record<string, Card>;

for (const demo of DEMOS) {
  test(`${demo.id}: every sample gives the right card`, async ({ page }) => {
    await page.goto(`./?backend=wasm&lang=en#/demo/${demo.id}`);
    // Samples with a card written for them (the Korean ones too, since issue 16).
    const files = samplesJson.filter((s) => s.framing === demo.framing && s.file in cards).map((s) => s.file);
    for (const [i, file] of files.entries()) {
      const card = cards[file]!;
      await page.getByTestId('sample').nth(i).click();
      if (card.kind === 'meter') {
        const reading = page.getByTestId('reading');
        await expect(reading, file).toHaveAttribute('data-value', card['value'] as string, { timeout: 60_000 });
        await expect(reading).toHaveAttribute('data-unit', card['unit'] as string);
        await expect(reading).toContainText(card['value'] as string);
        if (card['serial']) await expect(page.getByTestId('meter-serial')).toContainText(card['serial'] as string);
        else await expect(page.getByTestId('meter-serial')).toHaveCount(0);
      } else if (card.kind === 'medication') {
        const dose = page.getByTestId('dose');
        await expect(dose, file).toHaveAttribute('data-strength', card['strength'] as string, { timeout: 60_000 });
        await expect(dose).toHaveAttribute('data-frequency', (card['frequency'] as string | undefined) ?? '');
        await expect(page.getByTestId('dose-name')).toHaveText(card['name'] as string);
        if (card['expiry']) await expect(page.getByTestId('dose-expiry')).toHaveAttribute('data-expiry', card['expiry'] as string);
        if (card['dose']) await expect(page.getByTestId('dose-amount')).toHaveText(card['dose'] as string);
      } else {
        const facts = card['facts'] as { kind: string; value: string }[];
        const shown = page.getByTestId('sign-fact');
        await expect(shown.first(), file).toHaveAttribute('data-value', facts[0]!.value, { timeout: 60_000 });
        await expect(shown).toHaveCount(facts.length);
        expect(await shown.evaluateAll((els) => els.map((e) => ({ kind: e.getAttribute('data-kind'), value: e.getAttribute('data-value') })))).toEqual(facts);
      }
      // The lines read stay listed under the answer.
      await expect(page.getByTestId('ocr-line').first()).toBeVisible();
      await expect(page.getByTestId('no-answer')).toHaveCount(0);
    }
  });
}

test('the medication card is read aloud from its fields, in Korean and in English', async ({ page }) => {
  await page.addInitScript(() => {
    const said: { text: string; lang: string }[] = [];
    (window as unknown as { said: typeof said }).said = said;
    // Record what would be spoken instead of speaking (the test machine has no voices).
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void said.push({ text: u.text, lang: u.lang });
  });
  await page.goto('./?backend=wasm&lang=ko#/demo/medication-label');
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('dose')).toHaveAttribute('data-frequency', '3/day', { timeout: 60_000 });
  await expect(page.getByTestId('dose-frequency')).toHaveText('하루 3번');
  await page.getByTestId('speak-dose').click();
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('dose-frequency')).toHaveText('3 times a day');
  await page.getByTestId('speak-dose').click();
  const said = await page.evaluate(() => (window as unknown as { said: { text: string; lang: string }[] }).said);
  expect(said).toEqual([
    { text: 'Amoxicillin 500 mg. 한 번에 1정, 하루 3번 드세요. 유효기한은 2027년 5월까지입니다.', lang: 'ko-KR' },
    { text: 'Amoxicillin, 500 mg. Take 1 tablet, 3 times a day. Use before May 2027.', lang: 'en-US' },
  ]);
});

test('a picture with nothing the demo trusts says so and shows the lines as before', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/medication-label');
  await page.getByTestId('input-file').setInputFiles('public/samples/ocr/automotive-speed-limit.png');
  await expect(page.getByTestId('no-answer')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('dose')).toHaveCount(0);
  await expect(page.getByTestId('ocr-line')).toHaveCount(3);
});

test('health risk: check-up units, a sex choice, and the three factors that moved the estimate', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/health-risk');
  // Units once, beside the box, and a reference range beside each field.
  const triglycerides = page.locator('label').filter({ has: page.getByTestId('field-triglycerides') });
  await expect(triglycerides).toContainText('Triglycerides');
  expect((await triglycerides.textContent())!.match(/mg\/dL/g)).toHaveLength(1);
  await expect(page.getByTestId('normal-triglycerides')).toContainText('below 150');
  await expect(page.getByTestId('field-triglycerides')).toHaveValue('99');
  await expect(page.getByTestId('sex-female')).toBeChecked();

  // Each held-out patient: the recipe's own probability, and the factors the task computes for them.
  const factors = page.getByTestId('risk-factor');
  const shownFactors = () => factors.evaluateAll((els) => els.map((e) => [e.getAttribute('data-field'), e.getAttribute('data-direction')]));
  for (const [i, row] of recipe.rows.slice(0, 3).entries()) {
    await page.getByTestId('sample').nth(i).click();
    await expect(page.getByTestId('risk-score')).toHaveText(`${Math.round(row.sklearnProbability * 100)}%`);
    const person = healthValuesOf(row.features);
    await expect(factors).toHaveCount(3);
    expect(await shownFactors()).toEqual(riskFactors({ ...person, triglycerides: Math.round(person.triglycerides) }).map((f) => [f.field, f.direction]));
    await expect(page.getByTestId('risk-words')).toContainText(`about ${Math.round(row.sklearnProbability * 10)}`);
  }
  const person = healthValuesOf(recipe.rows[0]!.features);
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('risk-score')).toHaveText(`${Math.round(recipe.rows[0]!.sklearnProbability * 100)}%`);

  // Very high triglycerides in mg/dL, entered as on a check-up sheet, lead the factors upward.
  await page.getByTestId('field-triglycerides').fill('440');
  await page.getByTestId('sex-male').check();
  await page.getByTestId('run').click();
  await expect(factors.first()).toHaveAttribute('data-field', 'triglycerides');
  await expect(factors.first()).toHaveAttribute('data-direction', 'up');
  expect(await shownFactors()).toEqual(riskFactors({ ...person, triglycerides: 440, sex: 'male' }).map((f) => [f.field, f.direction]));
  // Total cholesterol and HDL work out the ratio a sheet does not print.
  await page.getByTestId('field-cholesterol').fill('200');
  await page.getByTestId('field-hdl').fill('50');
  await expect(page.getByTestId('field-ratio')).toHaveValue('4');
  // So does the mean blood pressure, from the two numbers a sheet prints.
  await page.getByTestId('field-systolic').fill('140');
  await page.getByTestId('field-diastolic').fill('90');
  await expect(page.getByTestId('field-bp')).toHaveValue('107');
  await expect(page.getByTestId('not-advice')).toBeVisible();
});
