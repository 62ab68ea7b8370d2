import { describe, expect, it } from 'vitest';
import { formatBytes } from './format.ts';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [NaN, '—'],
    [512, '512 B'],
    [1536, '1.5 KB'],
    [4745517, '4.5 MB'],
    [2 ** 30, '1.0 GB'],
    [268435456, '256 MB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
