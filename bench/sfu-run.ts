// One measured run of one conference: load generator + sinks, the conference (hoinghi or bare),
// warm-up (consumers wait for a key frame), then a measure window with CPU read from /proc.
import type { ClipInfo } from './lib/clip.js';
import { LoadGen } from './lib/loadgen.js';
import { cpuMeter, pin, prioritise, rssKiB, udpDrops } from './lib/proc.js';
import { bareConference } from './sfu-bare.js';
import type { ConferenceSpec } from './sfu-conference.js';
import { hoinghiConference, type HoinghiConference } from './sfu-hoinghi.js';

/**
 * Something run beside the conference (bench:recording's recorders): started once the conference
 * is set up, its processes measured with the rest, stopped after the measure window.
 */
export type Beside = { pids(): number[]; stop(): Promise<void> };

export type Timing = { warmupMs: number; measureMs: number; decryptEvery: number };

/**
 * Something that watches the workers over exactly the measure window (bench:worker's profiler):
 * called with their pids when the window opens; what it returns is awaited once the window closed.
 */
export type Watch = (workerPids: number[]) => () => Promise<void>;

export type RunResult = {
  kind: 'hoinghi' | 'bare';
  points: number;
  workers: number;
  suite: string;
  consumers: number;
  flowingConsumers: number;
  receiversPerWorker: number[];
  ppsIn: number;
  ppsOut: number;
  /** RTP packets the sinks expected but never got, over what they expected (SFU input + output) */
  lossPercent: number;
  kernelUdpDrops: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  delaySamples: number;
  authFailures: number;
  /** CPU of the processes run beside (fractions of one core, summed), and how many */
  besideCpu: number;
  besideProcesses: number;
  /** CPU of each worker over the measure window, fraction of one core */
  workerCpu: number[];
  /** worker CPU per forwarded packet, µs (all workers' CPU / packets out) */
  usPerPacketOut: number;
  /** packets out per second per worker at 100% of a core, extrapolated from this run */
  ceilingPerWorker: number;
  nodeCpu: number;
  loadgenCpu: number;
  loadgenLateMaxMs: number;
  memoryPerConsumerKiB: number;
  setupSeconds: number;
};

export async function runConference(kind: 'hoinghi' | 'bare', spec: ConferenceSpec, clip: ClipInfo, timing: Timing, beside?: (conf: HoinghiConference) => Promise<Beside>, watch?: Watch): Promise<RunResult> {
  const lg = new LoadGen(clip.file);
  try {
    if (spec.pin && spec.workers === 1) pin(lg.pid, 1);
    prioritise(lg.pid);
    const sinkPorts = await lg.sinks(spec.points);
    const t0 = performance.now();
    const conf = kind === 'hoinghi' ? await hoinghiConference(spec, lg, sinkPorts) : await bareConference(spec, lg, sinkPorts);
    const setupSeconds = (performance.now() - t0) / 1000;
    const extra = beside && kind === 'hoinghi' ? await beside(conf as HoinghiConference) : undefined;
    let besidePids: number[] = [];
    try {
      let meter: (() => number[]) | undefined;
      let node0 = process.cpuUsage();
      let drops0 = 0;
      let unwatch: (() => Promise<void>) | undefined;
      const startMeter = setTimeout(() => {
        unwatch = watch?.(conf.workerPids);
        besidePids = extra?.pids() ?? [];
        meter = cpuMeter([...conf.workerPids, lg.pid, ...besidePids]);
        node0 = process.cpuUsage();
        drops0 = udpDrops();
      }, timing.warmupMs + 5);
      const r = await lg.run(timing.warmupMs, timing.measureMs, timing.decryptEvery);
      clearTimeout(startMeter);
      const cpu = meter ? meter() : conf.workerPids.map(() => NaN);
      const nodeUse = process.cpuUsage(node0);
      const kernelUdpDrops = udpDrops() - drops0;
      await unwatch?.();
      const workerCpu = cpu.slice(0, conf.workerPids.length);
      const loadgenCpu = cpu[conf.workerPids.length] ?? NaN;
      const besideCpu = cpu.slice(conf.workerPids.length + 1).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
      const rssNow = conf.workerPids.map(rssKiB);
      const ppsOut = r.received / r.seconds;
      const totalCpu = workerCpu.reduce((a, b) => a + b, 0);
      const usPerPacketOut = (totalCpu * 1e6) / Math.max(1, ppsOut);
      return {
        kind,
        points: spec.points,
        workers: spec.workers,
        suite: spec.suite,
        consumers: conf.consumers,
        flowingConsumers: conf.flowingConsumers,
        receiversPerWorker: conf.receiversPerWorker,
        ppsIn: r.sentPackets / r.seconds,
        ppsOut,
        lossPercent: r.expected > 0 ? (100 * r.lost) / r.expected : 0,
        kernelUdpDrops,
        delayP50Ms: r.delay.p50Us / 1000,
        delayP99Ms: r.delay.p99Us / 1000,
        delayMaxMs: r.delay.maxUs / 1000,
        delaySamples: r.delay.n,
        authFailures: r.authFail,
        besideCpu,
        besideProcesses: besidePids.length,
        workerCpu,
        usPerPacketOut,
        ceilingPerWorker: usPerPacketOut > 0 ? 1e6 / usPerPacketOut : NaN,
        nodeCpu: (nodeUse.user + nodeUse.system) / 1e6 / (r.seconds || 1),
        loadgenCpu,
        loadgenLateMaxMs: r.lateMaxUs / 1000,
        memoryPerConsumerKiB: (rssNow.reduce((a, b) => a + b, 0) - conf.baseRssKiB.reduce((a, b) => a + b, 0)) / Math.max(1, conf.consumers),
        setupSeconds,
      };
    } finally {
      await extra?.stop();
      await conf.close();
    }
  } finally {
    lg.close();
  }
}
