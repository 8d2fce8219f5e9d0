import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '../../../server/app.js';
import { loadConfig } from '../../../server/config/config.js';
import { createLogger } from '../../../server/log/logger.js';
import type { Role } from '../../../shared/protocol/common.js';
import { syntheticPoint, type SyntheticPoint } from '../../media/synthetic-point.js';

// A cluster node (server/main.ts's server) with synthetic sessions in its own SFU: plain RTP
// senders and receivers (test/media/synthetic-point.ts), each one session as a console's would be,
// so a test can count the packets a receiver on this node gets of a point on another node. A small
// HTTP control on the node's address drives them (the test's only way into another process):
//   POST /check { name, pointId }  the session's private check (what media:privateCheck does once
//                                  the gateway checked the role; null ends it)
//   POST /leave { name }           the session leaves (its socket closed)
//   GET  /packets?name&from&source packets so far of `from`'s source reaching that session, and
//                                  arriving at this node's producer it consumes (for a point of
//                                  another node: what came down the pipe, forwarded or not)
//   GET  /producer?pointId&source  this node's producer of that point and source: paused or not
// SYNTHETICS: JSON list of { name, conferenceId, pointId, role, send, receive }.
// Prints one JSON line when ready: { ready, url, serverAdminToken, control }.

type Spec = { name: string; conferenceId: string; pointId: string | null; role: Role; send: boolean; receive: boolean };

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config, createLogger(config.logLevel), { printLinks: false });
  const media = server.media!.service;
  const specs = JSON.parse(process.env['SYNTHETICS'] ?? '[]') as Spec[];
  const sessions = new Map<string, SyntheticPoint>();
  for (const s of specs) {
    const p = await syntheticPoint(media, { conferenceId: s.conferenceId, pointId: s.pointId, role: s.role, send: s.send, receive: s.receive });
    if (s.receive) await media.setView(p.sessionId, { page: 0, pageSize: 8 });
    if (s.send) await p.startSending();
    sessions.set(s.name, p);
  }

  const control = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      void (async () => {
        const input = (body ? JSON.parse(body) : Object.fromEntries(url.searchParams)) as Record<string, string | null>;
        const session = sessions.get(input['name'] ?? '');
        if (url.pathname === '/check' && session) return media.privateCheck(session.sessionId, input['pointId'] ?? null).then(() => ({}));
        if (url.pathname === '/leave' && session) {
          await session.close();
          sessions.delete(input['name']!);
          return {};
        }
        if (url.pathname === '/packets' && session) {
          const c = [...(media.inspect(session.sessionId)?.consumers.values() ?? [])].find((x) => x.appData.pointId === input['from'] && x.appData.source === input['source']);
          // A consumer's stats hold its producer's too: the inbound stream, here the pipe's end.
          const stats = ((await c?.getStats().catch(() => [])) ?? []) as { type: string; packetCount?: number }[];
          const arriving = stats.find((s) => s.type === 'inbound-rtp')?.packetCount ?? 0;
          return { consumer: c?.id ?? null, packets: c ? session.packetsOf(c.id) : 0, arriving };
        }
        if (url.pathname === '/producer') {
          const conferenceId = specs[0]?.conferenceId ?? '';
          const p = media
            .sessionsOf(conferenceId)
            .flatMap((s) => [...s.producers.values()])
            .find((x) => !x.closed && x.appData.pointId === input['pointId'] && x.appData.source === input['source']);
          return { producer: p?.id ?? null, paused: p?.paused ?? null, cascade: media.cascadeCounts(conferenceId) };
        }
        throw new Error(`unknown control request ${url.pathname}`);
      })().then(
        (reply) => res.end(JSON.stringify(reply)),
        (err: Error) => {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: err.message }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => control.listen(0, config.host, resolve));
  const controlUrl = `http://${config.host}:${(control.address() as AddressInfo).port}`;
  process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, serverAdminToken: server.serverAdminToken, control: controlUrl })}\n`);
  process.on('SIGTERM', () => {
    control.close();
    void server.close().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
