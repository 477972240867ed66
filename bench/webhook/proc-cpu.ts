// CPU time from /proc, in milliseconds: a process of ours, and every Postgres server process
// (the backends that serve the target). Linux only; the benchmark machine is Linux.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

/** utime + stime of one process (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0; // it exited between the listing and the read
  }
}

/** Every process named postgres: the postmaster, its helpers and the client backends. */
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (commandOf(entry) === 'postgres') total += processCpuMs(Number(entry));
  }
  return total;
}

function commandOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return ''; // it exited
  }
}

/** The 1-minute load average, for the figures' context. */
export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
