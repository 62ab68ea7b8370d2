/**
 * Problems the Lab finds on the page before anything runs (a bad input file, a model too big
 * to load). Each code has a ko/en message `lab.problem.<code>`; `detail` is the technical text.
 */
export const LAB_PROBLEMS = [
  'empty',
  'not-onnx',
  'truncated',
  'too-large',
  'wasm-memory',
  'unsupported-op',
  'missing-external',
  'url-not-found',
  'url-blocked',
  'json-invalid',
  'json-ragged',
  'json-not-integer',
  'npy-invalid',
  'npy-unsupported',
  'npy-dtype',
  'image-layout',
  'image-unreadable',
  'no-reference',
] as const;

export type LabProblemCode = (typeof LAB_PROBLEMS)[number];

export class LabProblem extends Error {
  override readonly name = 'LabProblem';
  constructor(
    readonly code: LabProblemCode,
    detail: string,
  ) {
    super(detail);
  }
}
