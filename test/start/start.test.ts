import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a newcomer runs it: the built server on a fresh data dir comes up, answers
 * /healthz, has seeded the Cà Mau demo conference and printed its join links; a second start on
 * the same data dir finds the conference and does not seed it again.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoinghi-start-'));

type Started = { child: ChildProcess; url: string; stdout: () => string };

async function npmStart(): Promise<Started> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOINGHI_DATA_DIR: dataDir,
      HOINGHI_PORT: '0',
      HOINGHI_HOST: '127.0.0.1',
      HOINGHI_LOG_LEVEL: 'info',
      RTC_WORKERS: '1',
      RTC_PORT: String(51_000 + (process.pid % 500) * 2),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    // pino's "hoinghi listening" line carries the real port chosen for port 0.
    const line = out.split('\n').find((l) => l.includes('"hoinghi listening"'));
    if (line) return { child, url: (JSON.parse(line) as { url: string }).url, stdout: () => out };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  stop(child);
  throw new Error(`npm start did not come up.\nstdout:\n${out}\nstderr:\n${err}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    process.kill(-child.pid, 'SIGTERM');
  });
}

/** Alive and not a zombie waiting to be reaped (a zombie holds no port and no worker). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The parent pid of a process, from /proc. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function json(url: string): Promise<unknown> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.json();
}

describe('npm start (built server, fresh data dir)', () => {
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, 'dist/server/main.js')) || !existsSync(path.join(ROOT, 'dist/client/index.html'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('comes up, answers /healthz, seeds the Cà Mau demo once and prints its join links', async () => {
    const first = await npmStart();
    let demoId: string;
    try {
      expect(await json(`${first.url}/healthz`)).toMatchObject({ status: 'ok' });
      expect(await json(`${first.url}/readyz`)).toMatchObject({ status: 'ready', checks: { store: true, media: true } });
      const out = first.stdout();
      expect(out).toContain('Hội nghị trực tuyến kiểm điểm công tác chỉ đạo, điều hành phát triển kinh tế - xã hội năm 2020');
      for (const point of ['Thới Bình', 'U Minh', 'Trần Văn Thời', 'Cái Nước', 'Đầm Dơi', 'Năm Căn', 'Phú Tân', 'Ngọc Hiển']) {
        expect(out).toContain(point);
      }
      const links = out.match(/https?:\/\/\S+\/join#t=\S+/g) ?? [];
      // admin, chair, clerk, observer, the central point and nine district/city points at least
      expect(links.length).toBeGreaterThanOrEqual(14);
      const seeded = out.split('\n').filter((l) => l.includes('"demo conference seeded"'));
      expect(seeded).toHaveLength(1);
      demoId = (JSON.parse(seeded[0]!) as { conferenceId: string }).conferenceId;
      expect(demoId).toBeTruthy();
    } finally {
      await stop(first.child);
    }

    const second = await npmStart();
    try {
      expect(await json(`${second.url}/healthz`)).toMatchObject({ status: 'ok' });
      expect(second.stdout()).not.toContain('"demo conference seeded"');
      expect(second.stdout()).toContain('Hội nghị trực tuyến kiểm điểm');
    } finally {
      await stop(second.child);
    }
  });

  it('a SIGTERM to the npm process alone stops the server and its mediasoup workers (issue 12)', async () => {
    const started = await npmStart();
    const workerLine = started.stdout().split('\n').find((l) => l.includes('"mediasoup worker started"'));
    expect(workerLine).toBeTruthy();
    const workerPid = (JSON.parse(workerLine!) as { pid: number }).pid;
    const serverPid = parentOf(workerPid);
    const npmPid = started.child.pid!;
    try {
      expect(running(workerPid)).toBe(true);
      expect(running(serverPid)).toBe(true);
      // What a service manager or a terminal does: signal the process it started, not its group.
      process.kill(npmPid, 'SIGTERM');
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (running(serverPid) || running(workerPid) || running(npmPid))) await new Promise((r) => setTimeout(r, 100));
      expect({ server: running(serverPid), worker: running(workerPid), npm: running(npmPid) }).toEqual({ server: false, worker: false, npm: false });
    } finally {
      for (const pid of [serverPid, workerPid]) if (running(pid)) process.kill(pid, 'SIGKILL');
      await stop(started.child);
    }
  }, 120_000);
});
