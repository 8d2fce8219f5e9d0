import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { rmSync } from 'node:fs';
import { freePort } from './freePort.js';

// A long-running service a test owns (postgres, redis-server): started in the foreground so the
// test holds its pid, ready when a line of its log says so, stopped by signal, and killed
// whatever happens when the test process exits, so no daemon outlives the test run.

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** everything it logged so far (the tail, for error messages) */
  log(): string;
  /** sends `signal` and resolves once it has exited */
  stop(signal: NodeJS.Signals): Promise<void>;
}

export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
  constructor(
    readonly command: string,
    readonly log: string,
    readonly portTaken: boolean,
  ) {
    super(`${command} did not start${portTaken ? ' (port taken)' : ''}:\n${log.slice(-4000)}`);
  }
}

const LOG_TAIL = 64 * 1024;

/**
 * Starts `command` and resolves once its output matches `ready`. Rejects if it exits first or
 * stays silent past `timeoutMs`; `portTaken` says whether its log blamed the port, so the caller
 * can retry on another one.
 */
export function startService(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { ready: RegExp; portTaken: RegExp; timeoutMs?: number },
): Promise<ServiceProcess> {
  const { ready, portTaken, timeoutMs = 30_000, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let log = '';
    let settled = false;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    void exited.then(() => running.delete(child));
    const service: ServiceProcess = {
      child,
      log: () => log,
      stop: async (signal) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-LOG_TAIL);
      if (!settled && ready.test(log)) {
        settled = true;
        clearTimeout(timer);
        resolve(service);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => fail(error));
    child.once('exit', (code, signal) => fail(new ServiceStartError(`${command} (exit ${code ?? signal})`, log, portTaken.test(log))));
    const timer = setTimeout(() => fail(new ServiceStartError(`${command} (no ready line in ${timeoutMs} ms)`, log, false)), timeoutMs);
  });
}

/** A service of the test's own on a free loopback port, which a test may stop and start again. */
export interface RestartableService {
  /** the temp dir holding its data and config */
  readonly dir: string;
  readonly port: number;
  readonly running: boolean;
  /** stops it with its clean-shutdown signal; start() brings it back on the same port and data */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stops it and removes its directory */
  dispose(): Promise<void>;
}

/**
 * Launches a service on a free port, retrying on another port when the chosen one was taken in
 * the meantime. `dir` is removed if it never starts.
 */
export async function startRestartable(
  dir: string,
  launch: (port: number) => Promise<ServiceProcess>,
  stopSignal: NodeJS.Signals,
): Promise<RestartableService> {
  let port = 0;
  let service: ServiceProcess | null = null;
  try {
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      try {
        service = await launch(port);
        break;
      } catch (error) {
        if (!(error instanceof ServiceStartError && error.portTaken && attempt < 5)) throw error;
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const restartable: RestartableService = {
    dir,
    port,
    get running() {
      return service !== null;
    },
    stop: async () => {
      const s = service;
      service = null;
      await s?.stop(stopSignal);
    },
    start: async () => {
      if (service) return;
      service = await launch(port);
    },
    dispose: async () => {
      await restartable.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return restartable;
}
