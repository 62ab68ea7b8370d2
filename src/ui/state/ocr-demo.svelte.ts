/** The OCR demo's state: the picture, the lines found, and the run in progress. */
import { toEngineError, type EngineError } from '../../shared/errors.ts';
import { loadDictionary, runOcr, type OcrLine } from '../../tasks/ocr/index.ts';
import type { DecodedImage } from '../media/image-decode.ts';
import type { TaskRunner } from './task-runner.svelte.ts';

const DICTIONARY_URL = 'models/ppocr-rec/1/ppocr_keys_v1.txt';
let dictionary: Promise<string[]> | undefined;

function getDictionary(): Promise<string[]> {
  dictionary ??= fetch(DICTIONARY_URL).then(async (response) => {
    if (!response.ok) throw new Error(`the recognizer's dictionary could not be loaded (HTTP ${response.status})`);
    return loadDictionary(await response.text());
  });
  dictionary.catch(() => (dictionary = undefined));
  return dictionary;
}

export class OcrDemoState {
  readonly #runner: TaskRunner;
  #controller: AbortController | undefined;
  picture = $state.raw<DecodedImage | undefined>();
  lines = $state.raw<OcrLine[] | undefined>();
  error = $state.raw<EngineError | undefined>();
  running = $state(false);

  constructor(runner: TaskRunner) {
    this.#runner = runner;
  }

  setPicture(picture: DecodedImage): void {
    this.picture = picture;
    this.lines = undefined;
    this.error = undefined;
  }

  async run(): Promise<void> {
    const picture = this.picture;
    if (!picture) return;
    this.#controller?.abort();
    const controller = (this.#controller = new AbortController());
    this.running = true;
    this.error = undefined;
    try {
      const result = await this.#runner.timed(async () =>
        runOcr(picture.image, this.#runner.runner('ppocr-det'), { dictionary: await getDictionary(), signal: controller.signal }),
      );
      if (this.#controller === controller) this.lines = result.lines;
    } catch (error) {
      if (this.#controller === controller) this.error = toEngineError(error);
    } finally {
      if (this.#controller === controller) this.running = false;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  /** Forget the picture and results (a kiosk's idle reset). */
  clear(): void {
    this.cancel();
    this.picture = undefined;
    this.lines = undefined;
    this.error = undefined;
    this.running = false;
  }
}
