import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaPipes } from '../../server/cluster/mediaPipes.js';
import { nodeKey, sign } from '../../server/cluster/nodeSigning.js';
import { createLogger } from '../../server/log/logger.js';
import type { MediaService } from '../../server/media/media-service.js';
import type { NodeRegistry } from '../../server/store/pgNodes.js';
import { startMedia } from '../media/helpers.js';

// The internal media route between nodes refuses what a node did not sign, a signed request sent a
// second time, and a body that is not one of its requests, with a clear code, and changes nothing.
// A real SFU (one mediasoup worker) behind it; the registry lists no other node.

const key = nodeKey(randomBytes(32));
const OTHER = 'http://127.0.0.9:3000';
let media: MediaService;
let pipes: MediaPipes;
let server: ReturnType<ReturnType<typeof express>['listen']>;
let url = '';

const feeds = (n: number, checks: unknown[] = []) => ({
  op: 'feeds',
  conferenceId: 'hn-test-2021',
  from: OTHER,
  router: 'r-1',
  feeds: Array.from({ length: n }, (_, i) => ({ producerId: `p-${i}`, pointId: 'nam-can', source: i === 0 ? 'camera' : 'microphone', kind: i === 0 ? 'video' : 'audio', paused: false })),
  checks,
});

async function post(body: string, signature?: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${url}/internal/cluster/media`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-hoinghi-node-signature': signature } : {}) }, body });
  const json = (await res.json()) as { code?: string };
  return { status: res.status, ...(json.code ? { code: json.code } : {}) };
}
const remoteFeeds = () => media.cascadeCounts('hn-test-2021').remoteFeeds;
const remoteChecks = () => media.cascadeCounts('hn-test-2021').remoteChecks;

beforeAll(async () => {
  media = await startMedia();
  pipes = new MediaPipes({ key, nodes: { list: async () => [] } as unknown as NodeRegistry, logger: createLogger('silent') });
  media.setPeers(pipes);
  const app = express();
  app.use(pipes.route);
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pipes.start(media, { protocol: 'udp', ip: '127.0.0.1' }, url);
});

afterAll(async () => {
  await pipes.close();
  server.close();
  media.close();
});

describe('POST /internal/cluster/media', () => {
  it('takes a node’s signed announcement once, and refuses its replay even after a newer one', async () => {
    const first = JSON.stringify(feeds(2));
    const firstSig = sign(key, Date.now(), first);
    expect(await post(first, firstSig)).toEqual({ status: 200 });
    expect(remoteFeeds()).toBe(2);
    const second = JSON.stringify(feeds(0));
    expect(await post(second, sign(key, Date.now() + 1, second))).toEqual({ status: 200 });
    expect(remoteFeeds()).toBe(0);
    // the first, captured and sent again: it would bring the two feeds back
    expect(await post(first, firstSig)).toEqual({ status: 409, code: 'REPLAYED' });
    expect(remoteFeeds()).toBe(0);
  });

  it('refuses an unsigned request, another key’s, an old one, and changes nothing', async () => {
    const body = JSON.stringify(feeds(1));
    expect(await post(body)).toEqual({ status: 403, code: 'BAD_SIGNATURE' });
    expect(await post(body, sign(nodeKey(randomBytes(32)), Date.now(), body))).toEqual({ status: 403, code: 'BAD_SIGNATURE' });
    expect(await post(body, sign(key, Date.now() - 120_000, body))).toEqual({ status: 403, code: 'BAD_SIGNATURE' });
    // signed for another body
    expect(await post(body, sign(key, Date.now(), JSON.stringify(feeds(2))))).toEqual({ status: 403, code: 'BAD_SIGNATURE' });
    expect(remoteFeeds()).toBe(0);
  });

  it('refuses a signed body that is not JSON or not one of its requests, and a pipe it does not hold', async () => {
    const bad = (value: unknown) => {
      const body = typeof value === 'string' ? value : JSON.stringify(value);
      return post(body, sign(key, Date.now(), body));
    };
    expect(await bad('{not json')).toEqual({ status: 400, code: 'MALFORMED' });
    expect(await bad({ ...feeds(1), op: 'explode' })).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    expect(await bad({ ...feeds(1), from: 'javascript:alert(1)' })).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    expect(await bad({ ...feeds(1), feeds: [{ ...feeds(1).feeds[0], kind: 'smell' }] })).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    expect(await bad({ op: 'pipe', conferenceId: 'hn-test-2021', from: OTHER, ip: '10.0.0.300', port: 4000, srtpParameters: { cryptoSuite: 'AEAD_AES_256_GCM', keyBase64: 'a'.repeat(60) } })).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    expect(await bad({ op: 'consume', conferenceId: 'hn-test-2021', from: OTHER, pipeId: 'no-such-pipe', producerId: 'p-0' })).toEqual({ status: 404, code: 'PIPE_NOT_FOUND' });
    expect(remoteFeeds()).toBe(0);
    expect(media.cascadeCounts('hn-test-2021').pipedOut).toBe(0);
  });

  it('takes the points another node’s organisers check with its feeds, and refuses a bad list whole, with the field that is wrong', async () => {
    const send = async (value: unknown) => {
      const body = JSON.stringify(value);
      const res = await fetch(`${url}/internal/cluster/media`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hoinghi-node-signature': sign(key, Date.now(), body) }, body });
      return { status: res.status, ...((await res.json()) as { code?: string; message?: string }) };
    };
    expect(await send(feeds(1, ['u-minh']))).toMatchObject({ status: 200 });
    expect(remoteChecks()).toEqual(['u-minh']);
    // not an id, not a list, too many, missing: refused, and what was known stays
    for (const checks of [['u minh; drop'], 'u-minh', Array.from({ length: 1001 }, (_, i) => `p-${i}`)]) {
      const refused = await send(feeds(2, checks as unknown[]));
      expect(refused).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
      expect(refused.message).toMatch(/^checks/);
    }
    const { checks: _checks, ...withoutChecks } = feeds(2, ['thoi-binh']);
    expect(await send(withoutChecks)).toMatchObject({ status: 400, code: 'INVALID_REQUEST', message: expect.stringMatching(/^checks/) });
    expect(remoteChecks()).toEqual(['u-minh']);
    expect(remoteFeeds()).toBe(1);
    // the check ended: left out of the next announcement
    expect(await send(feeds(0))).toMatchObject({ status: 200 });
    expect(remoteChecks()).toEqual([]);
  });
});
