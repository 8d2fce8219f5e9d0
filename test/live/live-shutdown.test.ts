import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setUpConference } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { spawnServer, type ChildServer } from '../integration/support/childServer.js';

// Found by `npm run fuzz` (seed 1206): a server started on a data dir whose conference is live
// starts its live program at once; stopped right away (SIGTERM to its process group, as systemd
// and the fuzz harness do), the filler's ffmpeg died with it and the server logged "live stream
// reconcile failed" at error level. A clean stop must not be reported as a failure.

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoinghi-live-stop-'));
let server: ChildServer | undefined;

afterAll(async () => {
  await server?.kill9();
  rmSync(dataDir, { recursive: true, force: true });
});

function errorLines(out: string): string[] {
  return out.split('\n').filter((line) => line.startsWith('{') && ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50);
}

describe('a live conference when the server stops', () => {
  it('stops without an error while its live program is starting, on the first stop and on three quick restarts', async () => {
    server = await spawnServer(dataDir);
    const tokens = await setUpConference(server);
    const chair = await MeetingClient.join(server.url, tokens.chair);
    for (const status of ['rollCall', 'inSession'] as const) expect((await chair.do({ type: 'setConferenceStatus', status })).ok).toBe(true);
    expect((await chair.do({ type: 'startLiveStream', id: 'live-stop' })).ok).toBe(true);
    chair.close();
    await server.stop();
    expect(errorLines(server.stdout())).toEqual([]);

    // Started again, the conference is still live: its program starts while the server comes up.
    for (let round = 0; round < 3; round++) {
      server = await spawnServer(dataDir);
      await server.stop();
      const out = server.stdout();
      expect(errorLines(out)).toEqual([]);
      expect(out).toContain('"stopping"');
    }
  }, 120_000);
});
