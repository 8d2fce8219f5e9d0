// CPU time and memory of processes from /proc, and the kernel's UDP drop counters.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds; NaN once it is gone (a recorder's ffmpeg that exited). */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return NaN;
  }
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK;
}

export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Udp RcvbufErrors + InErrors (packets the kernel dropped because a socket was full). */
export function udpDrops(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const head = lines[0]!.split(/\s+/);
  const vals = lines[1]!.split(/\s+/).map(Number);
  return vals[head.indexOf('RcvbufErrors')]! + vals[head.indexOf('InErrors')]!;
}

/** Pins a process (all its threads) to one CPU; the pin is best effort (noted in the results). */
export function pin(pid: number, cpu: number | null): boolean {
  if (cpu === null) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Raises a process's scheduling priority (nice -15). These machines are shared with other jobs:
 * without it, the delay percentiles measure the neighbours' load rather than the SFU.
 */
export function prioritise(pid: number): boolean {
  try {
    execFileSync('renice', ['-n', '-15', '-p', String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * With the kernel's autogroup scheduling (on by default), nice only orders processes inside one
 * session; sessions share the CPUs equally. The benchmark's session (this process, its workers and
 * its load generator) is raised as a whole, else it measures the neighbours' jobs. Returns the
 * autogroup line before the change (null when there is no autogroup).
 */
export function prioritiseSession(): string | null {
  try {
    const before = readFileSync('/proc/self/autogroup', 'utf8').trim();
    writeFileSync('/proc/self/autogroup', '-15');
    // The weight belongs to the whole session: give it back when the benchmark ends.
    const nice = /nice (-?\d+)/.exec(before)?.[1] ?? '0';
    process.once('exit', () => {
      try {
        writeFileSync('/proc/self/autogroup', nice);
      } catch {
        // the session is gone already
      }
    });
    return before;
  } catch {
    return null;
  }
}

/** Measures CPU seconds of several processes over an interval started now. */
export function cpuMeter(pids: number[]) {
  const t0 = performance.now();
  const c0 = pids.map(cpuSeconds);
  return () => {
    const secs = (performance.now() - t0) / 1000;
    return pids.map((p, i) => (cpuSeconds(p) - c0[i]!) / secs);
  };
}

/** The whole machine's busy share (both cores, every process) since the call: how much the neighbours took. */
export function machineBusy(): () => number {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + f[4]!;
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  return () => {
    const b = read();
    return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
  };
}
