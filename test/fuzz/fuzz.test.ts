import { describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../server/gateway/protocolDoc/httpRoutes.js';
import { COMMAND_TYPES } from '../../shared/protocol/index.js';
import { runFuzz } from './harness.js';

// Issue 14, "keep it found": the fuzzing harness in CI, bounded in time and with a fixed seed so a
// failure replays (`HOINGHI_FUZZ_SEED=20261205 HOINGHI_FUZZ_SECONDS=20 npm run fuzz`). A real
// server process with its SQLite file and mediasoup worker, real socket.io clients and HTTP.

const SEED = 20261205;
const SECONDS = 20;

describe('fuzzing harness (fixed seed, bounded time)', () => {
  it('finds nothing: the server stays up, every message gets one well-formed ack, refusals change nothing, memory stays bounded, no 5xx or leak', { timeout: 120_000 }, async () => {
    const report = await runFuzz({ seed: SEED, seconds: SECONDS });
    const lines = report.findings.map((f) => `${f.kind} ×${f.count} (step ${f.firstStep}): ${f.example}`);
    expect(lines, `findings with seed ${SEED}`).toEqual([]);
    // it did fuzz: every command type of the protocol was sent, most routes and the importer reached
    expect([...report.socket.typesSent].sort()).toEqual([...COMMAND_TYPES].sort());
    expect(report.socket.typesAccepted.size).toBeGreaterThan(15);
    expect(report.socket.handshakes).toBeGreaterThan(0);
    expect(report.http.routes.size).toBeGreaterThan(HTTP_ROUTES.length / 2);
    expect(report.imports.uploads).toBeGreaterThan(5);
    expect(report.rate.all).toBeGreaterThan(10);
  });
});
