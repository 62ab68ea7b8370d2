import { describe, expect, it } from 'vitest';
import { REFRACTORY_MS, initialTrigger, trigger, type TriggerInput, type TriggerState } from './trigger.ts';

/** Runs scores (one per 80 ms frame) through the trigger; returns the frames that fired. */
function fire(scores: number[], open: (frame: number) => boolean = () => true): number[] {
  let state: TriggerState = initialTrigger();
  const fired: number[] = [];
  scores.forEach((score, frame) => {
    const input: TriggerInput = { score, frame, timeMs: (frame + 1) * 80, open: open(frame), threshold: 0.5 };
    const next = trigger(state, input);
    state = next.state;
    if (next.fired) fired.push(frame);
  });
  return fired;
}

describe('trigger', () => {
  it('fires once when a score first reaches the threshold, not on every high frame', () => {
    expect(fire([0, 0, 0, 0, 0, 0, 0.2, 0.6, 0.9, 0.99, 0.7, 0.1, 0])).toEqual([7]);
  });

  it('never fires in the first 5 frames of a stream (buffers still filling)', () => {
    expect(fire([0.9, 0.9, 0.9, 0.9, 0.9, 0.1])).toEqual([]);
    expect(fire([0.9, 0.9, 0.9, 0.9, 0.9, 0.9])).toEqual([5]);
  });

  it('does not fire while the VAD gate is closed', () => {
    expect(fire([0, 0, 0, 0, 0, 0, 0.9, 0.9, 0], () => false)).toEqual([]);
    expect(fire([0, 0, 0, 0, 0, 0, 0.9, 0.9, 0], (f) => f >= 7)).toEqual([7]);
  });

  it('fires again only after the score fell and the refractory time passed', () => {
    const quiet = (n: number) => new Array<number>(n).fill(0);
    const rest = REFRACTORY_MS / 80;
    // A second peak 1 s after the first is the same utterance; one 3 s after is a new one.
    expect(fire([...quiet(6), 0.9, ...quiet(10), 0.9, ...quiet(2)])).toEqual([6]);
    expect(fire([...quiet(6), 0.9, ...quiet(rest + 10), 0.9, 0])).toEqual([6, 6 + 1 + rest + 10]);
  });

  it('treats a score equal to the threshold as reached', () => {
    expect(fire([0, 0, 0, 0, 0, 0.5])).toEqual([5]);
  });
});
