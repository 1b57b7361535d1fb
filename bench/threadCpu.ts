/**
 * How the bench reads time: the CPU time of the calling thread, and the median of timed runs.
 */
import { readFileSync } from 'node:fs';

/**
 * CPU time of the calling thread in ms: the first field of /proc/thread-self/schedstat (ns on the CPU),
 * which leaves out the time the thread waited for a core (other load on the machine) and the work of
 * V8's helper threads (concurrent marking, background compilation), which on a quiet machine overlaps
 * the main thread and is not in its wall time either. The process's CPU time where /proc is missing.
 */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
  } catch {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  }
}

/** The median of timed runs (the upper one of an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
