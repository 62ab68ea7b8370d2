import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial.ts';

describe('SerialQueue', () => {
  it('never overlaps two jobs and keeps their order', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const job = (name: string, ms: number) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([queue.push(job('a', 20)), queue.push(job('b', 1)), queue.push(job('c', 5))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(queue.pending).toBe(0);
  });

  it('a failed job does not block the next one', async () => {
    const queue = new SerialQueue();
    const failed = queue.push(() => Promise.reject(new Error('no')));
    const next = queue.push(() => Promise.resolve('yes'));
    await expect(failed).rejects.toThrow('no');
    await expect(next).resolves.toBe('yes');
  });
});
