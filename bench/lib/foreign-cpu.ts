/**
 * How much CPU other work took while a benchmark ran. The load average cannot say: the
 * harness keeps the cores busy itself (its run reads as "load 2" on 2 cores). A sampler
 * reads every process's CPU time from /proc once a second and splits it between this
 * process's tree (the servers, Chromium and its helpers; remembered once seen, since
 * Chromium's renderers outlive their parents at shutdown and are reparented) and the rest,
 * including short-lived processes of others, through their parents' reaped time. A foreign
 * process reparented to init when its parent dies is lost after its last sample: the
 * figure errs low by at most a second of such processes.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's counters (USER_HZ: 100 on every Linux port). */
const HZ = 100;
const SAMPLE_MS = 1000;

interface ProcessTicks {
  ppid: number;
  /** Its own utime + stime. */
  ticks: number;
  /** cutime + cstime: its children that exited and were waited for. */
  reaped: number;
}

/** pid → parent and utime + stime, for every process that could be read. */
function processes(): Map<number, ProcessTicks> {
  const found = new Map<number, ProcessTicks>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the parenthesised command name: rest[0] is field 3 (state).
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      found.set(Number(name), { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), reaped: Number(rest[13]) + Number(rest[14]) });
    } catch {
      // It exited between the listing and the read.
    }
  }
  return found;
}

export interface ForeignCpuSampler {
  /** Stops sampling; cores' worth of CPU that other processes took meanwhile (0 on a quiet machine). */
  stop(): number;
}

/** Undefined where /proc cannot be read (not Linux): the report then says nothing of it. */
export function sampleForeignCpu(): ForeignCpuSampler | undefined {
  let last: Map<number, ProcessTicks>;
  try {
    last = processes();
  } catch {
    return undefined;
  }
  const ours = new Set<number>([process.pid]);
  const started = performance.now();
  let foreignTicks = 0;
  const sample = () => {
    const now = processes();
    // A process is ours if its parent is, now or in an earlier sample.
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, p] of now) {
        if (!ours.has(pid) && ours.has(p.ppid)) {
          ours.add(pid);
          grew = true;
        }
      }
    }
    // What each foreign parent's vanished children were last seen at (already counted).
    const counted = new Map<number, number>();
    for (const [pid, p] of last) if (!now.has(pid) && !ours.has(pid)) counted.set(p.ppid, (counted.get(p.ppid) ?? 0) + p.ticks);
    for (const [pid, p] of now) {
      if (ours.has(pid)) continue;
      const before = last.get(pid);
      // A process first seen now started since the last sample: all its time is new. A pid
      // reused since then looks like a drop: counted as new too.
      const own = before && p.ticks >= before.ticks ? p.ticks - before.ticks : p.ticks;
      // Children that started and ended between samples (a compiler, a test) are only seen
      // here, in their parent's reaped time, less what was counted while they were alive.
      const reaped = before && p.reaped >= before.reaped ? p.reaped - before.reaped - (counted.get(pid) ?? 0) : 0;
      foreignTicks += own + Math.max(0, reaped);
    }
    last = now;
  };
  const timer = setInterval(sample, SAMPLE_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - started) / 1000;
      return seconds > 0 ? Math.max(0, foreignTicks / HZ / seconds) : 0;
    },
  };
}
