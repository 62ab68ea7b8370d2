import { describe, expect, it } from 'vitest';
import { missingNodeFlags, missingProcessEnv, SERVER_NODE_FLAGS, SERVER_PROCESS_ENV } from './process-env.ts';

describe('missingProcessEnv', () => {
  it('names nothing when the launch environment is complete, with other glibc tunables beside ours', () => {
    expect(missingProcessEnv({ ...SERVER_PROCESS_ENV })).toEqual([]);
    expect(missingProcessEnv({ ...SERVER_PROCESS_ENV, GLIBC_TUNABLES: `glibc.malloc.arena_max=2:${SERVER_PROCESS_ENV.GLIBC_TUNABLES}` })).toEqual([]);
  });

  it('names each variable that is absent or different', () => {
    expect(missingProcessEnv({})).toEqual(['MALLOC_MMAP_THRESHOLD_=131072', 'GLIBC_TUNABLES=glibc.malloc.hugetlb=1']);
    expect(missingProcessEnv({ MALLOC_MMAP_THRESHOLD_: '1048576', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' })).toHaveLength(2);
  });
});

describe('missingNodeFlags', () => {
  it('names the flags the process started without', () => {
    expect(missingNodeFlags(['--import', 'tsx', ...SERVER_NODE_FLAGS])).toEqual([]);
    expect(missingNodeFlags(['--import', 'tsx'])).toEqual([...SERVER_NODE_FLAGS]);
    expect(missingNodeFlags(['--initial_old_space_size=256'])).toEqual([]);
  });
});
