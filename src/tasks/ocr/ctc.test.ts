import { describe, expect, it } from 'vitest';
import { ctcCharset, ctcGreedyDecode } from './ctc.ts';
import { loadDictionary } from './dictionary.ts';

/** One-hot-ish steps: each entry is [class, probability]; the rest share what is left. */
const steps = (picks: [number, number][], classes: number) =>
  Float32Array.from(picks.flatMap(([k, p]) => Array.from({ length: classes }, (_, i) => (i === k ? p : (1 - p) / (classes - 1)))));

describe('CTC greedy decoding', () => {
  const charset = ctcCharset(['a', 'b', '1']); // blank, a, b, 1, space
  it('puts the blank first and the space last', () => {
    expect(charset).toEqual(['', 'a', 'b', '1', ' ']);
  });
  it('merges repeats, keeps repeats split by a blank, drops blanks', () => {
    const probs = steps([[0, 0.9], [1, 0.8], [1, 0.6], [0, 0.9], [1, 1], [2, 0.5], [4, 0.7], [3, 0.9], [0, 0.9]], 5);
    const r = ctcGreedyDecode(probs, 9, 5, charset);
    expect(r.text).toBe('aab 1');
    // Kept: a (0.8, the first of its run), a (1), b (0.5), space (0.7), 1 (0.9).
    expect(r.confidence).toBeCloseTo((0.8 + 1 + 0.5 + 0.7 + 0.9) / 5, 5);
  });
  it('reads a sequence at an offset and gives 0 confidence to nothing', () => {
    const probs = steps([[2, 0.9], [0, 0.9], [0, 0.9]], 5);
    expect(ctcGreedyDecode(probs, 2, 5, charset, 5)).toEqual({ text: '', confidence: 0 });
  });
});

describe('loadDictionary', () => {
  it('splits lines, tolerates CRLF and a final newline, keeps a line that is a space', () => {
    expect(loadDictionary('a\r\nb\n \n中\n')).toEqual(['a', 'b', ' ', '中']);
    expect(loadDictionary('x\ny')).toEqual(['x', 'y']);
  });
});
