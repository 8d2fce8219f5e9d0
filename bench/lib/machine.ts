// What every benchmark's JSON records about the machine it ran on.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export function machine() {
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    loadavgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
  };
}
