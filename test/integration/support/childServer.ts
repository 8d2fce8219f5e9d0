import { appendFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

// The server as its own process (`node --import tsx server/main.ts`), as an operator runs it, so a
// test can SIGKILL it mid-meeting and start it again on the same data dir.

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly serverAdminToken: string;
  stdout(): string;
  stderr(): string;
  /** SIGKILL to the whole process group (the node process and its mediasoup worker) */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnServer(dataDir: string, env: Record<string, string> = {}, entry = 'server/main.ts'): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOINGHI_DATA_DIR: dataDir,
      HOINGHI_PORT: '0',
      HOINGHI_HOST: '127.0.0.1',
      HOINGHI_LOG_LEVEL: 'info',
      HOINGHI_SEED_DEMO: 'false',
      RTC_WORKERS: '1',
      // The worker picks a free port: a port derived from the pid collided when several test files
      // spawned servers at once, and a SIGKILLed server's worker may hold its port a moment longer.
      RTC_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  // CHILD_LOG_DIR: each child's output also goes to <dir>/<pid>.log, to read a bench's nodes while it runs.
  const logDir = process.env.CHILD_LOG_DIR;
  const keep = (d: Buffer) => logDir && appendFileSync(`${logDir}/${child.pid}.log`, d);
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    keep(d);
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    keep(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const line = out.split('\n').find((l) => l.includes('"hoinghi listening"'));
    const admin = /\/join#t=(v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(out);
    // A test entry (e.g. a server with synthetic points) says it is ready with its own line.
    const ready = out.split('\n').find((l) => l.startsWith('{"ready":true'));
    const found = ready ? (JSON.parse(ready) as { url: string; serverAdminToken: string }) : line && admin ? { url: (JSON.parse(line) as { url: string }).url, serverAdminToken: admin[1]! } : null;
    if (found) {
      return {
        child,
        url: found.url,
        serverAdminToken: found.serverAdminToken,
        stdout: () => out,
        stderr: () => err,
        kill9: () => signal('SIGKILL'),
        stop: () => signal('SIGTERM'),
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await signal('SIGKILL');
  throw new Error(`the server did not come up.\nstdout:\n${out}\nstderr:\n${err}`);
}
