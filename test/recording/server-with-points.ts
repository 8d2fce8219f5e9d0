import { startServer } from '../../server/app.js';
import { loadConfig } from '../../server/config/config.js';
import { createLogger } from '../../server/log/logger.js';
import { syntheticPoint } from '../media/synthetic-point.js';

// A server process with synthetic points sending into its own SFU (a synthetic point is plain RTP
// handed to the MediaService in-process), so a test can SIGKILL the whole thing mid-recording and
// start it again on the same data dir. Prints one JSON line when ready: { url, serverAdminToken }.
// Points: POINTS=conf:point,conf:point …; each gets a look of its own.

const COLOURS = ['#d02020', '#2040d0', '#20a040', '#d0a020'];

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config, createLogger(config.logLevel), { printLinks: false, presenceGraceMs: 300 });
  const specs = (process.env['POINTS'] ?? '').split(',').filter(Boolean);
  for (const [i, spec] of specs.entries()) {
    const [conferenceId, pointId] = spec.split(':') as [string, string];
    const p = await syntheticPoint(server.media!.service, { conferenceId, pointId, receive: false, look: { colour: COLOURS[i % COLOURS.length]!, toneHz: 440 + 110 * i } });
    await p.startSending();
  }
  process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, serverAdminToken: server.serverAdminToken })}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
