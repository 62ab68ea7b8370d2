/**
 * The document reader: a multi-page PDF or several photos, read page after page. The place
 * is decided once for the whole document (the cost model sees all its pages and bytes);
 * each page is then an OCR job of its own, so results arrive page by page, a page that fails
 * does not lose the others, and cancelling stops between pages or mid-page.
 */
import type { Choice, JobClient, JobOutcome } from '../../engine/job-client.ts';
import type { ModelRun } from '../../shared/protocol.ts';
import { EngineError, toEngineError } from '../../shared/errors.ts';
import { openPdf, type PdfDocument } from '../media/pdf-pages.ts';

export type PageStatus = 'waiting' | 'reading' | 'done' | 'failed' | 'cancelled';

export interface PageResult {
  /** 1-based, across every file given. */
  page: number;
  /** The file the page came from, and its page number in it for a PDF. */
  file: string;
  status: PageStatus;
  outcome?: JobOutcome<'ocr'>;
  error?: EngineError;
}

/** One page to read: how to get its picture. */
interface PageSource {
  file: string;
  picture: () => Promise<Blob>;
}

const isPdf = async (file: File) => file.type === 'application/pdf' || /\.pdf$/i.test(file.name) || (await file.slice(0, 5).text()) === '%PDF-';
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

export class DocumentReader {
  readonly #jobs: JobClient;
  readonly #onSuccess: (() => void) | undefined;
  #controller: AbortController | undefined;
  pages = $state.raw<PageResult[]>([]);
  /** Where the document runs, decided before its first page. */
  choice = $state.raw<Choice | undefined>();
  running = $state(false);
  /** The whole document's time, once it is done. */
  actualMs = $state<number | undefined>();
  /** A file that could not be opened at all (a broken PDF). */
  problem = $state.raw<{ file: string; message: string } | undefined>();
  error = $state.raw<EngineError | undefined>();

  constructor(jobs: JobClient, onSuccess?: () => void) {
    this.#jobs = jobs;
    this.#onSuccess = onSuccess;
  }

  /** Pages finished (read or failed). */
  get done(): number {
    return this.pages.filter((p) => p.status === 'done' || p.status === 'failed').length;
  }

  /**
   * Every model the document's pages ran, once per backend it ran on (pages can differ: one
   * that the datacenter failed on falls back here), with calls and time summed.
   */
  get models(): ModelRun[] {
    const summed: ModelRun[] = [];
    for (const run of this.pages.flatMap((p) => p.outcome?.models ?? [])) {
      const at = summed.findIndex((m) => m.modelId === run.modelId && m.backend === run.backend);
      if (at < 0) summed.push({ ...run, skipped: [] });
      else summed[at] = { ...summed[at]!, calls: summed[at]!.calls + run.calls, runMs: summed[at]!.runMs + run.runMs };
    }
    return summed;
  }

  /** The text of every page read, in order, each under its page number. */
  text(pageLabel: (page: number) => string): string {
    return this.pages
      .filter((p) => p.outcome)
      .map((p) => `${pageLabel(p.page)}\n${p.outcome!.result.lines.map((l) => l.text).join('\n')}`)
      .join('\n\n');
  }

  async read(files: File[]): Promise<void> {
    this.cancel();
    const controller = (this.#controller = new AbortController());
    const mine = () => this.#controller === controller;
    const { signal } = controller;
    Object.assign(this, { pages: [], choice: undefined, actualMs: undefined, problem: undefined, error: undefined, running: true });
    const started = performance.now();
    const pdfs: PdfDocument[] = [];
    try {
      const sources = await this.#sources(files, pdfs);
      if (!mine() || sources.length === 0) return;
      this.pages = sources.map((s, i) => ({ page: i + 1, file: s.file, status: 'waiting' }));
      const first = await bytesOf(await sources[0]!.picture());
      this.choice = await this.#jobs.decideBatch('ocr', { image: first }, sources.length, { signal });
      for (let i = 0; i < sources.length && mine(); i++) {
        this.#update(i, { status: 'reading' });
        try {
          const image = i === 0 ? first : await bytesOf(await sources[i]!.picture());
          // The document's decision applies to each page; a page that cannot go there falls back on its own.
          const outcome = await this.#jobs.run('ocr', { image }, { signal, preference: this.choice.place });
          if (mine()) this.#update(i, { status: 'done', outcome });
        } catch (thrown) {
          const error = toEngineError(thrown);
          if (signal.aborted || error.name === 'AbortError') throw error;
          if (mine()) this.#update(i, { status: 'failed', error });
        }
      }
      if (mine()) {
        this.actualMs = performance.now() - started;
        this.#onSuccess?.();
      }
    } catch (thrown) {
      if (!mine()) return;
      const error = toEngineError(thrown);
      this.pages = this.pages.map((p) => (p.status === 'waiting' || p.status === 'reading' ? { ...p, status: 'cancelled' } : p));
      this.error = error;
    } finally {
      for (const pdf of pdfs) void pdf.close();
      if (mine()) this.running = false;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  clear(): void {
    this.cancel();
    this.#controller = undefined;
    Object.assign(this, { pages: [], choice: undefined, actualMs: undefined, problem: undefined, error: undefined, running: false });
  }

  #update(index: number, change: Partial<PageResult>): void {
    this.pages = this.pages.map((p, i) => (i === index ? { ...p, ...change } : p));
  }

  /** Every page of every file, in the order given; a PDF that cannot be opened is reported and skipped. */
  async #sources(files: File[], pdfs: PdfDocument[]): Promise<PageSource[]> {
    const sources: PageSource[] = [];
    for (const file of files) {
      if (!(await isPdf(file))) {
        sources.push({ file: file.name, picture: async () => file });
        continue;
      }
      try {
        const pdf = await openPdf(await bytesOf(file));
        pdfs.push(pdf);
        for (let n = 1; n <= pdf.pageCount; n++) sources.push({ file: `${file.name} · ${n}`, picture: () => pdf.renderPage(n) });
      } catch (error) {
        this.problem = { file: file.name, message: (error as Error).message };
      }
    }
    if (sources.length === 0 && !this.problem) throw new EngineError('TaskInputError', 'no pages to read');
    return sources;
  }
}
