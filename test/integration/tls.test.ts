import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpConference } from './support/fixture.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// HTTPS and WSS from config.tls on the same single server: probes, HSTS-free local use, and a
// socket that joins over wss. The certificate is a self-signed test-only one for localhost.

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
const ca = readFileSync(path.join(FIXTURES, 'test-only-localhost.crt'));
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      HOINGHI_TLS_CERT: path.join(FIXTURES, 'test-only-localhost.crt'),
      HOINGHI_TLS_KEY: path.join(FIXTURES, 'test-only-localhost.key'),
      HOINGHI_PUBLIC_URL: 'https://localhost:1',
    },
  });
});
afterAll(async () => {
  await server.dispose();
});

function get(url: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

describe('TLS from config.tls', () => {
  it('serves HTTPS and socket.io over WSS on one server', async () => {
    const base = `https://localhost:${server.port}`;
    const health = await get(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(String(health.headers['strict-transport-security'])).toContain('max-age=');
    expect(String(health.headers['content-security-policy'])).toContain('wss://localhost:1');

    const setupServer = { url: base, serverAdminToken: server.serverAdminToken };
    const origFetch = globalThis.fetch;
    // The fixture's API client uses fetch; route it through https with the test CA.
    globalThis.fetch = (async (input: string | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      return new Promise<Response>((resolve, reject) => {
        const req = https.request(url, { method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, ca }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: res.headers as Record<string, string> })));
        });
        req.on('error', reject);
        if (init?.body) req.write(init.body as string | Uint8Array);
        req.end();
      });
    }) as typeof fetch;
    try {
      const tokens = await setUpConference(setupServer);
      const socket = io(base, { auth: { token: tokens.chair }, transports: ['websocket'], ca, forceNew: true, reconnection: false } as never);
      const welcome = await new Promise<{ principal: { role: string } }>((resolve, reject) => {
        socket.on('welcome', resolve);
        socket.on('connect_error', reject);
      });
      expect(welcome.principal.role).toBe('chair');
      socket.close();
    } finally {
      globalThis.fetch = origFetch;
    }
  });
});
