import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './support/testServer.js';

// Issue 14, finding 8 (part): the data dir holds the event log and the HMAC secret that signs
// join links. Even created world-readable by an operator, after a start only its owner may
// enter it, and its files are 0600.

describe('secrets at rest', () => {
  it('the data dir is 0700 and its files 0600 after a start', async () => {
    const dataDir = path.join(tmpdir(), `hoinghi-mode-${process.pid}-${Date.now()}`);
    mkdirSync(dataDir, { mode: 0o755 });
    const server = await startTestServer({ dataDir });
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dataDir).filter((f) => statSync(path.join(dataDir, f)).isFile());
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect([f, statSync(path.join(dataDir, f)).mode & 0o777]).toEqual([f, 0o600]);
    } finally {
      await server.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
