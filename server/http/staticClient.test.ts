import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticClient } from './staticClient.js';

describe('static client: caching', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hoinghi-static-'));
  let base = '';
  let close = () => {};
  beforeAll(async () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Hội nghị</title>');
    writeFileSync(path.join(dir, 'assets', 'main-AbC123.js'), 'export {};');
    writeFileSync(path.join(dir, 'media-check.html'), '<!doctype html>');
    const app = express().use(staticClient(dir));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hashed assets are immutable for a year', async () => {
    const res = await fetch(`${base}/assets/main-AbC123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('the page itself is revalidated, so a new build is picked up at once', async () => {
    const res = await fetch(`${base}/join`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('Hội nghị');
  });

  it('other files keep the short cache', async () => {
    const res = await fetch(`${base}/media-check.html`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
  });
});
